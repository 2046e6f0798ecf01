"""The warning rules against planted violations, near misses and the exact boundaries of their parameters.

Data comes in through the real importer (``conftest.add``/``pay``) and screening runs on the database;
each test looks at one rule's findings only, because an ordinary test payment may trip others.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from govproj.monitoring import screening, services
from govproj.monitoring.models import Doubt, Payment
from govproj.monitoring.rules import RULES

from .conftest import Kind, add, pay

pytestmark = pytest.mark.usefixtures("orgs")

JKJ = "钦州市疾病预防控制局"  # child of 钦州市卫生健康委员会
WJW = "钦州市卫生健康委员会"
ZYYY = "钦州市中医医院"  # another child of 钦州市卫生健康委员会


def fired(rule: str, payments=None) -> dict[str, str]:
    """voucher → message for the findings of ``rule`` over ``payments`` (all by default)."""
    services.rule_settings_ensure()
    found = screening.screen(Payment.objects.all() if payments is None else payments)
    return {f.voucher: f.message for f in found if f.rule == rule}


def setting(by, rule: str, valid_from=date(2024, 1, 1), enabled=True, **params):
    return services.rule_setting_save(by=by, rule=rule, valid_from=valid_from, severity=RULES[rule].severity,
                                      enabled=enabled, params=params, note="测试调整")


def accounts(*rows):
    """Register bank accounts: (account, unit name, kind[, closed_on])."""
    add(Kind.ACCOUNTS, *({"account": a, "unit_name": unit, "kind": kind, "closed_on": closed}
                         for a, unit, kind, closed in (r + ("",) * (4 - len(r)) for r in rows)))


# ---------------------------------------------------------------- large_amount (Art. 9 (一)10)

@pytest.mark.parametrize("amount, approval, expected", [
    ("1000000.00", "", True),  # "100万元(含100万元)以上"
    ("999999.99", "", False),
    ("2500000.00", "DE2024-017", False),
])
def test_large_amount_boundary_and_approval(amount, approval, expected):
    voucher = pay(amount=amount, large_approval_no=approval)
    found = fired("large_amount")
    assert (voucher in found) is expected
    if expected:
        assert "1,000,000.00 元" in found[voucher] and "大额审批单号" in found[voucher]


def test_rule_version_changes_threshold_from_its_date_only(monitor_finance):
    setting(monitor_finance, "large_amount", valid_from=date(2024, 6, 1), threshold="500000")
    before = pay(amount="600000.00", paid_at="2024-05-31 23:59:59")
    after = pay(amount="600000.00", paid_at="2024-06-01 00:00:00")
    found = fired("large_amount")
    assert set(found) == {after} and before not in found
    assert "500,000.00 元" in found[after]


def test_disabled_rule_does_not_fire(monitor_finance):
    voucher = pay(purpose="购买茅台酒")
    assert voucher in fired("prohibited_use")
    setting(monitor_finance, "prohibited_use", enabled=False)
    assert fired("prohibited_use") == {}


def test_findings_carry_severity_and_citation(monitor_finance):
    voucher = pay(amount="1000000.00")
    services.rule_settings_ensure()
    [finding] = [f for f in screening.screen(Payment.objects.all()) if f.rule == "large_amount"]
    assert (finding.voucher, finding.severity) == (voucher, "intercept")
    assert finding.citation == "钦市财规〔2023〕1号第九条（一）10"


def test_services_screen_is_idempotent(monitor_finance):
    pay(amount="1000000.00", purpose="购买茅台酒")
    first = services.screen(by=monitor_finance)
    assert first["new_doubts"] >= 2
    count = Doubt.objects.count()
    second = services.screen(by=monitor_finance)
    assert second == {"findings": first["findings"], "new_doubts": 0}
    assert Doubt.objects.count() == count
    assert Doubt.objects.filter(rule="large_amount").count() == 1


def test_screening_is_set_based(monitor_finance):
    """The number of queries does not grow with the number of payments."""
    add(Kind.INDICATORS, {"amount": "10.00"})
    services.rule_settings_ensure()

    def queries(n):
        for i in range(n):
            pay(amount="600000.00", purpose="购买茅台酒" if i % 2 else "办公用品",
                paid_at=f"2024-12-{i % 28 + 1:02d} 09:00:00")
        with CaptureQueriesContext(connection) as ctx:
            assert screening.screen(Payment.objects.all())
        return len(ctx.captured_queries)

    assert queries(3) == queries(30)


# ---------------------------------------------------------------- over_indicator (Art. 9 (一)1)

def test_over_indicator_flags_payments_past_the_budget_in_payment_order():
    add(Kind.INDICATORS, {"code": "ZB-A", "amount": "100000.00"})
    third = pay(indicator_code="ZB-A", amount="0.01", paid_at="2024-03-03 09:00:00")
    first = pay(indicator_code="ZB-A", amount="60000.00", paid_at="2024-03-01 09:00:00")
    second = pay(indicator_code="ZB-A", amount="40000.00", paid_at="2024-03-02 09:00:00")
    found = fired("over_indicator")
    assert first not in found and second not in found  # exactly the budget is allowed
    assert set(found) == {third}
    assert "100,000.00 元" in found[third] and "100,000.01 元" in found[third] and "0.01 元" in found[third]


def test_over_indicator_sums_decimals_exactly():
    add(Kind.INDICATORS, {"code": "ZB-C", "amount": "0.30"})
    vouchers = [pay(indicator_code="ZB-C", amount="0.10", paid_at=f"2024-03-0{i + 1} 09:00:00") for i in range(3)]
    assert not set(vouchers) & set(fired("over_indicator"))
    fourth = pay(indicator_code="ZB-C", amount="0.10", paid_at="2024-03-09 09:00:00")
    assert set(fired("over_indicator")) == {fourth}


def test_over_indicator_counts_earlier_payments_outside_the_screened_set():
    add(Kind.INDICATORS, {"code": "ZB-B", "amount": "1000.00"})
    pay(indicator_code="ZB-B", amount="800.00", paid_at="2024-03-01 09:00:00")
    later = pay(indicator_code="ZB-B", amount="300.00", paid_at="2024-03-02 09:00:00")
    assert set(fired("over_indicator", Payment.objects.filter(voucher=later))) == {later}


def test_payment_on_unknown_indicator_is_flagged():
    voucher = pay(indicator_code="ZB-NONE")
    assert "ZB-NONE 不存在" in fired("over_indicator")[voucher]


# ---------------------------------------------------------------- over_plan (Art. 9 (一)9)

def test_over_plan_amount_boundary():
    add(Kind.PLANS, {"code": "JH-1", "month": "2024-03", "amount": "50000.00"})
    within = [pay(plan_code="JH-1", amount="30000.00", paid_at="2024-03-04 09:00:00"),
              pay(plan_code="JH-1", amount="20000.00", paid_at="2024-03-05 09:00:00")]
    over = pay(plan_code="JH-1", amount="0.01", paid_at="2024-03-06 09:00:00")
    found = fired("over_plan")
    assert set(found) == {over}
    assert "用款计划 JH-1 金额 50,000.00 元" in found[over]
    assert not set(within) & set(found)


def test_over_plan_month_edge_in_local_time():
    add(Kind.PLANS, {"code": "JH-2", "month": "2024-03", "amount": "50000.00"})
    last_moment = pay(plan_code="JH-2", paid_at="2024-03-31 23:59:59")
    next_month = pay(plan_code="JH-2", paid_at="2024-04-01 00:00:00")
    found = fired("over_plan")
    assert set(found) == {next_month} and last_moment not in found
    assert "2024年03月" in found[next_month]


def test_over_plan_ignores_payments_without_plan_and_flags_unknown_plan():
    without = pay(plan_code="")
    unknown = pay(plan_code="JH-NONE")
    found = fired("over_plan")
    assert without not in found
    assert "JH-NONE 不存在" in found[unknown]


def test_over_plan_reports_amount_and_month_in_one_finding():
    add(Kind.PLANS, {"code": "JH-3", "month": "2024-03", "amount": "100.00"})
    voucher = pay(plan_code="JH-3", amount="200.00", paid_at="2024-05-01 09:00:00")
    message = fired("over_plan")[voucher]
    assert "超出 100.00 元" in message and "不在计划月份内" in message


# ---------------------------------------------------------------- subject_mismatch

def test_subject_mismatch():
    add(Kind.INDICATORS, {"code": "ZB-S", "subject": "2050201"})
    wrong = pay(indicator_code="ZB-S", subject="2080501")
    right = pay(indicator_code="ZB-S", subject="2050201")
    no_indicator = pay(indicator_code="ZB-X", subject="2080501")
    found = fired("subject_mismatch")
    assert set(found) == {wrong}
    assert "2080501" in found[wrong] and "2050201" in found[wrong]
    assert right not in found and no_indicator not in found


# ---------------------------------------------------------------- own_account_transfer (Art. 9 (一)13)

def test_own_account_transfer_to_self_superior_and_subordinate_only():
    accounts(("WJW-RF", WJW, "实有资金账户"), ("JKJ-RF", JKJ, "实有资金账户"), ("ZYYY-RF", ZYYY, "实有资金账户"),
             ("JYJ-RF", "钦州市教育局", "实有资金账户"), ("JKJ-ZB", JKJ, "零余额账户"))
    to_superior = pay(payer_name=JKJ, payee_name=WJW, payee_account="WJW-RF")
    to_subordinate = pay(payer_name=WJW, payee_name=JKJ, payee_account="JKJ-RF")
    to_self = pay(payer_name=JKJ, payee_name=JKJ, payee_account="JKJ-RF")
    to_sibling = pay(payer_name=JKJ, payee_name=ZYYY, payee_account="ZYYY-RF")
    to_stranger = pay(payer_name=JKJ, payee_name="钦州市教育局", payee_account="JYJ-RF")
    to_zero_balance = pay(payer_name=WJW, payee_name=JKJ, payee_account="JKJ-ZB")
    found = fired("own_account_transfer")
    assert set(found) == {to_superior, to_subordinate, to_self}
    assert "上级主管部门" in found[to_superior] and "所属下级单位" in found[to_subordinate]
    assert "本单位" in found[to_self] and "1,000.00 元" in found[to_self]
    assert not {to_sibling, to_stranger, to_zero_balance} & set(found)


# ---------------------------------------------------------------- advance_repayment (Art. 9 (一)11)

def test_advance_repayment_needs_keyword_and_real_fund_account(monitor_finance):
    accounts(("JYJ-RF", "钦州市教育局", "实有资金账户"), ("JYJ-ZB", "钦州市教育局", "零余额账户"))
    planted = pay(purpose="归还垫付的差旅费", payee_name="钦州市教育局", payee_account="JYJ-RF")
    to_company = pay(purpose="归还垫付的差旅费")
    to_zero = pay(purpose="归还垫付的差旅费", payee_name="钦州市教育局", payee_account="JYJ-ZB")
    other_purpose = pay(purpose="拨付学校运转经费", payee_name="钦州市教育局", payee_account="JYJ-RF")
    found = fired("advance_repayment")
    assert set(found) == {planted}
    assert "“归还垫付”" in found[planted] and "JYJ-RF 为钦州市教育局的实有资金账户" in found[planted]
    assert not {to_company, to_zero, other_purpose} & set(found)
    setting(monitor_finance, "advance_repayment", keywords=["运转经费"])
    assert set(fired("advance_repayment")) == {other_purpose}


# ---------------------------------------------------------------- cash_withdrawal (Art. 9 (一)6)

def test_cash_withdrawal_by_settlement_type_or_purpose():
    by_settlement = pay(settlement="现金")
    by_type = pay(pay_type="现金支付")
    by_purpose = pay(purpose="提取备用金")
    card = pay(settlement="公务卡", purpose="差旅费")
    transfer = pay(settlement="转账", purpose="购置办公用品")
    found = fired("cash_withdrawal")
    assert set(found) == {by_settlement, by_type, by_purpose}
    assert "结算方式“现金”" in found[by_settlement] and "用途“提取备用金”" in found[by_purpose]
    assert card not in found and transfer not in found


def test_cash_withdrawal_minimum_is_inclusive(monitor_finance):
    setting(monitor_finance, "cash_withdrawal", min_amount="5000")
    at = pay(settlement="现金", amount="5000.00")
    below = pay(settlement="现金", amount="4999.99")
    found = fired("cash_withdrawal")
    assert set(found) == {at} and below not in found
    assert "起点 5,000.00 元" in found[at]


# ---------------------------------------------------------------- prohibited_use (Art. 9 (一)8)

def test_prohibited_use_keywords_case_insensitive_and_near_miss():
    liquor = pay(purpose="接待购买茅台酒")
    ktv = pay(purpose="职工ktv活动费")
    hotel = pay(purpose="差旅住宿酒店费")
    found = fired("prohibited_use")
    assert set(found) == {liquor, ktv}
    assert "“茅台”" in found[liquor] and "“KTV”" in found[ktv]
    assert hotel not in found


def test_prohibited_use_list_is_editable(monitor_finance):
    setting(monitor_finance, "prohibited_use", keywords="酒店、宾馆")
    hotel = pay(purpose="差旅住宿酒店费")
    assert set(fired("prohibited_use")) == {hotel}


# ---------------------------------------------------------------- year_end_rush (Art. 9 (一)9)

def _year(payer, jan, dec, *, year=2024):
    pay(payer_name=payer, amount=jan, paid_at=f"{year}-01-15 09:00:00")
    return pay(payer_name=payer, amount=dec, paid_at=f"{year}-12-15 09:00:00")


def test_year_end_rush_share_is_strict():
    equal = _year("钦州市教育局", "70000.00", "30000.00")  # exactly 30 %
    above = _year(WJW, "69999.99", "30000.01")
    found = fired("year_end_rush")
    assert set(found) == {above}
    assert "30.00%" in found[above] and "100,000.00 元" in found[above]
    assert equal not in found


def test_year_end_rush_minimum_year_total_is_inclusive():
    small = _year("钦州市教育局", "49999.99", "50000.00")  # 99,999.99 in the year
    at_minimum = _year(WJW, "50000.00", "50000.00")
    found = fired("year_end_rush")
    assert set(found) == {at_minimum} and small not in found


def test_year_end_rush_uses_local_calendar_and_flags_only_december():
    payer = JKJ
    pay(payer_name=payer, amount="10000.00", paid_at="2024-11-30 23:59:59")
    dec_first = pay(payer_name=payer, amount="90000.00", paid_at="2024-12-01 00:00:00")
    next_year = pay(payer_name=payer, amount="500000.00", paid_at="2025-01-01 00:00:00")
    found = fired("year_end_rush")
    assert set(found) == {dec_first} and next_year not in found
    assert "90.00%" in found[dec_first]


def test_year_end_rush_counts_the_whole_year_when_screening_december_only():
    dec = _year(JKJ, "10000.00", "90000.00")
    assert set(fired("year_end_rush", Payment.objects.filter(voucher=dec))) == {dec}


# ---------------------------------------------------------------- unregistered_payee_account (Art. 9 (一)12)

def test_unregistered_payee_account():
    accounts(("JKJ-1", JKJ, "实有资金账户"), ("JKJ-OLD", JKJ, "基本存款账户", "2024-02-01"),
             ("JYJ-1", "钦州市教育局", "基本存款账户"))
    unknown = pay(payee_name=JKJ, payee_account="999")
    by_short_name = pay(payee_name="市疾控局", payee_account="998")
    someone_elses = pay(payee_name=JKJ, payee_account="JYJ-1")
    registered = pay(payee_name=JKJ, payee_account="JKJ-1")
    closed_before = pay(payee_name=JKJ, payee_account="JKJ-OLD", paid_at="2024-01-31 18:00:00")
    closed_that_day = pay(payee_name=JKJ, payee_account="JKJ-OLD", paid_at="2024-02-01 09:00:00")
    company = pay(payee_name="钦州市文具有限公司", payee_account="777")
    no_register = pay(payee_name="钦州市统计局", payee_account="776")  # a unit with no account on file
    found = fired("unregistered_payee_account")
    assert set(found) == {unknown, by_short_name, someone_elses, closed_that_day}
    assert "2024-02-01 销户" in found[closed_that_day]
    assert "登记在钦州市教育局名下" in found[someone_elses]
    assert not {registered, closed_before, company, no_register} & set(found)


# ---------------------------------------------------------------- split_payment (Art. 9 (一)15)

def _pair(first, second, *, a="600000.00", b="600000.00", account="622200000000000001"):
    return (pay(amount=a, paid_at=first, payee_account=account),
            pay(amount=b, paid_at=second, payee_account=account))


def test_split_payment_window_edge_inclusive():
    inside = _pair("2024-03-01 10:00:00", "2024-03-08 10:00:00", account="ACC-1")
    outside = _pair("2024-03-01 10:00:00", "2024-03-08 10:00:01", account="ACC-2")
    found = fired("split_payment")
    assert set(found) == set(inside)
    assert "2 笔、合计 1,200,000.00 元" in found[inside[0]] and "ACC-1" in found[inside[0]]
    assert not set(outside) & set(found)


def test_split_payment_sum_boundary_and_large_payments_excluded():
    reaches = _pair("2024-03-01 10:00:00", "2024-03-02 10:00:00", a="500000.00", b="500000.00", account="ACC-3")
    short = _pair("2024-03-01 10:00:00", "2024-03-02 10:00:00", a="500000.00", b="499999.99", account="ACC-4")
    with_large = _pair("2024-03-01 10:00:00", "2024-03-02 10:00:00", a="1000000.00", b="10.00", account="ACC-5")
    found = fired("split_payment")
    assert set(found) == set(reaches)
    assert not (set(short) | set(with_large)) & set(found)


def test_split_payment_needs_same_payer_and_account(monitor_finance):
    pay(amount="600000.00", paid_at="2024-03-01 10:00:00", payee_account="ACC-6")
    pay(amount="600000.00", paid_at="2024-03-01 11:00:00", payee_account="ACC-7")
    pay(amount="600000.00", paid_at="2024-03-01 12:00:00", payee_account="ACC-8", payer_name=WJW)
    pay(amount="600000.00", paid_at="2024-03-01 13:00:00", payee_account="ACC-8")
    assert fired("split_payment") == {}


def test_split_payment_min_count_and_sliding_window(monitor_finance):
    setting(monitor_finance, "split_payment", min_count=3)
    # four payments over 12 days: only the three within one 7-day window form a cluster
    early = pay(amount="400000.00", paid_at="2024-03-01 10:00:00", payee_account="ACC-9")
    cluster = [pay(amount="400000.00", paid_at=f"2024-03-{d} 10:00:00", payee_account="ACC-9")
               for d in ("09", "10", "13")]
    two = _pair("2024-04-01 10:00:00", "2024-04-02 10:00:00", account="ACC-10")
    found = fired("split_payment")
    assert set(found) == set(cluster)
    assert early not in found and not set(two) & set(found)


# ---------------------------------------------------------------- no_fiscal_review (Art. 9 (一)4)

@pytest.fixture
def project(orgs):
    from govproj.projects.models import FiscalReview, Project

    def make(name, *, completed_on=None, submitted=True):
        p = Project.objects.create(name=name, unit=orgs["jyj"], category="egov", declaration_type="annual",
                                   plan_year=2024, total_investment=Decimal("3000000.00"), state="fiscal_review")
        if submitted:
            FiscalReview.objects.create(project=p, submitted_on=date(2024, 1, 10),
                                        submitted_amount=Decimal("3000000.00"), completed_on=completed_on)
        return p

    return make


def test_no_fiscal_review_never_fires_without_projects():
    pay(project_name="钦州市智慧教育云平台")
    assert fired("no_fiscal_review") == {}


def test_no_fiscal_review(project):
    project("项目甲", submitted=False)
    project("项目乙", completed_on=None)
    project("项目丙", completed_on=date(2024, 3, 5))
    project("项目丁", completed_on=date(2024, 3, 6))
    never = pay(project_name="项目甲", paid_at="2024-03-05 09:00:00")
    pending = pay(project_name="项目乙", paid_at="2024-03-05 09:00:00")
    same_day = pay(project_name="项目丙", paid_at="2024-03-05 09:00:00")
    too_early = pay(project_name="项目丁", paid_at="2024-03-05 09:00:00")
    not_a_project = pay(project_name="其他项目", paid_at="2024-03-05 09:00:00")
    found = fired("no_fiscal_review")
    assert set(found) == {never, pending, too_early}
    assert "财政投资评审中" in found[pending]
    assert "2024-03-06 才完成" in found[too_early]
    assert same_day not in found and not_a_project not in found


# ---------------------------------------------------------------- bank feedback (Art. 9 (二)2–3)

def _fed(*, executed_at="2024-03-05 11:00:00", **feedback):
    voucher = pay(paid_at="2024-03-05 10:00:00", amount="1000.00")
    add(Kind.FEEDBACK, {"voucher": voucher, "executed_at": executed_at, **feedback})
    return voucher


def test_bank_feedback_mismatch_per_element():
    same = _fed()
    amount = _fed(amount="999.99")
    account = _fed(payee_account="622200000000000009")
    name = _fed(payee_name="钦州市文具公司")
    no_feedback = pay()
    found = fired("bank_feedback_mismatch")
    assert set(found) == {amount, account, name}
    assert "金额：支付指令为 1,000.00 元，银行反馈为 999.99 元" in found[amount]
    assert "收款人账号" in found[account] and "622200000000000009" in found[account]
    assert "收款人名称" in found[name]
    assert same not in found and no_feedback not in found


def test_late_payment_boundary(monitor_finance):
    on_time = _fed(executed_at="2024-03-06 10:00:00")  # exactly 24 hours
    late = _fed(executed_at="2024-03-06 10:00:01")
    found = fired("late_payment")
    assert set(found) == {late}
    assert "超过 24 小时时限" in found[late]
    assert on_time not in found
    setting(monitor_finance, "late_payment", max_hours=48)
    assert fired("late_payment") == {}
