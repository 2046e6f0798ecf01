"""Shared fixtures for the monitoring tests: a finance user and files built the way the treasury sends them.

Records are written with field names (``payer_name``, ``amount``…) and turned into files with the Chinese
headers of ``importing.COLUMNS``, so every test goes through the real importer unless it says otherwise.
"""

import csv
import io
import itertools
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from govproj.common.importing import import_data
from govproj.common.roles import Role
from govproj.monitoring import services
from govproj.monitoring.importing import COLUMNS
from govproj.monitoring.models import Case, Doubt, ImportBatch, Payment

Kind = ImportBatch.Kind
PAYER = "钦州市教育局"  # an organisation of the seeded register (code jyj)
PAYER_ACCOUNT = "450700100000001"

_vouchers = itertools.count(1)

DEFAULTS = {
    Kind.PAYMENTS: lambda: {
        "voucher": f"PZ{next(_vouchers):08d}", "payer_name": PAYER, "payer_account": PAYER_ACCOUNT,
        "indicator_code": "ZB2024-001", "plan_code": "", "subject": "2050201", "paid_at": "2024-03-05 10:00:00",
        "amount": "1000.00", "method": "国库集中支付", "pay_type": "直接支付", "settlement": "转账",
        "purpose": "购置办公用品", "project_name": "", "payee_name": "钦州市文具有限公司",
        "payee_account": "622200000000000001", "payee_bank": "中国工商银行钦州分行", "large_approval_no": "",
        "agent_bank": "中国工商银行钦州分行",
    },
    Kind.INDICATORS: lambda: {"code": "ZB2024-001", "unit_name": PAYER, "subject": "2050201", "year": "2024",
                              "amount": "100000.00", "purpose": "日常运转"},
    Kind.PLANS: lambda: {"code": "JH2024-03-001", "indicator_code": "ZB2024-001", "month": "2024-03",
                         "amount": "50000.00"},
    Kind.ACCOUNTS: lambda: {"account": "450700200000001", "unit_name": PAYER, "kind": "实有资金账户",
                            "bank": "中国工商银行钦州分行", "parent_name": "", "opened_on": "2020-01-01",
                            "closed_on": ""},
    Kind.FEEDBACK: lambda: {"voucher": "", "bank": "中国工商银行钦州分行", "executed_at": "2024-03-05 11:00:00",
                            "amount": "1000.00", "payee_name": "钦州市文具有限公司",
                            "payee_account": "622200000000000001", "status": "支付成功"},
}


def record(kind: str, /, **fields) -> dict:
    """A complete record of ``kind`` (field-keyed) with the given fields replacing the defaults."""
    values = DEFAULTS[kind]()
    unknown = set(fields) - set(values)
    assert not unknown, f"unknown fields {unknown}"
    return {**values, **{k: str(v) if isinstance(v, Decimal) else v for k, v in fields.items()}}


def table(kind: str, records: list[dict]) -> list[list]:
    """Header row plus one row per field-keyed record, in the column order of ``importing.COLUMNS``."""
    columns = COLUMNS[kind]
    return [[c.header for c in columns]] + [[r.get(c.field, "") for c in columns] for r in records]


def csv_bytes(rows: list[list], encoding: str = "utf-8-sig") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def import_records(kind: str, records: list[dict], by=None, filename: str = "data.csv") -> ImportBatch:
    """Import field-keyed records through ``common.importing.import_data`` as a UTF-8 CSV."""
    return import_data(kind, by=by, filename=filename, data=csv_bytes(table(kind, records)))


def add(kind: str, *records: dict, by=None) -> ImportBatch:
    """``add(Kind.PAYMENTS, {"amount": "5.00"}, {...})``: each dict overrides the defaults of one record."""
    return import_records(kind, [record(kind, **r) for r in records], by=by)


def pay(**fields) -> str:
    """Import one payment and return its voucher."""
    r = record(Kind.PAYMENTS, **fields)
    import_records(Kind.PAYMENTS, [r])
    return r["voucher"]


@pytest.fixture
def monitor_finance(make_user):
    """A 市财政局 monitoring officer (role finance) who may import, set rules and screen."""
    return make_user("czj_monitor", Role.FINANCE, "czj")


def pdf(name="材料.pdf", body=b"%PDF-1.4 monitoring evidence"):
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def make_doubt(voucher: str, by, rule: str = "large_amount") -> Doubt:
    """The doubt ``rule`` raises on the payment, found by the real screening."""
    payment = Payment.objects.get(voucher=voucher)
    services.screen(by=by, payments=Payment.objects.filter(pk=payment.pk))
    return Doubt.objects.get(payment=payment, rule=rule)


def large_payment(**fields) -> str:
    return pay(**{"amount": "1500000.00", "large_approval_no": "", "purpose": "购置教学设备", **fields})


@pytest.fixture
def people(make_user, monitor_finance):
    return {
        "finance": monitor_finance,
        "finance2": make_user("czj_monitor2", Role.FINANCE, "czj"),
        "staff": make_user("jyj_staff", Role.UNIT_STAFF, "jyj"),
        "head": make_user("jyj_head", Role.UNIT_HEAD, "jyj"),
        "other": make_user("gaj_staff", Role.UNIT_STAFF, "gaj"),
        "oversight": make_user("sjj_oversight", Role.OVERSIGHT, "sjj"),
        "expert": make_user("expert", Role.EXPERT, "dsj"),
    }


def confirmed_case(people, voucher=None, rule="large_amount") -> Case:
    finance = people["finance"]
    doubt = make_doubt(voucher or large_payment(), finance, rule)
    services.doubt_verify(by=finance, doubt=doubt, method="phone", record="电话询问单位财务科，确认未办理大额审批。",
                          contact="教育局财务科 李科长", files=[pdf("通话记录.pdf")])
    services.doubt_conclude(by=finance, doubt=doubt, confirmed=True, conclusion="大额支付未按规定程序办理审批手续，确认违规。")
    return Case.objects.get(doubt=doubt)
