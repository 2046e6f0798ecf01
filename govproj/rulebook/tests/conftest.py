"""The rulebook tests' shared pieces: the bundled gazettes, a logged-in unit, declarations passing every rule."""

from datetime import date
from decimal import Decimal

import pytest

from govproj.common.roles import Role
from govproj.rulebook.services import gazettes_import_bundled

V2023, V2024 = "钦政办规〔2023〕6号", "钦政办规〔2024〕1号"


@pytest.fixture
def library(db):
    gazettes_import_bundled()


@pytest.fixture
def staff(client, make_user, library):
    client.force_login(make_user("jyj_staff", Role.UNIT_STAFF, "jyj"))
    return client


OLD_DAY, NEW_DAY = date(2024, 12, 5), date(2024, 12, 6)


def complete(**kw):
    """A declaration that passes every block rule of both versions."""
    base = {"name": "测试项目", "unit": "市教育局", "declaration_type": "annual", "declared_on": date(2025, 3, 1),
            "total_investment": Decimal("5000000"), "region_opinion_recorded": True, "has_resource_catalog": True,
            "has_crypto_plan": True, "has_xinchuang_plan": True, "produces_data": True, "supports_sharing": True}
    base.update(kw)
    return base


def ids(result, severity=None):
    return sorted({f["rule"] for f in result["findings"] if severity in (None, f["severity"])})


DOCUMENT = {OLD_DAY: V2023, NEW_DAY: V2024}


def funding(day=NEW_DAY, **kw):
    """A declared project (passing every declaration rule) whose funding step is judged on ``day``."""
    return complete(declared_on=date(2024, 3, 1), decided_on=day, **kw)


def keys(result, severity=None):
    return sorted({f["key"] for f in result["findings"] if severity in (None, f["severity"])})


def finding(result, key):
    [found] = [f for f in result["findings"] if f["key"] == key]
    return found
