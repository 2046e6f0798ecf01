"""The importer against the files the treasury and the banks actually produce, and against broken ones."""

import io
from datetime import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.test import override_settings
from django.utils import timezone
from openpyxl import Workbook

from govproj.common.importing import FileRejected, import_data
from govproj.monitoring.models import BankAccount, ImportBatch, Payment

from .conftest import PAYER, Kind, csv_bytes, import_records, record, table

pytestmark = pytest.mark.usefixtures("orgs")


def import_bytes(data: bytes, filename="支付数据.csv", kind=Kind.PAYMENTS, by=None):
    return import_data(kind, by=by, filename=filename, data=data)


def rejected(data: bytes, filename="支付数据.csv", kind=Kind.PAYMENTS) -> list[tuple[int, str, str]]:
    with pytest.raises(FileRejected) as info:
        import_bytes(data, filename, kind)
    return [(e.row, e.column, e.message) for e in info.value.errors]


def payment_table(*overrides: dict) -> list[list]:
    return table(Kind.PAYMENTS, [record(Kind.PAYMENTS, **o) for o in overrides])


def xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_utf8_bom_csv(monitor_finance):
    data = csv_bytes(payment_table({"voucher": "U1", "purpose": "购置办公用品", "amount": "1234.56"}))
    assert data.startswith(b"\xef\xbb\xbf")
    batch = import_bytes(data, by=monitor_finance)
    payment = Payment.objects.get(voucher="U1")
    assert (batch.created, batch.skipped, batch.imported_by) == (1, 0, monitor_finance)
    assert (payment.purpose, payment.amount, payment.payer.code) == ("购置办公用品", Decimal("1234.56"), "jyj")
    assert timezone.localtime(payment.paid_at) == timezone.make_aware(datetime(2024, 3, 5, 10, 0))


@pytest.mark.parametrize("encoding", ["gb18030", "gbk"])
def test_chinese_encoded_csv(encoding):
    import_bytes(csv_bytes(payment_table({"voucher": "G1", "payee_name": "钦州市文具有限公司"}), encoding=encoding))
    assert Payment.objects.get(voucher="G1").payee_name == "钦州市文具有限公司"


def test_xlsx_with_datetime_cells_numeric_accounts_and_amounts():
    rows = payment_table({"voucher": "X1"}, {"voucher": "X2"})
    header = rows[0]
    col = {h: i for i, h in enumerate(header)}
    rows[1][col["支付时间"]] = datetime(2024, 3, 5, 10, 30, 15)
    rows[1][col["支付金额"]] = 1200000.5
    rows[1][col["收款人账号"]] = 450700100000001
    rows[2][col["支付金额"]] = "1,200,000.00"
    rows[2][col["支付时间"]] = "2024/03/06 09:00"
    import_bytes(xlsx(rows), filename="支付数据.xlsx")
    first, second = Payment.objects.get(voucher="X1"), Payment.objects.get(voucher="X2")
    assert timezone.localtime(first.paid_at) == timezone.make_aware(datetime(2024, 3, 5, 10, 30, 15))
    assert first.amount == Decimal("1200000.50") and first.payee_account == "450700100000001"
    assert second.amount == Decimal("1200000.00")
    assert timezone.localtime(second.paid_at).date().isoformat() == "2024-03-06"


def test_report_export_with_title_rows_above_and_a_total_line_below():
    """Treasury systems export a report: title, unit and period above the headers, 合计 under the data."""
    rows = payment_table({"voucher": "T1", "amount": "100.00"}, {"voucher": "T2", "amount": "250.50"})
    total = ["合 计", *[""] * (len(rows[0]) - 1)]
    total[rows[0].index("支付金额")] = "350.50"
    title = [["钦州市本级国库集中支付明细表"], ["制表单位：钦州市财政局", "", "期间：2024年3月"], []]
    import_bytes(xlsx([*title, *rows, total]), filename="支付明细表.xlsx")
    assert set(Payment.objects.values_list("voucher", flat=True)) == {"T1", "T2"}
    assert Payment.objects.aggregate(total=Sum("amount"))["total"] == Decimal("350.50")
    # row numbers stay those of the file: the header is row 4, so the second payment is row 6
    rows[2][rows[0].index("支付金额")] = "abc"
    assert rejected(xlsx([*title, *rows, total]), filename="支付明细表.xlsx") == [(6, "支付金额", "不是有效的金额")]


@pytest.mark.parametrize("header", ["支付金额（元）", "支付金额(元)", " 支付 金额 ", "*支付金额"])
def test_header_variants(header):
    rows = payment_table({"voucher": "H1", "amount": "88.00"})
    rows[0] = [header if h == "支付金额" else h for h in rows[0]]
    import_bytes(csv_bytes(rows))
    assert Payment.objects.get(voucher="H1").amount == Decimal("88.00")


def test_columns_in_any_order_and_optional_columns_may_be_missing():
    rows = payment_table({"voucher": "O1"})
    keep = [i for i, h in enumerate(rows[0]) if h not in ("用途", "大额审批单号", "用款计划")]
    rows = [[row[i] for i in reversed(keep)] for row in rows]
    import_bytes(csv_bytes(rows))
    assert Payment.objects.get(voucher="O1").purpose == ""


def test_missing_required_column():
    rows = payment_table({"voucher": "M1"})
    drop = rows[0].index("收款人账号")
    errors = rejected(csv_bytes([[c for i, c in enumerate(row) if i != drop] for row in rows]))
    assert errors == [(1, "收款人账号", "缺少必需的列")]


def test_bad_cells_reported_with_row_and_column_and_nothing_committed():
    rows = payment_table({"voucher": "B1"}, {"voucher": "B2", "amount": "abc"},
                         {"voucher": "B3", "paid_at": "三月五日"}, {"voucher": "B4", "payee_name": ""},
                         {"voucher": "B5", "amount": "-5.00"})
    errors = rejected(csv_bytes(rows))
    assert [(row, column) for row, column, _m in errors] == [
        (3, "支付金额"), (4, "支付时间"), (5, "收款人名称"), (6, "支付金额")]
    assert errors[0][2] == "不是有效的金额" and errors[2][2] == "不能为空" and errors[3][2] == "金额必须大于零"
    assert not Payment.objects.exists() and not ImportBatch.objects.exists()


def test_error_text_names_row_and_column():
    with pytest.raises(FileRejected) as info:
        import_bytes(csv_bytes(payment_table({"voucher": "E1", "amount": "1.005"})))
    assert str(info.value.errors[0]) == "第 2 行「支付金额」：金额最多保留两位小数"


@pytest.mark.parametrize("amount", ["100.005", "0.001", "1,000.125"])
def test_three_decimals_rejected(amount):
    assert rejected(csv_bytes(payment_table({"amount": amount}))) == [(2, "支付金额", "金额最多保留两位小数")]


def test_amount_beyond_the_column_rejected():
    """Money columns hold 16 digits with 2 decimals; a larger figure is a typing error, not a payment."""
    assert rejected(csv_bytes(payment_table({"amount": "100000000000000.00"})))[0][1] == "支付金额"
    import_bytes(csv_bytes(payment_table({"voucher": "BIG", "amount": "123,456,789,012.34"})))
    assert Payment.objects.get(voucher="BIG").amount == Decimal("123456789012.34")


def test_reimport_of_same_voucher_is_a_no_op():
    data = csv_bytes(payment_table({"voucher": "R1", "amount": "10.00"}))
    import_bytes(data)
    again = import_bytes(data)
    changed = import_bytes(csv_bytes(payment_table({"voucher": "R1", "amount": "99.00"}, {"voucher": "R2"})))
    assert (again.created, again.skipped) == (0, 1)
    assert (changed.created, changed.skipped) == (1, 1)
    assert Payment.objects.get(voucher="R1").amount == Decimal("10.00")
    assert Payment.objects.count() == 2


def test_duplicate_voucher_in_one_file():
    same = record(Kind.PAYMENTS, voucher="D1")
    batch = import_records(Kind.PAYMENTS, [same, dict(same)])
    assert (batch.rows, batch.created) == (1, 1)  # the same record twice counts once
    errors = rejected(csv_bytes(table(Kind.PAYMENTS, [record(Kind.PAYMENTS, voucher="D2", amount="1.00"),
                                                      record(Kind.PAYMENTS, voucher="D2", amount="2.00")])))
    assert errors == [(3, "凭证号", "与第 2 行重复但内容不同")]
    assert not Payment.objects.filter(voucher="D2").exists()


def test_decimal_exactness():
    import_records(Kind.PAYMENTS, [record(Kind.PAYMENTS, voucher=f"C{i}", amount="0.10") for i in range(3)])
    assert Payment.objects.aggregate(total=Sum("amount"))["total"] == Decimal("0.30")
    assert {p.amount for p in Payment.objects.all()} == {Decimal("0.10")}


def test_blank_lines_skipped_and_empty_file_rejected():
    rows = payment_table({"voucher": "BL1"})
    import_bytes(csv_bytes([[], rows[0], [""] * len(rows[0]), rows[1], []]))
    assert Payment.objects.filter(voucher="BL1").exists()
    assert rejected(b"") == [(1, "", "文件为空。")]


def test_accounts_register_units_under_their_superior():
    import_records(Kind.ACCOUNTS, [
        record(Kind.ACCOUNTS, account="A1", unit_name=PAYER, kind="零余额"),
        record(Kind.ACCOUNTS, account="A2", unit_name="钦州市第一中学", kind="实有资金账户", parent_name=PAYER,
               closed_on="2024年2月1日"),
    ])
    new = BankAccount.objects.get(account="A2")
    assert (new.unit.name, new.unit.parent.name, new.kind) == ("钦州市第一中学", PAYER, BankAccount.Kind.REAL_FUND)
    assert new.closed_on.isoformat() == "2024-02-01"
    assert BankAccount.objects.get(account="A1").kind == BankAccount.Kind.ZERO_BALANCE


def test_wrong_account_kind_and_month_rejected():
    assert rejected(csv_bytes(table(Kind.ACCOUNTS, [record(Kind.ACCOUNTS, kind="活期")])), kind=Kind.ACCOUNTS)[0][:2] \
        == (2, "账户类型")
    assert rejected(csv_bytes(table(Kind.PLANS, [record(Kind.PLANS, month="2024-13")])), kind=Kind.PLANS)[0][:2] \
        == (2, "计划月份")


def test_unit_user_may_not_import(make_user):
    from django.core.exceptions import PermissionDenied

    from govproj.common.roles import Role

    staff = make_user("jyj_clerk", Role.UNIT_STAFF, "jyj")
    with pytest.raises(PermissionDenied):
        import_bytes(csv_bytes(payment_table({"voucher": "P1"})), by=staff)
    assert not Payment.objects.exists()


def test_names_are_stored_with_full_width_brackets_however_typed():
    """Banks and units type 广西北部湾(钦州)… or 广西北部湾（钦州）…; both name the same registered company."""
    import_bytes(csv_bytes(payment_table({"voucher": "PZ-BR-1", "payee_name": "广西北部湾(钦州) 科技 有限公司"})))
    assert Payment.objects.get(voucher="PZ-BR-1").payee_name == "广西北部湾（钦州） 科技 有限公司"


@override_settings(MONITORING_IMPORT_MAX_ROWS=3)
def test_a_file_over_the_row_limit_is_refused_and_nothing_imported():
    assert rejected(csv_bytes(payment_table(*({"voucher": f"L{i}"} for i in range(4))))) == [
        (0, "", "文件超过 3 行的导入上限，未导入；请拆分为多个文件后分别导入。")]
    assert not Payment.objects.exists() and not ImportBatch.objects.exists()
