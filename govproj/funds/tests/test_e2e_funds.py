"""The special fund walked through the browser, each role logging in for its own step.

Funding call → application → verification → arrangement plan → municipal approval → allocation →
contract → payment → quarterly report, on today's date (the 2024 rules: the lead department is 大数据发展局).
Screenshots of every stage land in ``test-artifacts/e2e/`` (or ``$E2E_ARTIFACTS``).
"""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from govproj.audit.models import AuditRecord
from govproj.funds import services
from govproj.funds.models import (
    Allocation,
    Application,
    ArrangementPlan,
    Contract,
    FundReport,
    Payment,
)
from govproj.projects import services as project_services
from govproj.testing.browser import BrowserWalk

PDF = b"%PDF-1.4\n% govproj funds e2e\n"
YEAR = 2026
PROJECT_NAME = "钦州市智慧教育云平台"


class Walk(BrowserWalk):
    def upload(self, kind):
        self.op("upload", selects={"kind": kind}, files={"file": (f"{kind}.pdf", PDF)})


def yuan(amount):
    """An amount as the pages print it (the ``yuan`` filter), matched grouped or not."""
    whole, cents = f"{Decimal(amount):.2f}".split(".")
    groups = re.sub(r"(?<=\d)(?=(\d{3})+$)", ",?", whole)
    return re.compile(rf"(?<![\d,]){groups}\.{cents}")


def audited(object_type, **filters):
    return AuditRecord.objects.filter(object_type=object_type, **filters).exists()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_fund_walk_through_the_browser(live_server, browser, cast, orgs, constructing, money_path):
    today = timezone.localdate()
    assert today.year == YEAR, "the walk is dated in the 2026 fund year (calls, spending plans, reports)"
    staff, lead, finance, government = cast["staff"], cast["lead"], cast["finance"], cast["government"]

    # ---- setup through the services: a project under construction, money pooled, progress reported
    project = constructing(on=date(YEAR, 3, 2), name=PROJECT_NAME)
    services.pool_add(by=finance, year=YEAR, unit=orgs["jyj"], kind="construction", amount=Decimal("8000000"),
                      note="教育信息化经费统筹", on=date(YEAR, 3, 2))
    # Equipment money arrived in August: its Q3 report (due 10 October) is the period open to report today.
    # (The construction money allocated below, today, owes Q4 and the year-end, which open on 1 December.)
    money_path(project, kind="equipment", amount=Decimal("200000.00"), on=date(YEAR, 8, 3))
    project_services.progress_report(by=staff, project=project, period=f"{YEAR}年10月", percent=60,
                                     summary="完成平台部署和数据对接", on=date(YEAR, 11, 2))

    walk = Walk(browser, live_server.url, "funds")

    # ---- the lead department drafts and issues the call
    walk.login("dsj_review", "/funds/calls/")
    title = f"{YEAR}年大数据产业发展专项资金申报通知"
    walk.op("create", fields={"title": title, "ref": f"钦大数发〔{YEAR}〕30号",
                              "directions": "教育、政务服务数字化", "stage_plan": "12月底前完成核定和下达",
                              "deadline": f"{YEAR}-12-31", "year": YEAR})
    walk.page.click(f"#call-list a:text-is('{title}')")
    expect(walk.page.locator("#call-status")).to_have_text("草稿")
    walk.op("issue")
    expect(walk.page.locator("#call-status")).to_have_text("已发布")
    call_url = walk.page.url

    # ---- the unit applies; F3 refuses the submission without the construction plan (Art. 18)
    walk.login("jyj_staff", "/funds/calls/")
    walk.page.click(f"#call-list a:text-is('{title}')")
    assert walk.page.url == call_url
    walk.op("apply", selects={"project": project.pk, "kind": "construction"},
            fields={"cost_basis": "3000000", "requested": "1000000", "planned_completion": f"{YEAR}-12-31",
                    "description": "平台开发和数据对接"})
    app = Application.objects.get(project=project, kind="construction")
    assert walk.page.url == live_server.url + f"/funds/applications/{app.pk}/"
    app_url = walk.page.url
    expect(walk.page.locator("#application-status")).to_have_text("草稿")
    walk.upload("region_requirements")
    walk.op("submit", ok=False)
    refused = walk.refused()
    assert "F3" in refused and "第十八条" in refused and "项目建设方案" in refused, refused
    walk.shot("application-refused-f3")
    walk.upload("construction_plan")
    expect(walk.page.locator("#documents")).to_contain_text("construction_plan.pdf")
    walk.op("submit")
    expect(walk.page.locator("#application-status")).to_have_text("已申报待核定")
    walk.shot("application-submitted")

    # ---- the lead department verifies it with a cut
    walk.login("dsj_review", app_url)
    walk.op("verify", fields={"verified_amount": "900000", "note": "数据对接费用按“过紧日子”要求核减 10 万元"})
    expect(walk.page.locator("#application-status")).to_have_text("已核定")
    expect(walk.page.locator("#verified")).to_contain_text(yuan(900000))
    walk.shot("application-verified")

    # ---- the lead department draws up the arrangement plan and submits it
    walk.goto(f"/funds/{YEAR}/")
    walk.op("plan")
    walk.page.locator("#plans a").last.click()
    plan = ArrangementPlan.objects.get(status=ArrangementPlan.Status.DRAFT)
    assert walk.page.url == live_server.url + f"/funds/plans/{plan.pk}/"
    plan_url = walk.page.url
    walk.op("add", selects={"application": app.pk})
    expect(walk.page.locator("#plan-total")).to_have_text(yuan(900000))
    walk.op("submit")
    expect(walk.page.locator("#plan-status")).to_have_text("报市人民政府审定")

    # ---- the municipal government approves it
    walk.login("szf_gov", plan_url)
    walk.op("decide", radios={"decision": "yes"}, fields={"decision_ref": f"钦政阅〔{YEAR}〕88号"})
    expect(walk.page.locator("#plan-status")).to_have_text("市人民政府已审定")

    # ---- finance allocates the money
    walk.login("czj_finance", plan_url)
    walk.op("allocate", fields={"allocation_ref": f"钦财建〔{YEAR}〕66号"})
    expect(walk.page.locator("#plan-status")).to_have_text("资金已下达")
    walk.shot("plan-allocated")
    allocation = Allocation.objects.get(project=project, kind="construction")

    # ---- the unit plans its spending, registers the contract and pays within contract, plan and progress
    walk.login("jyj_staff", f"/funds/projects/{project.pk}/")
    walk.op("spending_plan", selects={"allocation": allocation.pk},
            fields={"month": today.strftime("%Y-%m"), "amount": "300000"})
    planned = re.compile(rf"{today:%Y-%m}：{yuan(300000).pattern}")
    expect(walk.page.locator(f"#allocation-{allocation.pk}")).to_contain_text(planned)
    walk.op("contract", selects={"allocation": allocation.pk},
            fields={"number": f"QZJY-{YEAR}-017", "title": "智慧教育云平台开发", "supplier": "广西某科技有限公司",
                    "amount": "800000", "procurement": "公开招标", "signed_on": today.isoformat()},
            files={"file": ("合同.pdf", PDF)})
    contract = Contract.objects.get(number=f"QZJY-{YEAR}-017")
    payment = {"amount": "200000", "paid_on": today.isoformat(), "voucher": f"PZ-{YEAR}-1123",
               "purpose": "首期进度款"}
    walk.op("payment", selects={"contract": contract.pk}, fields={**payment, "amount": "850000"}, ok=False)
    refused = walk.refused()
    assert "合同" in refused and "第二十一条" in refused, refused
    assert walk.page.input_value("[name='payment-voucher']") == payment["voucher"]  # what was typed is kept
    walk.shot("payment-refused-over-contract")
    walk.op("payment", selects={"contract": contract.pk}, fields=payment)
    expect(walk.page.locator("#total-paid")).to_have_text(yuan(200000))
    walk.shot("payment-recorded")

    # ---- the unit reports the quarter's use of the money (Art. 27)
    q3 = FundReport.objects.get(project=project, year=YEAR, period="Q3")
    walk.op("report", selects={"report": q3.pk},
            fields={"used_amount": "200000", "summary": "设备购置和平台开发款按进度拨付", "problems": "无"})
    expect(walk.page.locator("#reports")).to_contain_text(today.isoformat())
    walk.shot("report-submitted")

    # ---- finance reads the ledger and its chart
    walk.login("czj_finance", "/funds/")
    expect(walk.page.locator(".fund-chart[data-rendered='1']")).to_have_count(1)
    expect(walk.page.locator(".fund-chart canvas")).not_to_have_count(0)
    expect(walk.page.locator("#years")).to_contain_text(str(YEAR))
    walk.page.evaluate("""() => new Promise(done => {  // the bars grow in for a second: shoot them grown
        echarts.getInstanceByDom(document.querySelector(".fund-chart")).on("finished", done);
        setTimeout(done, 3000);
    })""")
    walk.shot("ledger")

    # ---- what the walk left in the records
    app.refresh_from_db()
    allocation.refresh_from_db()
    assert app.status == Application.Status.VERIFIED and app.verified_amount == Decimal("900000.00")
    assert allocation.amount == app.verified_amount
    assert allocation.contracted == Decimal("800000.00") and allocation.paid == Decimal("200000.00")
    paid = Payment.objects.get(contract=contract)
    assert paid.amount == Decimal("200000.00") and paid.progress_percent == 60 and paid.recorded_by == staff
    q3.refresh_from_db()
    assert q3.submitted_on == today and q3.used_amount == Decimal("200000.00") and q3.submitted_by == staff
    plan.refresh_from_db()
    assert plan.status == ArrangementPlan.Status.ALLOCATED and plan.allocation_ref == f"钦财建〔{YEAR}〕66号"
    call = app.call
    for object_type, obj, actor in [("funds.call", call, lead), ("funds.application", app, staff),
                                    ("funds.application", app, lead), ("funds.arrangementplan", plan, lead),
                                    ("funds.arrangementplan", plan, government),
                                    ("funds.arrangementplan", plan, finance), ("funds.contract", contract, staff),
                                    ("funds.payment", paid, staff), ("funds.fundreport", q3, staff)]:
        assert audited(object_type, object_id=str(obj.pk), actor=actor), (object_type, actor.username)
    assert audited("funds.funddocument", actor=staff)
    assert audited("funds.planline", actor=lead)
    assert audited("funds.spendingplan", actor=staff)
    steps = set(AuditRecord.objects.filter(object_type="funds.application", object_id=str(app.pk)).values_list(
        "after__step", flat=True))
    assert {"submit", "verify"} <= steps
