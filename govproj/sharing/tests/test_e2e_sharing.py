"""The sharing walk through the browser: a catalogue built in a declaration → approval passes the sharing gate →
another department requests a resource and receives access to the granted items.

Screenshots land in ``test-artifacts/e2e/`` (or ``$E2E_ARTIFACTS``).
"""

import pytest
from playwright.sync_api import expect

from govproj.audit.models import AuditRecord
from govproj.projects.states import State
from govproj.sharing.models import AccessRequest, Resource
from govproj.sharing.states import RequestStatus
from govproj.testing.browser import BrowserWalk
from govproj.testing.projects import (
    D24,
    fresh,
    ready_to_issue,
)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_catalogue_gate_and_grant_through_the_browser(live_server, browser, people, declare):
    project = ready_to_issue(declare(centrally_funded=True), people, D24)
    w = BrowserWalk(browser, live_server.url, "sharing")
    page = w.page

    # ---- the education bureau compiles its catalogue in the declaration
    w.login("jyj_staff", f"/sharing/projects/{project.pk}/")
    w.op("add_resource", fields={"name": "学生学籍信息", "share_conditions": "仅限教育、人社、民政资助业务",
                                 "legal_basis": "《中小学生学籍管理办法》第二十二条"},
         selects={"update_cycle": "monthly", "share_type": "conditional", "open_type": "closed",
                  "data_format": "api"})
    page.click("#catalogue-resources a:has-text('学生学籍信息')")
    for name in ("学籍号", "学生姓名"):
        w.op("add_item", fields={"name": name}, selects={"data_type": "string"})
    expect(page.locator("#items")).to_contain_text("学生姓名")
    w.shot("catalogue")

    # ---- the big-data bureau approves: the sharing gate (S2, Art. 29) finds a shareable resource
    w.login("dsj_review", f"/sharing/projects/{project.pk}/")
    expect(page.locator("#sharing-ok")).to_be_visible()
    w.goto(f"/projects/{project.pk}/")
    box = page.locator("details.action[id^='action-issue_approval']").first
    box.locator("summary").click()
    box.locator("[name='issue_approval-approval_ref']").fill("钦大数审〔2026〕30号")
    with page.expect_navigation():
        box.locator("button[type=submit]").click()
    expect(page.locator("#project-state")).to_have_text("已批复")
    assert fresh(project).state == State.APPROVED
    w.shot("approved")

    # ---- the police bureau finds the resource, cannot read its items, asks for them
    w.login("gaj_officer", "/sharing/?q=学籍")
    page.click("#resources a:has-text('学生学籍信息')")
    expect(page.locator("#items-restricted")).to_be_visible()
    box = page.locator("details#op-request")
    box.locator("summary").click()
    expect(box).to_contain_text("承担共享信息的安全保密责任和相应的法律责任")  # Art. 31 undertaking, shown and ticked
    box.locator("input[name='request-undertaking']").check()
    w.op("request", fields={"purpose": "核查在校学生身份", "scope": "户政窗口逐条核验"})
    w.shot("requested")
    request = AccessRequest.objects.get(resource__name="学生学籍信息")

    # ---- the education bureau's head grants one item, free of charge, for a year
    w.login("jyj_head", f"/sharing/requests/{request.pk}/")
    expect(page.locator("#undertaking")).to_contain_text("安全保密责任")
    box = page.locator("details#op-grant")
    box.locator("summary").click()
    box.locator("input[name='grant-items']").nth(1).uncheck()
    expect(box).to_contain_text("本单位作为信息资源提供方承诺")  # Art. 31 binds the provider too
    box.locator("input[name='grant-undertaking']").check()
    w.op("grant")
    expect(page.locator("#request-status")).to_have_text("已授权")
    expect(page.locator("#grant-undertaking")).to_contain_text("信息资源提供方")
    expect(page.locator("#granted-items")).to_have_text("学籍号")
    w.shot("granted")

    # ---- the police now see exactly the granted item
    w.login("gaj_officer", f"/sharing/resources/{Resource.objects.get(name='学生学籍信息').pk}/")
    expect(page.locator("#items")).to_contain_text("学籍号")
    expect(page.locator("#items")).not_to_contain_text("学生姓名")
    w.shot("access")
    assert AccessRequest.objects.get(pk=request.pk).status == RequestStatus.GRANTED
    assert AuditRecord.objects.filter(action="grant", object_id=str(request.pk)).exists()
