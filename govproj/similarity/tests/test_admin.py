"""The region register is kept only through its pages (MANAGE_REGION_REGISTER, audited), never in the Django admin."""

import pytest
from django.contrib import admin

from govproj.common.roles import Role
from govproj.similarity.models import RegionProject

pytestmark = pytest.mark.django_db


def test_the_admin_site_cannot_change_the_region_register(client, make_user, region):
    item = region()
    client.force_login(make_user("root", Role.SYSADMIN, "dsj"))
    assert RegionProject not in admin.site._registry
    assert "similarity" not in client.get("/admin/").content.decode()
    for url in ("/admin/similarity/regionproject/", "/admin/similarity/regionproject/add/",
                f"/admin/similarity/regionproject/{item.pk}/change/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/admin/similarity/regionproject/{item.pk}/change/", {"name": "改名"}).status_code == 404
    item.refresh_from_db()
    assert item.name != "改名"
