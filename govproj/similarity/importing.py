"""Reading the region register from a spreadsheet with Chinese headers (the template the register page offers).

The file is read and checked whole with the shared table reader (``common.tabular``: Excel or CSV in
UTF-8/GBK, headers matched without spaces and in any order): every bad cell is reported with its row and
column, and a file with any error imports nothing.
"""

import hashlib

from django.utils.translation import gettext as _

from govproj.common.tabular import (
    CellError,
    FileRejected,
    blank,
    cell_text,
    cell_year,
    rows_by_header,
)

from .models import RegionProject

__all__ = ["COLUMNS", "CellError", "FileRejected", "digest", "parse"]

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
STATUS_BY_LABEL = {str(label): value for value, label in RegionProject.Status.choices}
STATUS_ALIASES = {"已建": "built", "建成": "built", "建设中": "building", "正在建设": "building",
                  "计划建设": "planned", "拟建": "planned", "计划统一建设": "planned"}


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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


def parse(filename: str, data: bytes) -> list[dict]:
    """The register items of the file, keyed by field; ``FileRejected`` lists every bad cell."""
    rows = rows_by_header(filename, data, HEADERS, [h for h, _f, required, _m in COLUMNS if required])
    records, errors, first_row = [], [], {}
    for number, cells in rows:
        record = {}
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
        records.append(record)
    if errors:
        raise FileRejected(errors[:200])
    return records
