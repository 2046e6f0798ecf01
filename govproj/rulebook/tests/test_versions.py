from datetime import date
from decimal import Decimal

import pytest

from govproj.orgs.services import DATA_FILE
from govproj.rulebook.versions import NoVersionInForce, all_versions, version_on


def test_version_switches_on_the_issue_date_of_the_2024_measures():
    assert version_on(date(2024, 12, 5)).document == "钦政办规〔2023〕6号"
    assert version_on(date(2024, 12, 6)).document == "钦政办规〔2024〕1号"
    assert version_on(date(2023, 6, 16)).document == "钦政办规〔2023〕6号"
    with pytest.raises(NoVersionInForce, match="早于平台收录的最早版本"):
        version_on(date(2023, 6, 15))


def test_parameters_differ_where_the_articles_differ():
    old, new = version_on(date(2024, 1, 1)), version_on(date(2025, 1, 1))
    assert (old.lead_department, new.lead_department) == ("fgw", "dsj")
    assert "zjj" in old.evaluation_departments and "wxb" not in old.evaluation_departments
    assert "wxb" in new.evaluation_departments and "zjj" not in new.evaluation_departments
    assert old.approval_required_materials == ("resource_catalog",)
    assert set(new.approval_required_materials) == {"resource_catalog", "crypto_plan", "xinchuang_plan"}
    assert new.no_preliminary_design_max_investment == old.no_preliminary_design_max_investment == Decimal("4000000")
    assert new.annual_deadline_for(2026) == date(2025, 9, 30)
    assert new.cite("acceptance").label == "钦政办规〔2024〕1号第二十二条"


def test_every_department_code_exists_in_the_organisation_register():
    import json

    codes = {e["code"] for e in json.loads(DATA_FILE.read_text(encoding="utf-8"))}
    for v in all_versions():
        named = {v.lead_department, *v.evaluation_departments, *v.special_opinion_departments,
                 v.finance_department, v.secrecy_department, *v.security_determiners}
        named |= {v.lead_self_substitute} if v.lead_self_substitute else set()
        assert named <= codes, v.document


@pytest.mark.django_db
def test_every_cited_article_exists_in_the_bundled_text():
    from govproj.rulebook.models import Article
    from govproj.rulebook.services import gazettes_import_bundled

    gazettes_import_bundled()
    for v in all_versions():
        for number in v.articles.values():
            assert Article.objects.filter(document__number=v.document, number=number).exists()
