"""The cells of the treasury's files: their columns (the Chinese element names of Article 7) and how each is read.

The file goes through the one import flow (``common.importing``): read and checked whole, any bad cell rejects
it with the row and column of every error, so nothing is half-imported.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from govproj.common.money import yuan
from govproj.common.tabular import CellError, blank, cell_text, cell_year

from .models import MONEY, BankAccount, ImportBatch


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: str = "text"  # text | name | money | datetime | date | month | year | account_kind
    required: bool = True
    max_length: int = 200


Kind = ImportBatch.Kind
COLUMNS: dict[str, tuple[Column, ...]] = {
    Kind.PAYMENTS: (
        Column("凭证号", "voucher", max_length=60),
        Column("付款人名称", "payer_name", "name", max_length=120),
        Column("付款人账号", "payer_account", max_length=40),
        Column("预算指标", "indicator_code", max_length=60),
        Column("用款计划", "plan_code", required=False, max_length=60),
        Column("预算科目", "subject", max_length=60),
        Column("支付时间", "paid_at", "datetime"),
        Column("支付金额", "amount", "money"),
        Column("支付方式", "method", required=False, max_length=30),
        Column("支付类型", "pay_type", required=False, max_length=30),
        Column("结算方式", "settlement", required=False, max_length=30),
        Column("用途", "purpose", required=False, max_length=300),
        Column("项目名称", "project_name", required=False),
        Column("收款人名称", "payee_name", "name"),
        Column("收款人账号", "payee_account", max_length=40),
        Column("收款人开户银行", "payee_bank", required=False, max_length=120),
        Column("大额审批单号", "large_approval_no", required=False, max_length=60),
        Column("代理银行", "agent_bank", required=False, max_length=120),
    ),
    Kind.INDICATORS: (
        Column("指标编码", "code", max_length=60),
        Column("预算单位", "unit_name", "name", max_length=120),
        Column("预算科目", "subject", max_length=60),
        Column("年度", "year", "year"),
        Column("指标金额", "amount", "money"),
        Column("指标用途", "purpose", required=False, max_length=300),
    ),
    Kind.PLANS: (
        Column("计划编码", "code", max_length=60),
        Column("指标编码", "indicator_code", max_length=60),
        Column("计划月份", "month", "month"),
        Column("计划金额", "amount", "money"),
    ),
    Kind.ACCOUNTS: (
        Column("账号", "account", max_length=40),
        Column("单位名称", "unit_name", "name", max_length=120),
        Column("账户类型", "kind", "account_kind"),
        Column("开户银行", "bank", max_length=120),
        Column("主管部门", "parent_name", "name", required=False, max_length=120),
        Column("开户日期", "opened_on", "date", required=False),
        Column("销户日期", "closed_on", "date", required=False),
    ),
    Kind.FEEDBACK: (
        Column("凭证号", "voucher", max_length=60),
        Column("代理银行", "bank", max_length=120),
        Column("实际支付时间", "executed_at", "datetime"),
        Column("实际支付金额", "amount", "money"),
        Column("收款人名称", "payee_name", "name"),
        Column("收款人账号", "payee_account", max_length=40),
        Column("支付状态", "status", required=False, max_length=30),
    ),
}
# The natural key of each kind: a second row with the same key is the same record.
KEYS = {Kind.PAYMENTS: "voucher", Kind.INDICATORS: "code", Kind.PLANS: "code", Kind.ACCOUNTS: "account",
        Kind.FEEDBACK: "voucher"}
HEADER_ALIASES = {"金额": None, "支付日期": "支付时间", "交易时间": "实际支付时间", "账户号码": "账号", "开户行": "开户银行",
                  "收款人开户行": "收款人开户银行", "收款账号": "收款人账号", "付款账号": "付款人账号",
                  "预算指标编码": "预算指标", "用款计划编码": "用款计划", "科目": "预算科目"}
ACCOUNT_KINDS = {"零余额账户": BankAccount.Kind.ZERO_BALANCE, "零余额": BankAccount.Kind.ZERO_BALANCE,
                 "实有资金账户": BankAccount.Kind.REAL_FUND, "实有资金": BankAccount.Kind.REAL_FUND,
                 "基本存款账户": BankAccount.Kind.BASIC, "基本户": BankAccount.Kind.BASIC,
                 "基本账户": BankAccount.Kind.BASIC}
MONEY_LIMIT = Decimal(10) ** (MONEY["max_digits"] - MONEY["decimal_places"])


def _money(value) -> Decimal:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        amount = Decimal(str(value))
    else:
        text = re.sub(r"[\s,，¥￥元]", "", str(value))
        amount = Decimal(text)
    if not amount.is_finite():
        raise InvalidOperation
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(_("金额最多保留两位小数"))
    if abs(amount) >= MONEY_LIMIT:  # PostgreSQL would refuse the whole batch; SQLite would store it silently
        raise ValueError(_("金额超出范围（不超过 {limit}）").format(limit=yuan(MONEY_LIMIT - Decimal("0.01"))))
    return amount.quantize(Decimal("0.01"))


_DT_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y%m%d%H%M%S",
               "%Y-%m-%dT%H:%M:%S", "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日 %H:%M")
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y年%m月%d日", "%Y.%m.%d")


def _datetime(value) -> datetime:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    else:
        text = re.sub(r"(\d:\d{2})\.\d+$", r"\1", re.sub(r"\s+", " ", str(value).strip()))
        for fmt in _DT_FORMATS + _DATE_FORMATS:
            try:
                moment = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        else:
            raise ValueError(_("无法识别的时间，请使用“2024-03-05 10:30:00”格式"))
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip().split(" ")[0]
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("无法识别的日期，请使用“2024-03-05”格式"))


def _month(value) -> date:
    if isinstance(value, (datetime, date)):
        return _date(value).replace(day=1)
    match = re.fullmatch(r"(\d{4})\s*[-/.年]?\s*(\d{1,2})\s*月?(?:[-/.]\d{1,2}日?)?", str(value).strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValueError(_("无法识别的月份，请使用“2024-03”格式"))
    return date(int(match[1]), int(match[2]), 1)


def _account_kind(value) -> str:
    text = re.sub(r"\s+", "", str(value))
    if text in ACCOUNT_KINDS:
        return ACCOUNT_KINDS[text]
    if text in BankAccount.Kind.values:
        return text
    raise ValueError(_("账户类型应为：零余额账户、实有资金账户或基本存款账户"))


def _name(value) -> str:
    """A unit or company name as registered: full-width brackets (企业名称登记 practice), however a bank typed it."""
    return cell_text(value).replace("(", "（").replace(")", "）")


PARSERS = {"name": _name, "money": _money, "datetime": _datetime, "date": _date, "month": _month, "year": cell_year,
           "account_kind": _account_kind}


def read(kind: str, rows: Iterable[tuple[int, dict]], errors: list[CellError]) -> list[dict]:
    """The records of the rows, keyed by field name; each bad cell goes to ``errors`` and its row adds no record.

    Reading stops once 200 errors are found: the person has enough to correct.
    """
    columns = COLUMNS[kind]
    records, seen = [], {}
    key = KEYS[kind]
    for offset, cells in rows:
        record, before = {}, len(errors)
        for col in columns:
            raw = cells.get(col.header)
            if blank(raw):
                if col.required:
                    errors.append(CellError(offset, col.header, _("不能为空")))
                elif col.kind in ("text", "name"):
                    record[col.field] = ""
                else:
                    record[col.field] = None
                continue
            try:
                value = PARSERS[col.kind](raw) if col.kind in PARSERS else cell_text(raw)
            except (ValueError, InvalidOperation, ArithmeticError) as exc:
                message = str(exc) if str(exc) and not isinstance(exc, InvalidOperation) else _("不是有效的金额")
                errors.append(CellError(offset, col.header, message))
                continue
            if col.kind == "money" and value <= 0 and kind in (Kind.PAYMENTS, Kind.FEEDBACK):
                errors.append(CellError(offset, col.header, _("金额必须大于零")))
            elif col.kind == "money" and value < 0:
                errors.append(CellError(offset, col.header, _("金额不能为负数")))
            elif col.kind in ("text", "name") and len(value) > col.max_length:
                errors.append(CellError(offset, col.header, _("超过 {n} 个字符").format(n=col.max_length)))
            record[col.field] = value
        if len(errors) >= 200:
            break
        if key in record:
            first = seen.get(record[key])
            if first is None:
                seen[record[key]] = (offset, record)
            elif first[1] != record:
                errors.append(CellError(offset, columns[0].header,
                                        _("与第 {row} 行重复但内容不同").format(row=first[0])))
                continue
            else:
                continue  # the same record twice in one file counts once
        if len(errors) == before:
            records.append(record)
    return records
