"""Strict parsing of the JSON facts the rule commands and the API accept.

Unknown keys and wrong types are errors with a Chinese message naming the key, never silently
ignored: a misspelt key would otherwise make a rule pass that should block.
"""

import json
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _


class FactsError(ValueError):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("；".join(errors))


def _decimal(value):
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
        raise ValueError
    amount = Decimal(str(value))
    if not amount.is_finite() or amount < 0:
        raise ValueError
    return amount


def _date(value):
    if not isinstance(value, str):
        raise ValueError
    return date.fromisoformat(value)


def _bool(value):
    if not isinstance(value, bool):
        raise ValueError
    return value


def _int(value):
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError
    return value


def _str(value):
    if not isinstance(value, str):
        raise ValueError
    return value.strip()


TYPES = {
    "decimal": (_decimal, _("非负金额（元）")),
    "date": (_date, _("日期（YYYY-MM-DD）")),
    "bool": (_bool, _("true 或 false")),
    "int": (_int, _("整数")),
    "str": (_str, _("文本")),
}


def parse(data: Any, schema: dict[str, tuple], required: tuple[str, ...] = ()) -> dict:
    """``schema`` maps key → type name, or → ("choice", allowed values), or → ("list", allowed values)."""
    if not isinstance(data, dict):
        raise FactsError([_("输入必须是 JSON 对象。")])
    errors, facts = [], {}
    for key in data:
        if key not in schema:
            errors.append(_("未知字段：{key}").format(key=key))
    for key in required:
        if data.get(key) is None:
            errors.append(_("缺少必填字段：{key}").format(key=key))
    for key, kind in schema.items():
        if key not in data or data[key] is None:
            continue
        value = data[key]
        try:
            if isinstance(kind, tuple) and kind[0] == "choice":
                if value not in kind[1]:
                    raise ValueError
                facts[key] = value
            elif isinstance(kind, tuple) and kind[0] == "list":
                if not isinstance(value, list) or any(v not in kind[1] for v in value):
                    raise ValueError
                facts[key] = list(dict.fromkeys(value))
            else:
                facts[key] = TYPES[kind][0](value)
        except (ValueError, TypeError, InvalidOperation):
            if isinstance(kind, tuple):
                expected = _("取值之一：{values}").format(values="、".join(map(str, kind[1])))
            else:
                expected = TYPES[kind][1]
            errors.append(_("字段 {key} 的值无效：{value!r}，应为{expected}").format(key=key, value=value, expected=expected))
    if errors:
        raise FactsError(errors)
    return facts


def loads(text: str) -> Any:
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise FactsError([_("JSON 格式错误：第 {line} 行第 {col} 列。").format(line=exc.lineno, col=exc.colno)]) from None
