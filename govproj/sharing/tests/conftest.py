"""Fixtures: real projects moved through the lifecycle services, real people, catalogues built by the services."""

from contextlib import contextmanager
from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from govproj.common.roles import Role
from govproj.funds.tests.conftest import constructing, in_service  # noqa: F401 - shared fixtures
from govproj.projects.tests.conftest import cast, media  # noqa: F401 - shared fixtures
from govproj.projects.tests.test_guards import declare, orgs  # noqa: F401 - shared fixtures
from govproj.sharing import services
from govproj.sharing.models import ShareType

D24 = date(2025, 3, 3)  # a Monday under the 2024 rules
D23 = date(2024, 3, 1)  # a Friday under the 2023 rules
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
