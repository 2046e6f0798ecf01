"""What a permitted person's lists, exports and the admin site hold within the scope of their roles.

Who may open which URL (anonymous, refused, outside the scope, permitted) is the matrix of
``govproj/tests/test_permission_matrix.py``.
"""

import io

import openpyxl
import pytest
from django.urls import reverse

from govproj.audit.models import Action, AuditRecord
from govproj.common.roles import Role


@pytest.mark.django_db
def test_unit_head_sees_only_own_unit_people(client, make_user):
    head = make_user("jyj_head", Role.UNIT_HEAD, "jyj")
    make_user("jyj_staff", Role.UNIT_STAFF, "jyj")
    make_user("gaj_staff", Role.UNIT_STAFF, "gaj")
    client.force_login(head)
    body = client.get(reverse("accounts:people")).content.decode()
    assert "jyj_staff" in body and "gaj_staff" not in body
    api = client.get("/api/people/").json()
    assert sorted(p["username"] for p in api["results"]) == ["jyj_head", "jyj_staff"]


@pytest.mark.django_db
def test_own_unit_scope_includes_subordinate_units(client, make_user):
    head = make_user("fgw_head", Role.UNIT_HEAD, "fgw")
    make_user("dsj_staff", Role.UNIT_STAFF, "dsj")  # 市大数据发展局 is under 市发展改革委 in the register
    client.force_login(head)
    assert "dsj_staff" in client.get(reverse("accounts:people")).content.decode()


@pytest.mark.django_db
def test_unit_head_audit_list_is_limited_to_own_unit(client, make_user):
    head = make_user("jyj_head", Role.UNIT_HEAD, "jyj")
    other = make_user("gaj_staff", Role.UNIT_STAFF, "gaj")
    client.force_login(other)
    client.get("/")
    client.force_login(head)
    body = client.get(reverse("audit:list") + "?action=login").content.decode()
    assert "jyj_head" in body and "gaj_staff" not in body
    seqs = {r["actor_name"] for r in client.get("/api/audit/?action=login").json()["results"]}
    assert seqs == {"jyj_head"}


@pytest.mark.django_db
def test_export_contains_exactly_the_filtered_rows_and_is_audited(client, make_user):
    auditor = make_user("sjj_oversight", Role.OVERSIGHT, "sjj")
    for i in range(30):
        make_user(f"jyj_{i:02d}", Role.UNIT_STAFF, "jyj")
    make_user("gaj_staff", Role.UNIT_STAFF, "gaj")
    client.force_login(auditor)
    jyj = auditor.organisation.__class__.objects.get(code="jyj")
    response = client.get(reverse("accounts:people"), {"organisation": jyj.pk, "_export": "xlsx", "page": 2})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("账号", "姓名", "所在单位")
    assert sorted(r[0] for r in rows[1:]) == [f"jyj_{i:02d}" for i in range(30)]
    export = AuditRecord.objects.get(action=Action.EXPORT)
    assert export.actor == auditor and export.after["rows"] == 30
    assert export.after["filters"] == {"organisation": str(jyj.pk)}


@pytest.mark.django_db
def test_admin_site_only_for_sysadmin(client, make_user):
    client.force_login(make_user("jyj_head", Role.UNIT_HEAD, "jyj"))
    assert client.get("/admin/").status_code == 302
    client.force_login(make_user("root", Role.SYSADMIN, "dsj"))
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200


@pytest.mark.django_db
def test_admin_changes_are_audited(client, make_user, orgs):
    client.force_login(make_user("root", Role.SYSADMIN, "dsj"))
    org = orgs["jyj"]
    url = reverse("admin:orgs_organisation_change", args=[org.pk])
    data = {"code": org.code, "name": org.name, "short_name": "教育局", "kind": org.kind, "parent": "",
            "is_active": "on", "source": org.source}
    assert client.post(url, data).status_code == 302
    rec = AuditRecord.objects.filter(object_type="orgs.organisation", object_id=str(org.pk)).latest("seq")
    assert rec.action == Action.UPDATE and rec.before == {"short_name": "市教育局"} and rec.actor.username == "root"


@pytest.mark.django_db
def test_navigation_shows_only_permitted_entries(client, make_user):
    client.force_login(make_user("jyj_staff", Role.UNIT_STAFF, "jyj"))
    body = client.get("/").content.decode()
    assert "我的待办" in body and "暂无待办事项" in body
    assert reverse("audit:list") not in body and "/admin/" not in body


@pytest.mark.django_db
def test_audit_export_has_before_and_after_as_json_text(client, make_user, orgs):
    auditor = make_user("sjj_oversight", Role.OVERSIGHT, "sjj")
    client.force_login(auditor)
    response = client.get(reverse("audit:list"), {"action": "grant", "_export": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    after_col = rows[0].index("变更后")
    assert len(rows) == 2 and '"role": "oversight"' in rows[1][after_col]


@pytest.mark.django_db
def test_unscoped_register_is_listed_in_full_for_own_unit_roles(client, make_user, orgs):
    client.force_login(make_user("jyj_staff", Role.UNIT_STAFF, "jyj"))
    response = client.get(reverse("orgs:list"), {"kind": "county"})
    assert response.context["table"].paginator.count == 4
    assert len(client.get("/api/organisations/?kind=county").json()["results"]) == 4
