"""Both declaration paths walked through the browser, each role logging in for its own step.

Screenshots of every stage land in ``test-artifacts/e2e/`` (or ``$E2E_ARTIFACTS``).
"""

import zipfile
from io import BytesIO

import pytest
from playwright.sync_api import expect

from govproj.projects.models import Project
from govproj.projects.states import State
from govproj.testing.browser import PDF, ProjectWalk


def declare(walk, name, declaration_type, amount, plan_year, kinds):
    walk.login("jyj_staff")
    page = walk.page
    page.click("#mainnav a.nav-link[href='/projects/']")
    page.click("#new-project")
    page.fill("input[name=name]", name)
    page.select_option("select[name=declaration_type]", declaration_type)
    page.fill("input[name=plan_year]", str(plan_year))
    page.select_option("select[name=category]", "egov")
    page.fill("textarea[name=content]", "建设全市统一的业务平台，实现数据汇聚共享")
    page.fill("input[name=total_investment]", str(amount))
    page.fill("input[name=fund_municipal]", str(amount))
    page.fill("input[name=region_platform_code]", "2026-450700-65-01-000321")
    page.fill("textarea[name=region_opinion]", "已征求自治区教育厅意见，同意建设，不与自治区统一平台重复。")
    page.wait_for_timeout(600)  # the live check runs on change
    expect(page.locator("#live-findings")).to_contain_text("钦政办规〔2024〕1号")
    walk.shot("declaration-form")
    page.click("#project-form button[type=submit]")
    page.wait_for_selector("#project-state")
    walk.project_url = page.url
    for kind in kinds:
        walk.upload(kind)
    walk.shot("draft-with-materials")
    walk.act("submit")
    return Project.objects.get(name=name)


def answer(walk, username, prefix="opinion", aspects=True):
    walk.login(username)
    fields = {"text": "同意。"}
    if aspects:
        fields.update({"necessity": "符合数字钦州建设规划，确有必要", "feasibility": "技术路线成熟可行",
                       "security": "落实等保三级和密码应用要求", "sharing": "数据通过自治区共享交换平台共享",
                       "funding": "市级财政预算安排"})
    walk.act(prefix, fields=fields, radios={"conclusion": "agree"})


def approve_items(walk, count):
    for _ in range(count):
        walk.login("jyj_staff")
        boxes = walk.page.locator("details.action[id^='action-item_submit-']")
        batch = boxes.count()
        assert batch >= 1
        for _ in range(batch):
            walk.act("item_submit", fields={"requested_amount": "3000000"},
                     checks=[("chapters", "sharing"), ("chapters", "crypto"), ("chapters", "xinchuang")],
                     files={"file": ("审批材料.pdf", PDF)})
        walk.login(walk.approver)
        for _ in range(batch):
            walk.act("item_decide", fields={"approved_amount": "2950000", "approval_ref": "钦大数审〔2026〕12号"},
                     radios={"decision": "yes"},
                     checks=[("chapters", "sharing"), ("chapters", "crypto"), ("chapters", "xinchuang")])
        count -= batch
        if count <= 0:
            break


def build_accept_archive(walk, project):
    walk.login(walk.approver)
    walk.act("issue_approval", fields={"approval_ref": "钦大数审〔2026〕20号"})
    assert walk.state() == "已批复"
    walk.login("jyj_staff")
    walk.act("submit_fiscal_review", fields={"amount": "2950000"})
    walk.login("czj_finance")
    walk.act("complete_fiscal_review", fields={"reviewed_amount": "2900000", "comment": "审定金额 290 万元"})
    walk.login("jyj_staff")
    walk.act("start_construction", ok=False)
    assert "监理合同" in walk.page.inner_text("#refused")  # L18 refuses without a supervision contract
    walk.upload("supervision_contract")
    walk.act("start_construction")
    walk.act("progress", fields={"period": "2026年第4季度", "percent": "60", "summary": "完成平台部署和数据对接"})
    walk.act("complete", fields={"completed_on": "2026-11-20"})
    walk.act("apply_acceptance", ok=False)
    assert "信创备案证明" in walk.page.inner_text("#refused")
    for kind in ("summary", "financial_report", "audit_report", "xinchuang_filing", "acceptance_report"):
        walk.upload(kind)
    walk.upload("security_assessment", passed=True)
    walk.upload("crypto_assessment", passed=True)
    walk.act("apply_acceptance")
    walk.shot("acceptance-applied")
    walk.login(walk.approver)
    walk.act("start_acceptance", selects={"mode": "committee"}, fields={"members": "专家组 5 人：周立新等"},
             checks=[("experts", str(walk.expert.pk))])
    answer(walk, "expert_demo", aspects=False)
    walk.login(walk.approver)
    walk.act("conclude_acceptance", radios={"decision": "yes"}, fields={"conclusion": "同意通过验收"})
    walk.login("jyj_staff")
    walk.act("file_report")
    assert walk.state() == "已归档"
    walk.page.click("button[data-bs-target='#tab-timeline']")
    walk.shot("archived-timeline")
    response = walk.page.request.get(walk.base + f"/projects/{project.pk}/archive.zip")
    assert response.status == 200
    names = zipfile.ZipFile(BytesIO(response.body())).namelist()
    assert "决策记录.xlsx" in names and any(n.startswith("材料/验收报告/") for n in names)
    project.refresh_from_db()
    assert project.state == State.ARCHIVED


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_annual_path_through_the_browser(live_server, browser, browser_cast, orgs):
    walk = ProjectWalk(browser, live_server.url, "annual")
    walk.approver, walk.expert = "dsj_review", browser_cast["expert_demo"]
    project = declare(walk, "钦州市智慧教育云平台（二期）", "annual", 5600000, 2027,
                      ["resource_catalog", "crypto_plan", "xinchuang_plan"])
    assert walk.state() == "已申报"
    walk.login("dsj_review")
    walk.act("start_evaluation", checks=[("experts", str(browser_cast["expert_demo"].pk))])
    walk.shot("evaluation-started")
    for username in ("wxb_member", "kjj_member", "gaj_member", "gxj_member", "czj_finance", "bmj_secrecy",
                     "expert_demo"):
        answer(walk, username)
    walk.login("dsj_review")
    walk.act("conclude_evaluation", radios={"outcome": "pass"})
    walk.act("plan_add", selects={"priority": "urgent"}, ok=False)
    assert "逾期" in walk.page.inner_text("#refused")  # declared after 30 September for 2027 (L3)
    walk.act("plan_add", selects={"priority": "urgent"}, fields={"override_reason": "市委专题会议要求年内启动"})
    walk.page.goto(live_server.url + "/projects/plans/2027/")
    walk.page.click("#plan-submit button")
    expect(walk.page.locator("#plan-status")).to_have_text("已报市政府审定")
    walk.shot("plan-submitted")
    walk.login("szf_gov")
    walk.page.goto(live_server.url + "/projects/plans/2027/")
    walk.page.check("input[name=decision][value=yes]")
    walk.page.fill("input[name=decision_ref]", "市人民政府常务会议纪要〔2026〕35号")
    walk.page.click("#plan-decide button[type=submit]")
    expect(walk.page.locator("#plan-status")).to_have_text("市政府已审定")
    walk.login("jyj_staff")
    walk.act("start_approval")
    assert walk.state() == "立项审批中"
    approve_items(walk, 4)
    build_accept_archive(walk, project)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_special_path_through_the_browser(live_server, browser, browser_cast, orgs):
    walk = ProjectWalk(browser, live_server.url, "special")
    walk.approver, walk.expert = "dsj_review", browser_cast["expert_demo"]
    project = declare(walk, "钦州市城市运行应急指挥平台", "special", 3000000, 2026,
                      ["resource_catalog", "crypto_plan", "xinchuang_plan", "construction_plan"])
    assert walk.state() == "专项征求意见中"
    walk.login("dsj_review")
    walk.act("submit_special", ok=False)
    assert "专项申报须先征求" in walk.page.inner_text("#refused")  # L6: both opinions first
    answer(walk, "dsj_review", aspects=False)
    answer(walk, "czj_finance", aspects=False)
    walk.login("dsj_review")
    walk.act("submit_special")
    walk.login("szf_gov")
    walk.act("government_decide", radios={"decision": "yes"}, fields={"decision_ref": "钦政阅〔2026〕12号"})
    assert walk.state() == "市政府已审定"
    walk.login("jyj_staff")
    walk.act("start_approval")
    approve_items(walk, 2)  # 300万元: no preliminary design or estimate (Art. 9)
    build_accept_archive(walk, project)
