"""``govproj monitor import`` and ``govproj monitor screen`` on real files."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from govproj.audit.models import AuditRecord
from govproj.monitoring.models import (
    BankAccount,
    BankFeedback,
    ImportBatch,
    Indicator,
    Payment,
    RuleSetting,
)
from govproj.orgs.models import Organisation

from .conftest import Kind, csv_bytes, import_records, record, table

pytestmark = pytest.mark.usefixtures("orgs")
MODELS = (Payment, Indicator, BankAccount, BankFeedback, ImportBatch, RuleSetting, Organisation, AuditRecord)


@pytest.fixture
def write(tmp_path):
    """write(kind, *overrides) → path of a UTF-8 CSV of that kind."""
    def make(kind, *overrides, name=None):
        path = tmp_path / (name or f"{kind}.csv")
        path.write_bytes(csv_bytes(table(kind, [record(kind, **o) for o in overrides])))
        return str(path)
    return make


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("monitor", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def counts():
    return {m.__name__: m.objects.count() for m in MODELS}


def test_import_reports_created_then_skipped(write):
    path = write(Kind.PAYMENTS, {"voucher": "C1"}, {"voucher": "C2"})
    out, _err = run("import", "payments", path)
    assert out.strip() == "支付数据：共 2 行，新增 2 条，已存在 0 条"
    out, _err = run("import", "payments", path)
    assert "新增 0 条，已存在 2 条" in out
    assert set(Payment.objects.values_list("voucher", flat=True)) == {"C1", "C2"}
    assert ImportBatch.objects.filter(imported_by__isnull=True).count() == 2


def test_import_other_kinds(write):
    run("import", "accounts", write(Kind.ACCOUNTS, {"account": "A1"}))
    run("import", "indicators", write(Kind.INDICATORS, {"code": "ZB1"}))
    run("import", "plans", write(Kind.PLANS, {"code": "JH1", "indicator_code": "ZB1"}))
    run("import", "feedback", write(Kind.FEEDBACK, {"voucher": "C9"}))
    assert (BankAccount.objects.get().account, Indicator.objects.get().code, BankFeedback.objects.get().voucher) \
        == ("A1", "ZB1", "C9")


def test_import_rejected_file_lists_errors_and_exits_non_zero(write):
    path = write(Kind.PAYMENTS, {"voucher": "E1"}, {"voucher": "E2", "amount": "abc"},
                 {"voucher": "E3", "paid_at": "昨天"})
    err = StringIO()
    with pytest.raises(CommandError) as info:
        call_command("monitor", "import", "payments", path, stdout=StringIO(), stderr=err)
    assert info.value.returncode == 2
    assert err.getvalue().splitlines() == ["第 3 行「支付金额」：不是有效的金额",
                                           "第 4 行「支付时间」：无法识别的时间，请使用“2024-03-05 10:30:00”格式"]
    assert not Payment.objects.exists()


def test_missing_file(tmp_path):
    with pytest.raises(CommandError, match="文件不存在") as info:
        run("import", "payments", str(tmp_path / "none.csv"))
    assert info.value.returncode == 2


def test_screen_outputs_warnings_and_leaves_no_rows(write):
    # already on record: 800 of the 1,000 budget spent, and a payment that would warn if it were screened
    import_records(Kind.INDICATORS, [record(Kind.INDICATORS, code="ZB-OLD", amount="1000.00")])
    import_records(Kind.PAYMENTS, [record(Kind.PAYMENTS, voucher="OLD1", indicator_code="ZB-OLD", amount="800.00",
                                          paid_at="2024-03-01 09:00:00", purpose="购买茅台酒")])
    before = counts()
    payments = write(Kind.PAYMENTS,
                     {"voucher": "S1", "amount": "1000000.00", "indicator_code": "ZB-NEW",
                      "payee_name": "钦州市新设单位", "payee_account": "NEW-RF"},
                     {"voucher": "S2", "indicator_code": "ZB-OLD", "amount": "300.00"},
                     {"voucher": "S3", "indicator_code": "ZB-NEW", "amount": "10.00"})
    indicators = write(Kind.INDICATORS, {"code": "ZB-NEW", "amount": "2000000.00"})
    accounts = write(Kind.ACCOUNTS, {"account": "NEW-RF", "unit_name": "钦州市新设单位", "kind": "实有资金账户"})
    feedback = write(Kind.FEEDBACK, {"voucher": "S3", "executed_at": "2024-03-07 10:00:00", "amount": "10.00"})

    out, _err = run("screen", payments, "--indicators", indicators, "--accounts", accounts, "--feedback", feedback)
    result = json.loads(out)

    assert result["payments"] == 3
    assert all(set(w) == {"voucher", "rule", "severity", "message", "citation"} for w in result["warnings"])
    found = {(w["voucher"], w["rule"]): w for w in result["warnings"]}
    assert set(found) == {("S1", "large_amount"), ("S2", "over_indicator"), ("S3", "late_payment")}
    assert found[("S1", "large_amount")]["severity"] == "intercept"
    assert found[("S1", "large_amount")]["citation"] == "钦市财规〔2023〕1号第九条（一）10"
    assert "累计支付 1,100.00 元" in found[("S2", "over_indicator")]["message"]
    assert "OLD1" not in {w["voucher"] for w in result["warnings"]}
    assert counts() == before


def test_screen_rejected_file(write):
    path = write(Kind.PAYMENTS, {"voucher": "B1", "amount": "1.005"})
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("monitor", "screen", path, stdout=StringIO(), stderr=err)
    assert "第 2 行「支付金额」：金额最多保留两位小数" in err.getvalue()
    assert not Payment.objects.exists()


def test_screen_rejected_reference_file_rolls_back_everything(write):
    before = counts()
    payments = write(Kind.PAYMENTS, {"voucher": "R1"})
    plans = write(Kind.PLANS, {"month": "十三月"})
    with pytest.raises(CommandError):
        call_command("monitor", "screen", payments, "--plans", plans, stdout=StringIO(), stderr=StringIO())
    assert counts() == before
