"""Pages over real HTTP: scope (403/404), the Excel template round trip, exports and Chinese search."""

import io
import json
from datetime import date, timedelta

from django.urls import reverse
from openpyxl import load_workbook

from govproj.audit.models import AuditRecord
from govproj.sharing import services
from govproj.sharing.models import Resource
from govproj.testing.sharing import (
    confirm_import,
    grant,
    preview_import,
    xlsx,
)

ON = date(2025, 3, 3)


def pages(w):
    return {
        "resources": reverse("sharing:resources"),
        "project": reverse("sharing:project", args=[w["project"].pk]),
        "project_export": reverse("sharing:project_export", args=[w["project"].pk]),
        "archive": reverse("sharing:resource", args=[w["archive"].pk]),
        "request": reverse("sharing:request", args=[w["request"].pk]),
        "system": reverse("sharing:system", args=[w["system"].pk]),
        "draft": reverse("sharing:catalogue", args=[w["draft"].pk]),
    }


def test_anonymous_goes_to_login_and_a_user_without_the_permission_gets_403(client, login, people, world):
    for url in pages(world).values():
        assert client.get(url).status_code == 302
    bank = login(people["bank"])
    for url in pages(world).values():
        assert bank.get(url).status_code == 403, url


def test_out_of_scope_is_404(login, people, world):
    """Another department: not the owner's project, archive, request of someone else, system, or a draft."""
    p = pages(world)
    c = login(people["wxb"])  # a member department: neither owner nor requester
    for name in ("archive", "request", "system", "draft"):
        assert c.get(p[name]).status_code == 404, name
    police = login(people["gaj_officer"])
    for name in ("project", "project_export", "archive", "system", "draft"):
        assert police.get(p[name]).status_code == 404, name
    assert police.get(p["request"]).status_code == 200  # its own request


def test_classified_item_names_leave_neither_by_export_nor_by_search(login, people, world):
    services.item_save(by=people["staff"], resource=world["register"],
                       data={"name": "重点人员标识", "data_type": "string", "description": "", "classified": True})
    export = reverse("sharing:project_export", args=[world["project"].pk])
    assert login(people["finance"]).get(export).status_code == 403  # sees the catalogue, not the editing file
    assert login(people["staff"]).get(export).status_code == 200
    found = login(people["gaj_officer"]).get(reverse("sharing:resources"), {"q": "重点人员标识"}).content.decode()
    assert "人口基础信息" not in found


def test_restricted_resource_shows_no_items_without_a_grant(login, people, world):
    url = reverse("sharing:resource", args=[world["register"].pk])
    police = login(people["gaj_officer"])
    page = police.get(url).content.decode()
    assert "公民身份号码" not in page and "items-restricted" in page
    services.access_grant(undertaking=True, by=people["head"], request=world["request"], items=[world["register"].items.first()],
                          scope="内部", purpose="核查", valid_until=date.today() + timedelta(days=10))
    page = police.get(url).content.decode()
    assert "公民身份号码" in page and "户籍地址" not in page
    assert "公民身份号码" in police.get(reverse("sharing:grants")).content.decode()


def test_chinese_search_across_catalogues(login, people, world):
    """jieba splits the query; item names match only where the searcher could read them on the resource page."""
    def found(user, q):
        return "人口基础信息" in login(user).get(reverse("sharing:resources"), {"q": q}).content.decode()

    assert found(people["gaj_officer"], "人口基础")
    assert found(people["staff"], "人口户籍")  # the owner reads its items
    assert not found(people["gaj_officer"], "人口户籍")  # a conditional resource's items, and no grant yet
    register = world["register"]
    grant(people, world["request"], register.items.filter(name="户籍地址"))
    assert found(people["gaj_officer"], "人口户籍")
    assert not found(people["gaj_officer"], "人口身份号码")  # an item outside the grant
    assert "教师档案" not in login(people["gaj_officer"]).get(reverse("sharing:resources"), {"q": "档案"}).content.decode()


def post_import(client, project, data):
    """Upload → preview → confirm, as a person does; the preview itself when it refuses the file."""
    preview = preview_import(client, project, data)
    return confirm_import(client, project, preview) if preview.status_code == 200 else preview


def test_template_round_trip_and_all_or_nothing_import(login, people, world):
    c = login(people["staff"])
    template = load_workbook(io.BytesIO(c.get(reverse("sharing:template")).content))
    headers = [cell.value for cell in template.active[1]]
    good = [headers,
            ["法人单位信息", "", "市教育局", "每月", "无条件共享", "", "", "无条件开放", "数据库", "统一社会信用代码", "字符型", "", "否"],
            ["法人单位信息", "", "", "", "", "", "", "", "", "单位名称", "字符型", "", "否"]]
    bad = good + [["电子证照", "", "不存在的局", "每年", "随便共享", "", "", "不予开放", "电子文件", "证照编号", "字符型", "", "否"]]
    response = post_import(c, world["project"], xlsx(bad))
    assert response.status_code == 400
    assert {(4, "来源单位"), (4, "共享类型")} <= {(e.row, e.column) for e in response.context["errors"]["list"]}
    assert not Resource.objects.filter(name="法人单位信息").exists()
    assert post_import(c, world["project"], xlsx(good)).status_code == 302
    imported = Resource.objects.get(name="法人单位信息")
    assert sorted(imported.items.values_list("name", flat=True)) == ["单位名称", "统一社会信用代码"]
    exported = load_workbook(io.BytesIO(c.get(reverse("sharing:project_export", args=[world["project"].pk])).content))
    assert [r[0].value for r in exported.active.iter_rows(min_row=2)].count("法人单位信息") == 2
    assert AuditRecord.objects.filter(action="import", object_type="sharing.catalogue").exists()


def test_invalid_form_keeps_the_input(login, people, world):
    c = login(people["staff"])
    response = c.post(reverse("sharing:project", args=[world["project"].pk]), {
        "_op": "add_resource", "add_resource-name": "不动产登记信息", "add_resource-source_unit": world["project"].unit_id,
        "add_resource-update_cycle": "daily", "add_resource-share_type": "conditional", "add_resource-open_type": "closed",
        "add_resource-data_format": "database"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "不动产登记信息" in text and "须写明共享条件" in text


def test_catalogue_exports_in_the_exchange_format(login, people, world):
    services.catalogue_publish(by=people["lead"], catalogue=world["draft"])
    c = login(people["lead"])
    data = json.loads(c.get(reverse("sharing:catalogue_export", args=[world["draft"].pk, "json"])).content)
    assert data["format"] == "govproj-catalogue/1" and data["version"] == 1
    codes = {r["name"]: r for r in data["resources"]}
    assert codes["人口基础信息"]["share_type"] == "conditional"
    assert codes["人口基础信息"]["provider"]["code"] == "jyj"
    assert AuditRecord.objects.filter(action="export", object_type="sharing.citycatalogue").exists()
    police = login(people["gaj_officer"])
    assert police.get(reverse("sharing:catalogue", args=[world["draft"].pk])).status_code == 200
    assert police.get(reverse("sharing:catalogue_export", args=[world["draft"].pk, "json"])).status_code == 403
