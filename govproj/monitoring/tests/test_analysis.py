"""The monitoring analysis (Art. 24–26) on planted data: every figure counted by hand, page, scope and exports.

Payments come in through the real importer and doubts are concluded through the real services, so
the cases, statuses and amounts are the ones the platform would hold. The doubts themselves are
planted (one per payment and rule, as screening would create them) so that the figures do not depend
on the screening finders, which have their own tests.
"""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from docx import Document

from govproj.audit.models import Action, AuditRecord
from govproj.common.roles import Role
from govproj.monitoring import selectors, services
from govproj.monitoring.analysis import report_docx, workbook_bytes
from govproj.monitoring.models import Case, Doubt, HandlingAction, Payment, RuleSetting
from govproj.monitoring.rules import BASELINE, RULES
from govproj.monitoring.selectors import Period
from govproj.testing.queries import flat

from .conftest import Kind, add

A = "钦州市教育局"  # jyj
B = "钦州市商务局"  # swj
C = "钦州市某未登记单位"  # not in the register: payer stays empty
ICBC, CCB = "中国工商银行钦州分行", "中国建设银行钦州分行"
PERIOD = Period(date(2024, 1, 1), date(2024, 6, 30))
TODAY = date(2024, 6, 30)  # after the one written opinion's deadline (2024-04-30)

# voucher: (payer, paid_at, amount, agent bank, [(rule, outcome)]); outcome confirmed / dismissed / pending / verifying
PLANTED = {
    "P01": (A, "2024-01-10 09:00:00", "1200000.00", ICBC,
            [("large_amount", "confirmed"), ("split_payment", "dismissed")]),
    "P02": (A, "2024-02-12 10:00:00", "3000.00", ICBC, [("prohibited_use", "confirmed")]),
    "P03": (A, "2024-03-05 10:00:00", "5000.00", ICBC, [("prohibited_use", "confirmed")]),
    "P04": (B, "2024-03-20 10:00:00", "800.50", CCB, [("cash_withdrawal", "confirmed")]),
    "P05": (B, "2024-03-21 10:00:00", "700.00", CCB, [("cash_withdrawal", "confirmed")]),
    "P06": (B, "2024-03-22 10:00:00", "600.00", CCB, [("cash_withdrawal", "confirmed")]),
    "P07": (B, "2024-04-01 10:00:00", "50000.00", CCB, [("over_plan", "pending"), ("late_payment", "verifying")]),
    "P08": (C, "2024-05-01 10:00:00", "20000.00", ICBC, [("unregistered_payee_account", "dismissed")]),
    # Outside the period: a third prohibited_use of A that must not count.
    "P09": (A, "2023-12-31 23:30:00", "999.00", ICBC, [("prohibited_use", "confirmed")]),
    "P10": (A, "2024-06-01 10:00:00", "100.00", ICBC, []),
}


def _plant(finance, vouchers=PLANTED, prefix=""):
    add(Kind.PAYMENTS, *[{"voucher": prefix + v, "payer_name": payer, "paid_at": paid_at, "amount": amount,
                          "agent_bank": bank} for v, (payer, paid_at, amount, bank, _d) in vouchers.items()])
    services.rule_settings_ensure()
    settings = {s.rule: s for s in RuleSetting.objects.filter(valid_from=BASELINE)}
    payments = {p.voucher: p for p in Payment.objects.all()}
    planted = []
    for v, (_payer, _at, _amount, _bank, found) in vouchers.items():
        for rule, outcome in found:
            doubt = Doubt.objects.create(payment=payments[prefix + v], rule=rule, setting=settings[rule],
                                         severity=RULES[rule].severity, message="测试疑点")
            planted.append((doubt, outcome))
    for doubt, outcome in planted:
        if outcome == "pending":
            continue
        services.doubt_verify(by=finance, doubt=doubt, method="materials", record="调阅支付凭证和合同",
                              on=date(2024, 4, 10))
        if outcome in ("confirmed", "dismissed"):
            finding = "确属违规" if outcome == "confirmed" else "手续齐全"
            services.doubt_conclude(by=finance, doubt=doubt, confirmed=outcome == "confirmed",
                                    conclusion=f"{doubt.payment.voucher}经核实{finding}")
    return payments


@pytest.fixture
def planted(orgs, monitor_finance):
    """The planted payments and doubts, one written opinion past its deadline (P03) and one closed case (P04)."""
    payments = _plant(monitor_finance)
    late = Case.objects.get(doubt__payment__voucher="P03")
    services.case_act(by=monitor_finance, case=late, kind=HandlingAction.Kind.WRITTEN_OPINION, text="限期整改",
                      deadline=date(2024, 4, 30), on=date(2024, 4, 12))
    done = Case.objects.get(doubt__payment__voucher="P04")
    services.case_submit_result(by=monitor_finance, case=done, text="已追回现金并入账", on=date(2024, 4, 15))
    services.case_review(by=monitor_finance, case=done, accepted=True, note="整改到位")
    return payments


def test_summary_counts_each_doubt_and_each_payment_once(planted, monitor_finance):
    s = selectors.summary(monitor_finance, PERIOD)
    assert (s["payments"], s["payments_amount"]) == (9, Decimal("1280200.50"))
    assert (s["total"], s["warn"], s["intercept"]) == (10, 8, 2)
    assert (s["confirmed"], s["dismissed"], s["open"], s["concluded"]) == (6, 2, 2, 8)
    assert s["confirmed_rate"] == Decimal("75.0") and s["dismissed_rate"] == Decimal("25.0")
    # P01 and P07 are each caught by two rules but are one payment each.
    assert (s["involved_payments"], s["involved_amount"]) == (8, Decimal("1280100.50"))
    assert (s["confirmed_payments"], s["confirmed_amount"]) == (6, Decimal("1210100.50"))
    assert s["doubt_rate"] == Decimal("88.9")


def test_by_rule_lists_every_rule_with_exact_counts(planted, monitor_finance):
    rows = {r["rule"]: r for r in selectors.by_rule(monitor_finance, PERIOD)}
    assert list(rows) == list(RULES)
    assert (rows["prohibited_use"]["total"], rows["prohibited_use"]["confirmed"],
            rows["prohibited_use"]["amount"]) == (2, 2, Decimal("8000.00"))
    assert (rows["cash_withdrawal"]["confirmed"], rows["cash_withdrawal"]["amount"]) == (3, Decimal("2100.50"))
    assert (rows["large_amount"]["intercept"], rows["large_amount"]["confirmed_amount"]) == (1, Decimal("1200000.00"))
    assert (rows["split_payment"]["dismissed"], rows["split_payment"]["confirmed_amount"]) == (1, Decimal("0.00"))
    assert (rows["over_plan"]["open"], rows["late_payment"]["open"]) == (1, 1)
    assert rows["year_end_rush"]["total"] == 0 and rows["year_end_rush"]["confirmed_rate"] is None
    assert sum(r["total"] for r in rows.values()) == 10


def test_by_unit_and_bank_sort_by_confirmed_then_doubts_and_count_payments_once(planted, monitor_finance):
    units = selectors.by_unit(monitor_finance, PERIOD)
    assert [u["name"] for u in units] == [B, A, C]
    b, a, c = units
    assert (b["total"], b["confirmed"], b["open"], b["payments"], b["amount"], b["confirmed_amount"]) == (
        5, 3, 2, 4, Decimal("52100.50"), Decimal("2100.50"))
    assert (a["total"], a["confirmed"], a["dismissed"], a["payments"], a["amount"], a["confirmed_amount"]) == (
        4, 3, 1, 3, Decimal("1208000.00"), Decimal("1208000.00"))
    assert (c["total"], c["dismissed"], c["amount"], c["confirmed_amount"]) == (1, 1, Decimal("20000.00"), 0)
    assert selectors.by_unit(monitor_finance, PERIOD, limit=1) == [b]
    banks = {r["name"]: r for r in selectors.by_bank(monitor_finance, PERIOD)}
    assert (banks[ICBC]["total"], banks[ICBC]["confirmed"], banks[ICBC]["amount"]) == (5, 3, Decimal("1228000.00"))
    assert (banks[CCB]["total"], banks[CCB]["confirmed"], banks[CCB]["amount"]) == (5, 3, Decimal("52100.50"))


def test_by_month_follows_the_payment_date_and_keeps_empty_months(planted, monitor_finance):
    months = selectors.by_month(monitor_finance, PERIOD)
    assert [m["label"] for m in months] == ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]
    assert [m["total"] for m in months] == [2, 1, 4, 2, 1, 0]
    assert [m["confirmed"] for m in months] == [1, 1, 4, 0, 0, 0]
    assert months[0]["amount"] == Decimal("1200000.00")  # P01 is caught by two rules but paid once
    assert sum(m["amount"] for m in months) == Decimal("1280100.50")


def test_month_boundaries_are_local_time(planted, monitor_finance):
    """P09 was paid at 23:30 Beijing time on 31 December (15:30 UTC): it belongs to 2023, not to the period."""
    december = Period(date(2023, 12, 31), date(2023, 12, 31))
    assert selectors.summary(monitor_finance, december)["total"] == 1
    assert [m["label"] for m in selectors.by_month(monitor_finance, december)] == ["2023-12"]


def test_recurring_problems_by_months_or_by_times(planted, monitor_finance):
    rows = selectors.recurring(monitor_finance, PERIOD)
    assert [(r["unit"], r["rule"], r["times"], r["months"], r["amount"]) for r in rows] == [
        (B, "cash_withdrawal", 3, 1, Decimal("2100.50")),  # three times in one month
        (A, "prohibited_use", 2, 2, Decimal("8000.00")),  # twice, in February and March
    ]
    assert (rows[1]["first"], rows[1]["last"]) == (date(2024, 2, 12), date(2024, 3, 5))
    # A's dismissed split payment and pending doubts never count; a higher bar drops both.
    assert selectors.recurring(monitor_finance, PERIOD, min_months=3, min_times=4) == []


def test_typical_cases_are_the_largest_confirmed_with_conclusion_and_case(planted, monitor_finance):
    typical = selectors.typical_cases(monitor_finance, PERIOD, limit=3)
    assert [d.payment.voucher for d in typical] == ["P01", "P03", "P02"]
    assert typical[0].conclusion == "P01经核实确属违规" and typical[0].case.number.startswith("JK")
    assert typical[0].rule_title == str(RULES["large_amount"].title)


def test_cases_open_and_overdue(planted, monitor_finance):
    c = selectors.cases(monitor_finance, PERIOD, today=TODAY)
    assert (c["total"], c["open"], c["submitted"], c["closed"], c["overdue"]) == (6, 5, 0, 1, 1)
    assert c["closed_rate"] == Decimal("16.7")
    assert [case.doubt.payment.voucher for case in c["unfinished"] if case.is_overdue] == ["P03"]
    assert selectors.cases(monitor_finance, PERIOD, today=date(2024, 4, 30))["overdue"] == 0


def test_a_unit_sees_only_its_own_payments(planted, make_user):
    staff = make_user("jyj_staff", Role.UNIT_STAFF, "jyj")
    s = selectors.summary(staff, PERIOD)
    assert (s["payments"], s["total"], s["confirmed"], s["dismissed"], s["confirmed_amount"]) == (
        4, 4, 3, 1, Decimal("1208000.00"))
    assert [u["name"] for u in selectors.by_unit(staff, PERIOD)] == [A]
    assert [r["unit"] for r in selectors.recurring(staff, PERIOD)] == [A]
    assert selectors.cases(staff, PERIOD, today=TODAY)["total"] == 3


# ---------------------------------------------------------------- the page


def test_page_shows_the_figures_and_charts_for_finance(planted, monitor_finance, login):
    client = login(monitor_finance)
    response = client.get(reverse("monitoring:analysis"), {"start": "2024-01-01", "end": "2024-06-30"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-figure="doubts">10<' in html and 'data-figure="confirmed">6<' in html
    assert 'data-figure="cases">6<' in html and "逾期未整改 1" in html
    for chart in ("chart-rule", "chart-month", "chart-unit"):
        assert f'id="{chart}"' in html and f'data-analysis-chart="{chart}"' in html
    assert "monitoring/analysis.js" in html and "vendor/echarts/echarts.min.js" in html
    assert B in html and C in html and "analysis-export" in html
    months = response.context["charts"]["month"]
    assert months["labels"][:3] == ["2024-01", "2024-02", "2024-03"] and months["series"][0]["data"][2] == 4


def test_htmx_gets_only_the_results(planted, monitor_finance, login):
    client = login(monitor_finance)
    response = client.get(reverse("monitoring:analysis"), {"start": "2024-03-01", "end": "2024-03-31"},
                          HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith('<div id="analysis-results"')
    assert 'data-figure="doubts">4<' in html


def test_default_period_and_bad_periods(planted, monitor_finance, login):
    client = login(monitor_finance)
    assert client.get(reverse("monitoring:analysis")).status_code == 200
    response = client.get(reverse("monitoring:analysis"), {"start": "2024-06-30", "end": "2024-01-01"})
    assert response.status_code == 400 and "起始日期不能晚于截止日期" in response.content.decode()
    assert client.get(reverse("monitoring:analysis"), {"start": "2024-13-01", "end": "x"}).status_code == 400
    assert client.get(reverse("monitoring:analysis_export"), {"format": "pdf"}).status_code == 400


def test_a_unit_page_is_scoped_and_cannot_export(planted, make_user, login):
    client = login(make_user("jyj_staff", Role.UNIT_STAFF, "jyj"))
    response = client.get(reverse("monitoring:analysis"), {"start": "2024-01-01", "end": "2024-06-30"})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-figure="doubts">4<' in html
    assert B not in html and C not in html and "analysis-export" not in html
    for kind in ("xlsx", "docx"):
        assert client.get(reverse("monitoring:analysis_export"), {"format": kind}).status_code == 403


def test_without_the_permission_403_and_anonymous_to_login(orgs, make_user, client):
    assert client.get(reverse("monitoring:analysis")).status_code == 302
    client.force_login(make_user("expert1", Role.EXPERT, "dsj"))
    assert client.get(reverse("monitoring:analysis")).status_code == 403
    assert client.get(reverse("monitoring:analysis_export"), {"format": "xlsx"}).status_code == 403


@pytest.mark.parametrize(("name", "fmt"), [("monitoring:analysis", ""), ("monitoring:analysis_export", "xlsx"),
                                         ("monitoring:analysis_export", "docx")])
def test_page_and_exports_query_count_does_not_grow_with_the_data(orgs, monitor_finance, login, name, fmt):
    _plant(monitor_finance)

    def grow():  # triples every payment, doubt and case: 30 doubts, so one query per row would show
        for prefix in ("X", "Y"):
            _plant(monitor_finance, prefix=prefix)

    params = {"start": "2024-01-01", "end": "2024-06-30", **({"format": fmt} if fmt else {})}
    response = flat(login(monitor_finance), reverse(name), grow, params)
    if not fmt:
        assert 'data-figure="doubts">30<' in response.content.decode()
    elif fmt == "xlsx":
        overview = openpyxl.load_workbook(io.BytesIO(response.content))["概况"]
        assert {row[0]: row[1] for row in overview.iter_rows(min_row=2, values_only=True)}["疑点数"] == 30


# ---------------------------------------------------------------- exports


def test_xlsx_export_has_every_table_with_the_figures_and_is_audited(planted, monitor_finance, login):
    client = login(monitor_finance)
    response = client.get(reverse("monitoring:analysis_export"),
                          {"format": "xlsx", "start": "2024-01-01", "end": "2024-06-30"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert ".xlsx" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["概况", "按预警规则", "按预算单位", "按代理银行", "按月份", "多发易发问题", "典型案例",
                               "未办结处理单"]
    overview = {row[0]: row[1] for row in book["概况"].iter_rows(min_row=2, values_only=True)}
    assert overview["疑点数"] == 10 and overview["确认违规"] == 6 and overview["违规确认率（%）"] == 75
    assert Decimal(str(overview["确认违规涉及金额（元）"])) == Decimal("1210100.5")
    units = list(book["按预算单位"].iter_rows(min_row=2, values_only=True))
    assert [u[0] for u in units] == [B, A, C] and units[1][1] == 4 and Decimal(str(units[1][9])) == Decimal("1208000")
    rules = {r[0]: r for r in book["按预警规则"].iter_rows(min_row=2, values_only=True)}
    assert rules[str(RULES["cash_withdrawal"].title)][5] == 3
    recurring = list(book["多发易发问题"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2], r[3]) for r in recurring] == [(B, 3, 1), (A, 2, 2)]
    assert [r[0] for r in book["典型案例"].iter_rows(min_row=2, values_only=True)] == [
        "P01", "P03", "P02", "P04", "P05", "P06"]
    cases = list(book["未办结处理单"].iter_rows(min_row=2, values_only=True))
    assert len(cases) == 5 and [c[3] for c in cases if c[7] == "是"] == ["P03"]
    record = AuditRecord.objects.filter(action=Action.EXPORT, object_type="monitoring.analysis").get()
    assert record.actor == monitor_finance and record.after["format"] == "xlsx" and record.after["doubts"] == 10
    assert record.object_id == "2024-01-01~2024-06-30"


def test_docx_report_has_counts_cases_recurring_problems_and_suggestions(planted, make_user, login):
    oversight = make_user("jd1", Role.OVERSIGHT, "sjj")
    client = login(oversight)
    response = client.get(reverse("monitoring:analysis_export"),
                          {"format": "docx", "start": "2024-01-01", "end": "2024-06-30"})
    assert response.status_code == 200 and ".docx" in response["Content-Disposition"]
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "钦州市本级财政预算执行动态监控分析报告" in text and "2024年1月1日至2024年6月30日" in text
    assert "监控国库集中支付 9 笔、金额 1,280,200.50 元" in text
    assert "疑点 10 个（预警 8 个、拦截 2 个）" in text
    assert "确认违规 6 个、排除疑点 2 个，违规确认率 75.0%" in text and "金额 1,210,100.50 元" in text
    assert "凭证号 P01" in text and "P01经核实确属违规" in text
    assert text.index("凭证号 P01") < text.index("凭证号 P03") < text.index("凭证号 P02")
    assert "现予通报" in text and B in cells and A in cells
    assert "逾期未整改 1 份" in text
    suggestions = text.split("六、存在的问题和建议")[1]
    assert "违反厉行节约规定的支出" in suggestions and "提取现金" in suggestions and "第二十六条" in suggestions
    assert "超用款计划支付" not in suggestions  # pending only: nothing confirmed to suggest about yet
    assert AuditRecord.objects.filter(action=Action.EXPORT, object_type="monitoring.analysis",
                                      actor=oversight, after__format="docx").exists()


def test_empty_period_exports_still_open(orgs, monitor_finance):
    data = selectors.analysis(monitor_finance, Period(date(2030, 1, 1), date(2030, 1, 31)))
    assert data["summary"]["total"] == 0 and data["summary"]["confirmed_rate"] is None
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(data)))
    assert book["按月份"]["A2"].value == "2030-01"
    text = "\n".join(p.text for p in Document(io.BytesIO(report_docx(data))).paragraphs)
    assert "违规确认率 —" in text and "本期未发现多发易发违规问题" in text and "本期尚无确认违规的案例" in text


@pytest.mark.e2e
def test_charts_draw_and_redraw_after_an_htmx_period_change(live_server, browser, planted, monitor_finance):
    """The three ECharts draw from the json_script data, and again when htmx swaps in another period."""
    from playwright.sync_api import expect

    from govproj.testing.browser import BrowserWalk

    walk = BrowserWalk(browser, live_server.url, "monitoring-analysis")
    errors = []
    walk.page.on("pageerror", lambda exc: errors.append(str(exc)))
    walk.login(monitor_finance.username, reverse("monitoring:analysis") + "?start=2024-01-01&end=2024-06-30")
    charts = walk.page.locator("[data-analysis-chart][data-rendered='1'] canvas")
    expect(charts).to_have_count(3)
    expect(walk.page.locator("[data-figure=doubts]")).to_have_text("10")
    walk.shot("half-year")
    walk.page.fill("#id_start", "2024-03-01")
    walk.page.fill("#id_end", "2024-03-31")
    walk.page.click("#analysis-period button[type=submit]")
    expect(walk.page.locator("[data-figure=doubts]")).to_have_text("4")
    expect(charts).to_have_count(3)
    assert "start=2024-03-01" in walk.page.url  # hx-push-url: the period is bookmarkable
    walk.shot("march")
    assert errors == []
