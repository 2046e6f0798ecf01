"""The sharing tests' people and catalogues, built by the services; a grant; the catalogue import through the pages;
a sharing migration run again on demand. Fixtures registered by ``govproj/conftest.py``."""

import io
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from openpyxl import Workbook

from govproj.common.roles import Role
from govproj.projects.states import State
from govproj.sharing import services
from govproj.sharing.models import CloudStatus, ShareType
from govproj.testing.projects import D24, walk

POPULATION_BASIS = "《中华人民共和国个人信息保护法》第三十四条"


@pytest.fixture
def people(cast, make_user):
    """The lifecycle cast plus the police bureau's head and a second police officer (another department)."""
    return {**cast, "gaj_head": make_user("gaj_head", Role.UNIT_HEAD, "gaj"),
            "gaj_officer": make_user("gaj_officer", Role.UNIT_STAFF, "gaj"),
            "bank": make_user("bank_clerk", Role.AGENT_BANK, "czj")}


@pytest.fixture
def county_leads(make_user):
    """The data leads of two county governments (县区政务数据牵头, scoped to the county's own tree)."""
    return {code: make_user(f"{code}_data", Role.COUNTY_DATA, code) for code in ("qinnan", "lingshan")}


def resource(by, project, name="学生学籍信息", share_type=ShareType.CONDITIONAL, items=(("学籍号", "string", False),),
             **fields):
    """A resource with items, entered through the services like the catalogue page does."""
    data = {"name": name, "summary": f"{name}（测试）", "source_unit": project.unit, "update_cycle": "daily",
            "share_type": share_type, "open_type": "closed", "data_format": "api",
            "share_conditions": "仅限法定职责使用" if share_type == ShareType.CONDITIONAL else "",
            "legal_basis": POPULATION_BASIS if share_type != ShareType.UNCONDITIONAL else "", **fields}
    res = services.resource_save(by=by, project=project, data=data)
    for item_name, data_type, classified in items:
        services.item_save(by=by, resource=res, data={"name": item_name, "data_type": data_type,
                                                      "description": "", "classified": classified})
    return res


@contextmanager
def before_migration(data_function: str):
    """Migrate back to just before the sharing migration running ``data_function`` and give its historical apps;
    migrate forward again on exit. Found by the function, so the test survives renumbering."""
    executor = MigrationExecutor(connection)
    [target] = [key for key, migration in executor.loader.disk_migrations.items() if key[0] == "sharing"
                and any(getattr(getattr(op, "code", None), "__name__", "") == data_function
                        for op in migration.operations)]
    before = [parent.key for parent in executor.loader.graph.node_map[target].parents if parent.key[0] == "sharing"]
    executor.migrate(before)
    try:
        yield executor.loader.project_state(before).apps
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def register_system(people, project):
    """The project's system in the register: migrated to the cloud, level-3 graded and tested in 2024."""
    return services.system_save(by=people["staff"], owner=project.unit, data={
        "name": "智慧教育云平台", "project": project, "cloud_status": CloudStatus.MIGRATED, "dengbao_level": 3,
        "dengbao_tested_on": date(2024, 5, 1), "mipin_tested_on": date(2024, 6, 1)})


@pytest.fixture
def world(people, declare):
    """The education bureau's project with a conditional register, a not-shared archive and a city catalogue."""
    project = walk(declare(centrally_funded=True, plan_year=2025), people, State.DECLARED, D24)
    register = resource(people["staff"], project, name="人口基础信息",
                        items=(("公民身份号码", "string", False), ("户籍地址", "string", False)))
    archive = resource(people["staff"], project, name="教师档案", share_type=ShareType.NONE)
    request = services.access_request(by=people["gaj_officer"], resource=register, undertaking=True,
                                      purpose="核查", scope="内部")
    system = services.system_save(by=people["staff"], owner=project.unit, data={"name": "教育云", "project": project})
    draft = services.catalogue_compile(by=people["lead"], year=2025)
    return {"project": project, "register": register, "archive": archive, "request": request, "system": system,
            "draft": draft}


def xlsx(rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def preview_import(client, project, data, filename="目录.xlsx"):
    return client.post(reverse("sharing:import", args=[project.pk]),
                       {"_op": "preview", "file": SimpleUploadedFile(filename, data)})


def confirm_import(client, project, preview):
    return client.post(reverse("sharing:import", args=[project.pk]), {"_op": "confirm", **{
        name: preview.context["confirm"][name].value() for name in ("token", "filename")}})


def grant(people, request, items, named=(), on=None):
    return services.access_grant(by=people["head"], request=request, items=items, scope="户政窗口核验", purpose="核查",
                                 valid_until=(on or date.today()) + timedelta(days=90), named_people=named, on=on,
                                 undertaking=True)
