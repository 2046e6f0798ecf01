"""The catalogue template: one row per information item, the resource's columns repeated or left blank below it.

The file goes through the one import flow (``common.importing``: CSV in UTF-8/GBK or XLSX, header normalisation,
row/column errors); it is checked whole and rejected whole. A resource row whose item columns are all
blank is a resource without items (that is how the export writes one). Free text is kept as typed, line
breaks included, so an exported catalogue imports back unchanged.
"""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from govproj.common.tabular import CellError, cell_text
from govproj.orgs.models import Organisation

from .models import DataFormat, ItemType, OpenType, ShareType, UpdateCycle

# (header, field, choices or None, required) — the documented template (README “信息资源目录与共享”).
RESOURCE_COLUMNS = (
    ("资源名称", "name", None, True),
    ("资源摘要", "summary", None, False),
    ("来源单位", "source_unit", None, True),
    ("更新周期", "update_cycle", UpdateCycle, True),
    ("共享类型", "share_type", ShareType, True),
    ("共享条件", "share_conditions", None, False),
    ("共享依据", "legal_basis", None, False),
    ("开放类型", "open_type", OpenType, True),
    ("数据格式", "data_format", DataFormat, True),
)
ITEM_COLUMNS = (
    ("信息项名称", "name", None, True),
    ("信息项类型", "data_type", ItemType, True),
    ("信息项说明", "description", None, False),
    ("是否涉密", "classified", None, False),
)
HEADERS = [c[0] for c in RESOURCE_COLUMNS + ITEM_COLUMNS]
REQUIRED = [c[0] for c in RESOURCE_COLUMNS + ITEM_COLUMNS if c[3]]
# The template column of each model field, so an error found by the model's own validation names its column.
RESOURCE_HEADER = {field: header for header, field, _c, _r in RESOURCE_COLUMNS}
ITEM_HEADER = {field: header for header, field, _c, _r in ITEM_COLUMNS}
YES, NO = ("是", "Y", "y", "1", "TRUE", "True", "true", "涉密"), ("否", "N", "n", "0", "FALSE", "False", "false", "")
MAX_LENGTH = {"name": 120, "description": 300}


def _choice(choices, text: str) -> str:
    for value, label in choices.choices:
        if text in (str(label), value):
            return value
    raise ValueError(_("应为：{labels}").format(labels="、".join(str(label) for _v, label in choices.choices)))


def _organisation(text: str, cache: dict) -> Organisation:
    if text not in cache:
        cache[text] = (Organisation.objects.filter(name=text).first()
                       or Organisation.objects.filter(short_name=text).first())
    if cache[text] is None:
        raise ValueError(_("机构名录中没有“{name}”").format(name=text))
    return cache[text]


def _text(value) -> str:
    """A cell as typed, ends trimmed as the forms trim them; a number or date Excel made of it as written."""
    return value.strip() if isinstance(value, str) else cell_text(value)


def _value(field: str, choices, text: str, orgs: dict):
    if choices:
        return _choice(choices, cell_text(text))
    return _organisation(cell_text(text), orgs) if field == "source_unit" else text


def _item(row: dict, offset: int, errors: list[CellError]) -> dict | None:
    """The item on ``row``, or None after adding its bad cells to ``errors``."""
    item, before = {"row": offset}, len(errors)
    for header, field, choices, required in ITEM_COLUMNS:
        text = row.get(header, "")
        if not text and required:
            errors.append(CellError(offset, header, _("不能为空")))
            continue
        try:
            if field == "classified":
                if text not in YES + NO:
                    raise ValueError(_("应填“是”或“否”"))
                item[field] = text in YES
            elif choices:
                item[field] = _choice(choices, cell_text(text))
            else:
                if len(text) > MAX_LENGTH.get(field, 80):
                    raise ValueError(_("超过 {n} 个字符").format(n=MAX_LENGTH.get(field, 80)))
                item[field] = text
        except ValueError as exc:
            errors.append(CellError(offset, header, str(exc)))
    return item if len(errors) == before else None


def read(rows: Iterable[tuple[int, dict]], errors: list[CellError]) -> list[dict]:
    """Resources with their items, each carrying the row it is on; a resource with a bad cell on any of its rows
    adds its errors and is left out."""
    resources: dict[str, dict] = {}
    bad: set[str] = set()
    orgs: dict = {}
    for offset, cells in rows:
        before = len(errors)
        row = {header: "" if value is None else _text(value) for header, value in cells.items()}
        name = row.get("资源名称", "")
        if not name:
            errors.append(CellError(offset, "资源名称", _("不能为空")))
            continue
        record = resources.get(name)
        if record is None:
            record = resources[name] = {"row": offset, "items": []}
            for header, field, choices, required in RESOURCE_COLUMNS:
                text = row.get(header, "")
                if not text:
                    if required:
                        errors.append(CellError(offset, header, _("不能为空")))
                    record[field] = ""
                    continue
                try:
                    record[field] = _value(field, choices, text, orgs)
                except ValueError as exc:
                    errors.append(CellError(offset, header, str(exc)))
            if len(name) > MAX_LENGTH["name"]:
                errors.append(CellError(offset, "资源名称", _("超过 {n} 个字符").format(n=MAX_LENGTH["name"])))
        else:
            for header, field, choices, _r in RESOURCE_COLUMNS[1:]:
                text = row.get(header, "")
                try:
                    same = not text or _value(field, choices, text, orgs) == record.get(field)
                except ValueError:
                    same = False
                if not same:
                    errors.append(CellError(offset, header, _("与第 {row} 行同一资源的填写不一致").format(
                        row=record["row"])))
        if any(row.get(header) for header, *_rest in ITEM_COLUMNS):  # else the resource's row without an item
            item = _item(row, offset, errors)
            if item and any(i["name"] == item["name"] for i in record["items"]):
                errors.append(CellError(offset, "信息项名称", _("同一资源下信息项重复")))
            elif item:
                record["items"].append(item)
        if len(errors) > before:
            bad.add(name)
        if len(errors) >= 200:
            break
    return [{"name": name, **record} for name, record in resources.items() if name not in bad]
