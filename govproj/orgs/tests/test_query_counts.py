"""The organisation register's list and export run as many queries with 30 more units as without (house rule:
no N+1, ≥ 30 rows): each row's parent and head count come with the list, not one query per unit."""

import pytest
from django.urls import reverse

from govproj.common.roles import Role
from govproj.orgs.models import Organisation
from govproj.testing.queries import ROWS, clones, exported, flat, listed

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("params", [{}, {"_export": "xlsx"}])
def test_register_list_and_export_stay_flat(client, make_user, params):
    client.force_login(make_user("jyj_staff", Role.UNIT_STAFF, "jyj"))
    child = Organisation.objects.filter(parent__isnull=False).first()
    before = Organisation.objects.count()

    def grow():
        clones(child, ROWS, code=lambda i: f"{child.code}-{i:02d}", name=lambda i: f"{child.name}（{i:02d}）")

    response = flat(client, reverse("orgs:list"), grow, params)
    assert (exported(response) if params else listed(response)) == before + ROWS
