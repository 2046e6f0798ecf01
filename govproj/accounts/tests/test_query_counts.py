"""The people list and the audit log, and their exports, run as many queries with 30 rows as with a few (house
rule: no N+1, ≥ 30 rows). People are made, and records written, by the real services."""

import pytest
from django.urls import reverse

from govproj.audit import services as audit
from govproj.common.roles import Role
from govproj.testing.queries import ROWS, exported, flat, listed

pytestmark = pytest.mark.django_db


@pytest.fixture
def oversight(make_user):
    """The audit office's oversight, who may read and export both lists."""
    return make_user("sjj_oversight", Role.OVERSIGHT, "sjj")


@pytest.mark.parametrize("params", [{}, {"_export": "xlsx"}])
def test_people_list_and_export_stay_flat(client, oversight, make_user, params):
    def grow():
        for i in range(ROWS - 1):
            make_user(f"p{i:02d}", Role.UNIT_STAFF if i % 2 else Role.UNIT_HEAD, "jyj" if i % 2 else "gaj")

    client.force_login(oversight)
    response = flat(client, reverse("accounts:people"), grow, params)
    assert (exported(response) if params else listed(response)) == ROWS


@pytest.mark.parametrize("params", [{}, {"_export": "xlsx"}])
def test_audit_log_and_export_stay_flat(client, oversight, orgs, params):
    def write(n):
        for i in range(n):
            audit.record(actor=oversight, action=audit.Action.UPDATE, obj=orgs["jyj"], before={"n": i},
                         after={"n": i + 1})

    write(1)  # a row with its actor's unit, so a query per row would show
    client.force_login(oversight)
    params = {**params, "action": audit.Action.UPDATE, "actor_name": oversight.username}
    response = flat(client, reverse("audit:list"), lambda: write(ROWS - 1), params)
    assert (exported(response) if "_export" in params else listed(response)) == ROWS
