"""Data migrations of the projects app, run forwards and backwards on the real test database."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE, SPLIT = [("projects", "0002_project_updated_at_index")], [("projects", "0003_unified_flags")]


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_unified_flags_split_the_old_flag_by_the_declaration_date():
    """Under 2023 the old flag only did what Art. 9 says (L10, no own documents); from 2024-12-06, or not yet
    declared, it meant Art. 6 ¶2 and stays."""
    apps = migrate(BEFORE)
    Organisation, Project = apps.get_model("orgs", "Organisation"), apps.get_model("projects", "Project")
    unit = Organisation.objects.create(code="jyj", name="钦州市教育局", short_name="市教育局", kind="department")

    def project(name, declared_on, flag=True):
        return Project.objects.create(name=name, unit=unit, category="egov", declaration_type="annual",
                                      plan_year=2025, total_investment=Decimal("1000000"), declared_on=declared_on,
                                      region_unified=flag).pk

    old = project("2023年申报的统一项目分担部分", date(2024, 12, 5))
    new = project("2024年申报的自治区统一建设项目", date(2024, 12, 6))
    draft = project("未申报的草稿", None)
    plain = project("普通项目", date(2024, 3, 1), flag=False)

    Project = migrate(SPLIT).get_model("projects", "Project")
    flags = {p.pk: (p.region_unified, p.unified_documents_cover_city) for p in Project.objects.all()}
    assert flags == {old: (False, True), new: (True, False), draft: (True, False), plain: (False, False)}

    Project = migrate(BEFORE).get_model("projects", "Project")
    assert set(Project.objects.filter(region_unified=True).values_list("pk", flat=True)) == {old, new, draft}
    migrate(SPLIT)
