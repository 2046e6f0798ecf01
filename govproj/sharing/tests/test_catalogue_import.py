"""The catalogue import over real HTTP: preview → confirm, errors by row and column, audit, round trip, scope."""

import io

import pytest
import xlsxwriter
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from govproj.audit.models import AuditRecord
from govproj.sharing import services
from govproj.sharing.filters import ResourceFilter
from govproj.sharing.models import Catalogue, Item, Resource
from govproj.testing.sharing import (
    POPULATION_BASIS,
    confirm_import,
    preview_import,
    resource,
    xlsx,
)

HEADERS = ["资源名称", "资源摘要", "来源单位", "更新周期", "共享类型", "共享条件", "共享依据", "开放类型", "数据格式",
           "信息项名称", "信息项类型", "信息项说明", "是否涉密"]
POPULATION = ["人口基础信息", "全市人口（修订）", "市教育局", "每日", "有条件共享", "仅限法定职责使用", POPULATION_BASIS,
              "不予开放", "接口服务"]


def changes():
    """Audit rows of resources and items created or changed (not the import's own summary)."""
    return AuditRecord.objects.filter(object_type__in=["sharing.resource", "sharing.item"],
                                      action__in=["create", "update"])


def catalogue_state(project) -> list:
    """A catalogue as the person sees it: every resource's fields and items, by name."""
    return [({f: str(getattr(r, f)) for f in services.RESOURCE_FIELDS},
             [{f: getattr(i, f) for f in services.ITEM_FIELDS} for i in r.items.order_by("name")])
            for r in Resource.objects.filter(catalogue__project=project).order_by("name")]


def test_preview_shows_each_resource_and_item_and_writes_nothing(login, people, world):
    project = world["project"]
    c = login(people["staff"])
    before, audits = catalogue_state(project), AuditRecord.objects.count()
    data = xlsx([HEADERS,
                 POPULATION + ["公民身份号码", "字符型", "", "否"],
                 POPULATION[:1] + [""] * 8 + ["出生日期", "日期型", "", "否"],
                 ["法人单位信息", "", "市教育局", "每月", "无条件共享", "", "", "无条件开放", "数据库", "", "", "", ""]])
    response = preview_import(c, project, data)
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.counts == {"resources_created": 1, "resources_updated": 1, "resources_unchanged": 0,
                              "items_created": 1, "items_updated": 0, "items_unchanged": 1}
    population, legal = preview.resources
    assert (population.row, population.action, population.columns) == (2, "updated", ["资源摘要"])
    assert [(i.row, i.obj.name, i.action) for i in population.items] == [(2, "公民身份号码", "unchanged"),
                                                                         (3, "出生日期", "created")]
    assert (legal.action, legal.items) == ("created", [])
    page = response.content.decode()
    assert "出生日期" in page and "法人单位信息" in page and 'id="confirm-import"' in page
    assert catalogue_state(project) == before and AuditRecord.objects.count() == audits  # nothing written

    assert confirm_import(c, project, response).status_code == 302
    population = Resource.objects.get(catalogue__project=project, name="人口基础信息")
    assert population.summary == "全市人口（修订）"
    assert sorted(population.items.values_list("name", flat=True)) == ["公民身份号码", "出生日期", "户籍地址"]
    assert not Resource.objects.get(name="法人单位信息").items.exists()


def test_preview_of_a_project_without_a_catalogue_creates_none(login, people, declare):
    """An empty catalogue would change rule S2's verdict: a preview must not leave one behind."""
    project = declare(plan_year=2025)
    c = login(people["staff"])
    response = preview_import(c, project, xlsx([HEADERS, ["学校名录", "", "市教育局", "每年", "无条件共享", "", "",
                                                        "无条件开放", "电子表格", "学校名称", "字符型", "", "否"]]))
    assert response.status_code == 200 and response.context["preview"].counts["resources_created"] == 1
    assert not Catalogue.objects.filter(project=project).exists()
    assert confirm_import(c, project, response).status_code == 302
    assert Resource.objects.get(catalogue__project=project).items.get().name == "学校名称"


def test_a_model_rule_error_names_row_and_column_and_nothing_is_imported(login, people, world):
    c = login(people["staff"])
    data = xlsx([HEADERS,
                 ["电子证照", "", "市教育局", "每年", "无条件共享", "", "", "不予开放", "电子文件", "证照编号", "字符型", "", "否"],
                 ["学生资助信息", "", "市教育局", "每月", "有条件共享", "", "", "不予开放", "数据库", "学籍号", "字符型", "", "是"]])
    response = preview_import(c, world["project"], data)
    assert response.status_code == 400 and 'id="preview"' not in response.content.decode()
    errors = {(e.row, e.column) for e in response.context["errors"]["list"]}
    assert errors == {(3, "共享依据"), (3, "共享条件")}
    assert not Resource.objects.filter(name__in=["电子证照", "学生资助信息"]).exists()


def test_import_audits_each_change_with_before_and_after_and_a_summary_with_the_file(login, people, world):
    project = world["project"]
    c = login(people["staff"])
    data = xlsx([HEADERS, POPULATION + ["公民身份号码", "字符型", "18位", "是"],
                 ["电子证照", "", "市教育局", "每年", "无条件共享", "", "", "不予开放", "电子文件", "", "", "", ""]])
    preview = preview_import(c, project, data, filename="人口目录.xlsx")
    assert confirm_import(c, project, preview).status_code == 302
    population = Resource.objects.get(catalogue__project=project, name="人口基础信息")
    updated = AuditRecord.objects.get(action="update", object_type="sharing.resource", object_id=str(population.pk))
    assert (updated.before["summary"], updated.after["summary"]) == ("人口基础信息（测试）", "全市人口（修订）")
    assert set(updated.after) == {"summary", "updated_at"}  # only what changed, as services._save records it
    item = population.items.get(name="公民身份号码")
    changed = AuditRecord.objects.get(action="update", object_type="sharing.item", object_id=str(item.pk))
    assert (changed.before, changed.after) == ({"classified": False, "description": ""},
                                               {"classified": True, "description": "18位"})
    created = AuditRecord.objects.get(action="create", object_type="sharing.resource", object_repr="电子证照")
    assert created.after["name"] == "电子证照" and created.after["data_format"] == "document"
    summary = AuditRecord.objects.get(action="import", object_type="sharing.catalogue")
    assert summary.after["file"] == "人口目录.xlsx" and len(summary.after["sha256"]) == 64
    assert (summary.after["resources_created"], summary.after["resources_updated"],
            summary.after["items_updated"]) == (1, 1, 1)
    assert summary.after["created"] == ["电子证照"] and summary.after["updated"] == ["人口基础信息"]


def test_confirming_twice_changes_nothing_the_second_time(login, people, world):
    project = world["project"]
    c = login(people["staff"])
    preview = preview_import(c, project, xlsx([HEADERS, ["电子证照", "", "市教育局", "每年", "无条件共享", "", "",
                                                       "不予开放", "电子文件", "证照编号", "字符型", "", "否"]]))
    assert confirm_import(c, project, preview).status_code == 302
    audits = AuditRecord.objects.count()
    again = confirm_import(c, project, preview)
    assert again.status_code == 302 and again.url == reverse("sharing:project", args=[project.pk])
    assert "已导入，无需再次确认" in c.get(again.url).content.decode()
    assert AuditRecord.objects.count() == audits
    assert Resource.objects.filter(name="电子证照").count() == 1 and Item.objects.filter(name="证照编号").count() == 1


def test_export_then_import_yields_the_same_catalogue_and_an_unchanged_reimport_is_a_no_op(login, people, world,
                                                                                           declare):
    """A resource without items, and multi-line text as a browser's textarea sends it, survive the round trip."""
    project = world["project"]
    resource(people["staff"], project, name="教育统计年报", items=(), summary="第一行\r\n第二行",
             share_type="unconditional")
    c = login(people["staff"])
    exported = c.get(reverse("sharing:project_export", args=[project.pk])).content
    rows = [[cell.value for cell in row] for row in load_workbook(io.BytesIO(exported)).active.iter_rows(min_row=2)]
    assert [r[9:] for r in rows if r[0] == "教育统计年报"] == [[None] * 4]  # one row, its item columns blank
    before, audits = catalogue_state(project), changes().count()
    preview = preview_import(c, project, exported)
    assert preview.status_code == 200 and not preview.context["preview"].changed
    assert 'id="preview-nothing"' in preview.content.decode()
    assert confirm_import(c, project, preview).status_code == 302
    assert catalogue_state(project) == before and changes().count() == audits
    summary = AuditRecord.objects.filter(action="import").latest("seq").after
    assert summary["resources_unchanged"] == 3 and summary["resources_updated"] == 0
    assert summary["resources_created"] == summary["items_created"] == summary["items_updated"] == 0

    other = declare(name="钦州市教育资源平台二期", plan_year=2025)  # the same file into an empty catalogue
    assert confirm_import(c, other, preview_import(c, other, exported)).status_code == 302
    assert catalogue_state(other) == before


def test_import_page_is_for_the_building_unit_only(client, login, people, world):
    project = world["project"]
    url = reverse("sharing:import", args=[project.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    staff = login(people["staff"])
    assert 'id="catalogue-import"' in staff.get(reverse("sharing:project", args=[project.pk])).content.decode()
    preview = preview_import(staff, project, xlsx([HEADERS, ["电子证照", "", "市教育局", "每年", "无条件共享", "", "",
                                                           "不予开放", "电子文件", "证照编号", "字符型", "", "否"]]))
    token = {name: preview.context["confirm"][name].value() for name in ("token", "filename")}
    finance = login(people["finance"])  # sees the project, is not its unit
    assert 'id="catalogue-import"' not in finance.get(reverse("sharing:project", args=[project.pk])).content.decode()
    assert finance.get(url).status_code == 403
    assert finance.post(url, {"_op": "confirm", **token}).status_code == 403
    police = login(people["gaj_officer"])  # does not see the project
    assert police.get(url).status_code == 404 and police.post(url, {"_op": "confirm", **token}).status_code == 404
    assert login(people["bank"]).get(url).status_code == 403  # no sharing permission at all
    assert not Resource.objects.filter(name="电子证照").exists()


def test_a_project_declared_to_produce_no_data_is_refused_in_the_preview(login, people, declare):
    project = declare(plan_year=2025)
    services.no_data_declare(by=people["staff"], project=project, statement="仅采购终端设备")
    response = preview_import(login(people["staff"]), project, xlsx([HEADERS, [
        "学校名录", "", "市教育局", "每年", "无条件共享", "", "", "无条件开放", "电子表格", "", "", "", ""]]))
    assert response.status_code == 400 and 'id="refused"' in response.content.decode()
    assert not Resource.objects.filter(name="学校名录").exists()


@pytest.mark.parametrize("name", [n for n, f in ResourceFilter.base_filters.items() if not f.method])
def test_every_resource_search_filter_has_an_index(name):
    indexed = {index.fields[0] for index in Resource._meta.indexes} | {
        f.name for f in Resource._meta.concrete_fields if f.db_index}
    assert ResourceFilter.base_filters[name].field_name.split("__")[0] in indexed


def test_cell_errors_and_model_rule_errors_are_reported_together(login, people, world):
    """One pass: a bad cell on one row does not hide the model's objection on another, and nothing is written."""
    c = login(people["staff"])
    data = xlsx([HEADERS,
                 ["学生资助信息", "", "市教育局", "每月", "有条件共享", "", "", "不予开放", "数据库", "学籍号", "字符型", "", "是"],
                 ["校舍信息", "", "市教育局", "每世纪", "无条件共享", "", "", "不予开放", "数据库", "校舍编号", "字符型", "", "否"]])
    response = preview_import(c, world["project"], data)
    assert response.status_code == 400
    errors = [(e.row, e.column) for e in response.context["errors"]["list"]]
    assert sorted(errors) == [(2, "共享依据"), (2, "共享条件"), (3, "更新周期")]
    assert not Resource.objects.filter(name__in=["学生资助信息", "校舍信息"]).exists()


def test_a_300000_row_catalogue_is_refused_before_it_is_parsed(login, people, world, tmp_path):
    """The catalogue that once ran 27 minutes inside a transaction: refused on the sheet's declared size."""
    book = xlsxwriter.Workbook(str(tmp_path / "目录.xlsx"), {"constant_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADERS)
    for i in range(1, 300_001):
        sheet.write(i, 0, f"资源{i}")
    book.close()
    c = login(people["staff"])
    audits = AuditRecord.objects.count()
    response = preview_import(c, world["project"], (tmp_path / "目录.xlsx").read_bytes())
    assert response.status_code == 400
    assert [e.message for e in response.context["errors"]["list"]] == [
        "文件超过 50,000 行的导入上限，未导入；请拆分为多个文件后分别导入。"]
    assert AuditRecord.objects.count() == audits and not Resource.objects.filter(name="资源1").exists()


@override_settings(IMPORT_MAX_BYTES=1024 * 1024)
def test_a_file_over_the_size_limit_is_refused_unread(login, people, world):
    c = login(people["staff"])
    response = preview_import(c, world["project"], b"x" * (1024 * 1024 + 1), filename="目录.csv")
    assert response.status_code == 400
    assert "文件超过 1 MB 的导入上限，未导入；请拆分为多个文件后分别导入。" in response.content.decode()
