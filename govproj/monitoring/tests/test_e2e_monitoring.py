"""Payment monitoring walked through the browser, finance and the paying unit each logging in for their step.

Import a payments CSV (preview → confirm) → screen → open the doubt → phone verification with an
attachment → confirm the violation → written opinion with a deadline → the unit submits its
rectification result with evidence → finance accepts and the 监控处理单 closes.
Screenshots land in ``test-artifacts/e2e/`` (or ``$E2E_ARTIFACTS``).
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from govproj.audit.models import AuditRecord
from govproj.common.roles import Role
from govproj.monitoring.models import Case, Doubt, ImportBatch, Payment
from govproj.testing.browser import BrowserWalk as Walk

from .conftest import Kind, csv_bytes, record, table

PDF = b"%PDF-1.4\n% govproj monitoring e2e\n"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_monitoring_walk_through_the_browser(live_server, browser, orgs, make_user):
    finance = make_user("czj_monitor", Role.FINANCE, "czj")
    staff = make_user("jyj_staff", Role.UNIT_STAFF, "jyj")
    big = record(Kind.PAYMENTS, amount="1680000.00", large_approval_no="", purpose="采购教学设备",
                 payee_name="广西某教育装备有限公司", payee_account="622200000000000777")
    rows = [big] + [record(Kind.PAYMENTS, amount=f"{100 + i}.00") for i in range(4)]
    data = csv_bytes(table(Kind.PAYMENTS, rows))

    w = Walk(browser, live_server.url, "monitoring")
    page = w.page

    # ---- finance: import with preview, then screen
    w.login(finance.username, "/monitoring/imports/")
    page.select_option("select[name=kind]", "payments")
    page.set_input_files("input[name=file]", {"name": "2024年3月支付数据.csv", "mimeType": "text/csv", "buffer": data})
    with page.expect_navigation():
        page.click("#preview-import")
    expect(page.locator("#preview-new")).to_have_text("5")
    expect(page.locator("#preview-table tbody tr")).to_have_count(5)
    assert not Payment.objects.exists()
    w.shot("preview")
    with page.expect_navigation():
        page.click("#confirm-import")
    expect(page.locator("#batches")).to_contain_text("2024年3月支付数据.csv")
    assert ImportBatch.objects.get().created == 5 and Payment.objects.count() == 5
    with page.expect_navigation():
        page.click("#run-screen")
    expect(page.locator(".alert-success")).to_contain_text("筛查完成")
    w.shot("screened")
    doubt = Doubt.objects.get(payment__voucher=big["voucher"], rule="large_amount")

    # ---- open the doubt from the list, verify by phone with the call notes, confirm
    w.goto("/monitoring/doubts/?rule=large_amount")
    with page.expect_navigation():
        page.click(f"#doubts a:has-text('{big['voucher']}')")
    expect(page.locator("#rule-title")).to_contain_text("大额资金支付未按规定程序办理手续")
    expect(page.locator("#rule-citation")).to_contain_text("钦市财规〔2023〕1号")
    w.op("verify", selects={"method": "phone"}, fields={"contact": "市教育局财务科 李科长",
                                                         "record": "电话核实：该笔支付未报经大额资金审批。"},
         files={"files": ("电话核实记录.pdf", PDF)})
    expect(page.locator("#verifications")).to_contain_text("电话核实记录.pdf")
    expect(page.locator("#doubt-status")).to_have_text("核实中")
    w.shot("verified")
    w.op("confirm", fields={"conclusion": "大额资金支付未按规定程序办理审批手续，确认违规。"})
    case = Case.objects.get(doubt=doubt)
    assert page.url.endswith(f"/monitoring/cases/{case.pk}/")

    # ---- written opinion with a deadline (Art. 15 (三))
    deadline = timezone.localdate() + timedelta(days=15)
    w.op("written_opinion", fields={"text": "请补办大额资金审批手续，并提交书面整改结果和佐证材料。",
                                    "deadline": deadline.isoformat()})
    expect(page.locator("#deadline")).to_have_text(deadline.isoformat())
    expect(page.locator("#opinion-link")).to_be_visible()
    w.shot("opinion")

    # ---- the unit finds the case among its to-dos and answers it
    w.login(staff.username)
    with page.expect_navigation():
        page.click(f"#todos a:has-text('{case.number}')")
    expect(page.locator("#case-status")).to_have_text("整改中")
    w.op("result", fields={"text": "已补办大额资金审批手续，审批单附后。"}, files={"files": ("大额审批单.pdf", PDF)})
    expect(page.locator("#case-status")).to_have_text("已报整改结果")
    w.shot("result")

    # ---- finance accepts: the form closes
    w.login(finance.username, f"/monitoring/cases/{case.pk}/")
    w.op("review", radios={"decision": "accept"}, fields={"note": "整改到位，同意办结。"})
    expect(page.locator("#case-status")).to_have_text("已办结")
    expect(page.locator("#closing-note")).to_contain_text("整改到位")
    w.shot("closed")
    w.goto(f"/monitoring/cases/{case.pk}/form/")
    expect(page.locator("#case-form")).to_contain_text("钦州市本级财政预算执行动态监控处理单")
    w.shot("form")

    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED and case.doubt.payment.amount == Decimal("1680000.00")
    for object_type in ("monitoring.importbatch", "monitoring.verification", "monitoring.attachment",
                        "monitoring.doubt", "monitoring.case", "monitoring.handlingaction"):
        assert AuditRecord.objects.filter(object_type=object_type).exists(), object_type
