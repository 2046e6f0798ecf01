"""Reading the region register from a spreadsheet with Chinese headers (the template the register page offers).

The file goes through the one import flow (``common.importing``: Excel or CSV in UTF-8/GBK, headers matched
without spaces and in any order) and is checked whole: every bad cell is reported with its row and
column, and a file with any error imports nothing.
"""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from govproj.common.tabular import CellError, blank, cell_text, cell_year

from .models import RegionProject

# (header, field, required, max length); the order is the template's and the export's.
COLUMNS = (
    ("项目名称", "name", True, 200),
    ("建设内容", "content", False, None),
    ("主要功能", "functions", False, None),
    ("自治区主管部门", "region_department", True, 100),
    ("建设状态", "status", True, None),
    ("文件依据", "basis", False, 300),
    ("年度", "year", False, None),
    ("备注", "note", False, None),
)
HEADERS = [c[0] for c in COLUMNS]
REQUIRED = [c[0] for c in COLUMNS if c[2]]
STATUS_BY_LABEL = {str(label): value for value, label in RegionProject.Status.choices}
STATUS_ALIASES = {"已建": "built", "建成": "built", "建设中": "building", "正在建设": "building",
                  "计划建设": "planned", "拟建": "planned", "计划统一建设": "planned"}


def _status(value) -> str:
    text = cell_text(value)
    found = STATUS_BY_LABEL.get(text) or STATUS_ALIASES.get(text)
    if found is None:
        raise ValueError(_("建设状态应为：{labels}").format(labels="、".join(STATUS_BY_LABEL)))
    return found


def _cell(field: str, raw, max_length: int | None):
    if field == "status":
        return _status(raw)
    if field == "year":
        return cell_year(raw)
    value = cell_text(raw) if field in ("name", "region_department", "basis") else str(raw).strip()
    if max_length and len(value) > max_length:
        raise ValueError(_("超过 {n} 个字符").format(n=max_length))
    return value


def read(rows: Iterable[tuple[int, dict]], errors: list[CellError]) -> list[dict]:
    """The register items of the rows, keyed by field; a row with a bad cell adds its errors and no item."""
    records, first_row = [], {}
    for number, cells in rows:
        record, before = {}, len(errors)
        for header, field, required, max_length in COLUMNS:
            raw = cells.get(header)
            if blank(raw):
                if required:
                    errors.append(CellError(number, header, _("不能为空")))
                record[field] = None if field == "year" else ""
                continue
            try:
                record[field] = _cell(field, raw, max_length)
            except ValueError as exc:
                errors.append(CellError(number, header, str(exc)))
        name = record.get("name")
        if name and name in first_row:
            errors.append(CellError(number, "项目名称", _("与第 {row} 行项目名称重复").format(row=first_row[name])))
        elif name:
            first_row[name] = number
        if len(errors) == before:
            records.append(record)
    return records
