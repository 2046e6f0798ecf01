"""Reading the region register from a spreadsheet with Chinese headers (the template the register page offers).

The file is read and checked whole, with the readers of the payment-monitoring importer (Excel or CSV in
UTF-8/GBK, headers matched without spaces and in any order): every bad cell is reported with its row and
column, and a file with any error imports nothing.
"""

import hashlib

from django.utils.translation import gettext as _

from govproj.monitoring.importing import CellError, FileRejected, _norm_header, _read_rows, _text, _year

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
    text = _text(value)
    found = STATUS_BY_LABEL.get(text) or STATUS_ALIASES.get(text)
    if found is None:
        raise ValueError(_("建设状态应为：{labels}").format(labels="、".join(STATUS_BY_LABEL)))
    return found


def _cell(field: str, raw, max_length: int | None):
    if field == "status":
        return _status(raw)
    if field == "year":
        return _year(raw)
    value = _text(raw) if field in ("name", "region_department", "basis") else str(raw).strip()
    if max_length and len(value) > max_length:
        raise ValueError(_("超过 {n} 个字符").format(n=max_length))
    return value


def parse(filename: str, data: bytes) -> list[dict]:
    """The register items of the file, keyed by field; ``FileRejected`` lists every bad cell."""
    rows = _read_rows(filename, data)
    start = next((i for i, row in enumerate(rows) if any(_text(c) for c in row if c is not None)), None)
    if start is None:
        raise FileRejected([CellError(1, "", _("文件为空。"))])
    headers = [_norm_header(h) for h in rows[start]]
    missing = [CellError(start + 1, h, _("缺少必需的列")) for h, _f, required, _m in COLUMNS
               if required and h not in headers]
    if missing:
        raise FileRejected(missing)
    index = {field: headers.index(header) for header, field, _r, _m in COLUMNS if header in headers}
    records, errors, first_row = [], [], {}
    for number, row in enumerate(rows[start + 1:], start=start + 2):
        cells = {field: row[i] if i < len(row) else None for field, i in index.items()}
        if all(c is None or _text(c) == "" for c in cells.values()):
            continue
        record = {}
        for header, field, required, max_length in COLUMNS:
            raw = cells.get(field)
            if raw is None or _text(raw) == "":
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
