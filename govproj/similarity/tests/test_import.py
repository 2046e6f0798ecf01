"""The register imported from Excel: every bad cell reported, all or nothing, the same file twice changes nothing."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from govproj.audit.models import AuditRecord
from govproj.common.importing import FileRejected, import_data, validate
from govproj.common.staging import stage
from govproj.similarity import importing
from govproj.similarity.models import RegionProject

from .conftest import REGION_ITEM, UNRELATED_ITEM, register_xlsx

pytestmark = pytest.mark.django_db


def upload(data: bytes, name="自治区统一建设项目登记.xlsx"):
    return SimpleUploadedFile(name, data)


def run(by, data, dry_run=False):
    """Import ``data`` as the command line does; ``dry_run``: only its preview, as the page shows it."""
    if dry_run:
        return validate("region_register", digest=stage(data), filename="自治区统一建设项目登记.xlsx", by=by)
    return import_data("region_register", by=by, filename="自治区统一建设项目登记.xlsx", data=data)


def test_import_creates_then_reimport_changes_nothing(cast):
    data = register_xlsx([REGION_ITEM, UNRELATED_ITEM])
    first = run(cast["lead"], data)
    assert (first.rows, first.created, first.updated) == (2, [REGION_ITEM["name"], UNRELATED_ITEM["name"]], [])
    item = RegionProject.objects.get(name=REGION_ITEM["name"])
    assert (item.status, item.year, item.region_department) == ("built", 2021, "自治区医保局")
    stamp = item.updated_at
    audits = AuditRecord.objects.count()

    second = run(cast["lead"], data)
    assert (second.created, second.updated, len(second.unchanged)) == ([], [], 2)
    item.refresh_from_db()
    assert item.updated_at == stamp
    assert AuditRecord.objects.count() == audits + 1  # the import itself, nothing changed
    assert AuditRecord.objects.filter(action="import", object_type="similarity.regionproject").first().after["unchanged"] == 2


def test_reimport_with_a_change_updates_by_name_and_audits_it(cast):
    run(cast["lead"], register_xlsx([REGION_ITEM]))
    result = run(cast["lead"], register_xlsx([{**REGION_ITEM, "status": "building", "note": "二期在建"}]))
    assert result.updated == [REGION_ITEM["name"]] and RegionProject.objects.count() == 1
    record = AuditRecord.objects.filter(object_type="similarity.regionproject", action="update").get()
    assert record.before["status"] == "built" and record.after["status"] == "building"


def test_every_bad_cell_is_reported_and_nothing_is_written(cast):
    rows = [UNRELATED_ITEM,                                              # row 2: fine
            {**REGION_ITEM, "status": "已规划"},                           # row 3: unknown status
            {**REGION_ITEM, "name": "", "region_department": ""},        # row 4: two empty required cells
            {**UNRELATED_ITEM, "year": "二〇二四"},                         # row 5: bad year, same name as row 2
            {**REGION_ITEM, "basis": "依据" * 200}]                        # row 6: too long
    with pytest.raises(FileRejected) as rejected:
        run(cast["lead"], register_xlsx(rows))
    errors = [str(e) for e in rejected.value.errors]
    assert "第 3 行「建设状态」：建设状态应为：已建成、在建、计划统一建设" in errors
    assert "第 4 行「项目名称」：不能为空" in errors and "第 4 行「自治区主管部门」：不能为空" in errors
    assert "第 5 行「年度」：年度应为四位数字" in errors
    assert "第 5 行「项目名称」：与第 2 行项目名称重复" in errors
    assert "第 6 行「文件依据」：超过 300 个字符" in errors
    assert not RegionProject.objects.exists() and not AuditRecord.objects.filter(action="import", object_type="similarity.regionproject").exists()


def test_missing_column_and_empty_file(cast):
    headers = [h for h in importing.HEADERS if h != "建设状态"]
    with pytest.raises(FileRejected) as rejected:
        run(cast["lead"], register_xlsx([REGION_ITEM], headers=headers))
    assert [str(e) for e in rejected.value.errors] == ["第 1 行「建设状态」：缺少必需的列"]
    with pytest.raises(FileRejected, match="文件为空"):
        run(cast["lead"], register_xlsx([], headers=[]))


def test_dry_run_writes_nothing_and_only_the_lead_department_imports(cast):
    preview = run(cast["lead"], register_xlsx([REGION_ITEM]), dry_run=True)
    assert preview.created == [REGION_ITEM["name"]] and not RegionProject.objects.exists()
    with pytest.raises(PermissionDenied):
        run(cast["staff"], register_xlsx([REGION_ITEM]))


def test_pages_preview_then_confirm_errors_keep_nothing(cast, login):
    client = login(cast["lead"])
    url = reverse("similarity:import")
    bad = client.post(url, {"_op": "preview", "file": upload(register_xlsx([{**REGION_ITEM, "status": "?"}]))})
    assert bad.status_code == 400
    assert "<td>2</td><td>建设状态</td><td>建设状态应为：已建成、在建、计划统一建设</td>" in bad.content.decode()

    preview = client.post(url, {"_op": "preview", "file": upload(register_xlsx([REGION_ITEM, UNRELATED_ITEM]))})
    text = preview.content.decode()
    assert preview.status_code == 200 and 'id="preview-created">2<' in text and not RegionProject.objects.exists()
    token = preview.context["confirm"].initial["token"]
    done = client.post(url, {"_op": "confirm", "token": token, "filename": "自治区统一建设项目登记.xlsx"})
    assert done.status_code == 302 and RegionProject.objects.count() == 2
    assert login(cast["staff"]).get(url).status_code == 403


def test_export_has_the_template_columns_and_imports_back_unchanged(cast, login):
    run(cast["lead"], register_xlsx([REGION_ITEM, UNRELATED_ITEM]))
    client = login(cast["lead"])
    template = client.get(reverse("similarity:template"))
    headers = [c.value for c in load_workbook(io.BytesIO(template.content)).active[1]]
    assert headers == importing.HEADERS

    export = client.get(reverse("similarity:register") + "?_export=xlsx&status=built")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [c.value for c in sheet[1]] == importing.HEADERS and sheet.max_row == 3
    assert AuditRecord.objects.filter(action="export", object_type="similarity.regionproject").exists()
    again = run(cast["lead"], export.content)
    assert len(again.unchanged) == 2
