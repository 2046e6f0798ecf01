"""The duplicate-construction check walked through the browser, each person logging in for their own step.

The lead department imports the region register (preview → confirm) → 市教育局 declares a project whose
text rewrites a region item, checks for similar projects before saving (the form keeps what was typed),
saves and sees the L2 warning with its citation and the comparison with the shared phrases marked →
submits → the lead department starts the evaluation, compares, and records its judgement in the panel.
Screenshots ``similarity-NN-*.png`` land in ``test-artifacts/e2e/`` (or ``$E2E_ARTIFACTS``).
"""

import pytest
from playwright.sync_api import expect

from govproj.audit.models import AuditRecord
from govproj.demo.similarity import REGISTER, register_file
from govproj.projects.models import Project
from govproj.similarity.models import Judgement, RegionProject
from govproj.testing.browser import ProjectWalk

NAME = "钦州市中小学数字教育资源共享平台"
CONTENT = "建设全市中小学数字教育资源共享平台，汇聚优质数字教育资源，开展网络教研和学生综合素质评价，为学校提供教育管理决策分析。"
FUNCTIONS = "数字教育资源共享；网络教研；学生综合素质评价；教育决策分析；统一身份认证。"
REGION = "广西智慧教育公共服务平台"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_similarity_walk_through_the_browser(live_server, browser, browser_cast, orgs):
    walk = ProjectWalk(browser, live_server.url, "similarity")
    page = walk.page

    # ---- the lead department imports the register: preview, then confirm
    walk.login("dsj_review")
    page.click("#mainnav a.nav-link[href='/similarity/register/']")
    page.click("#import-link")
    page.set_input_files("input[name=file]", {"name": "自治区统一建设项目登记.xlsx", "buffer": register_file(),
                                             "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
    with page.expect_navigation():
        page.click("#preview-import")
    expect(page.locator("#preview-created")).to_have_text(str(len(REGISTER)))
    assert not RegionProject.objects.exists()
    walk.shot("import-preview")
    with page.expect_navigation():
        page.click("#confirm-import")
    expect(page.locator("#region-register")).to_contain_text(REGION)
    walk.shot("register")

    # ---- 市教育局 declares; the check runs on what is typed, before saving
    walk.login("jyj_staff")
    page.click("#mainnav a.nav-link[href='/projects/']")
    page.click("#new-project")
    page.fill("input[name=name]", NAME)
    page.select_option("select[name=declaration_type]", "annual")
    page.fill("input[name=plan_year]", "2027")
    page.select_option("select[name=category]", "egov")
    page.fill("textarea[name=content]", CONTENT)
    page.fill("textarea[name=functions]", FUNCTIONS)
    page.fill("input[name=total_investment]", "3200000")
    page.fill("input[name=fund_municipal]", "3200000")
    page.fill("textarea[name=region_opinion]", "已征求自治区教育厅意见。")
    page.click("#check-similar")
    results = page.locator("#check-results")
    expect(results).to_contain_text(REGION)
    expect(results.locator(".l2-warning")).to_contain_text("第六条")
    expect(results.locator(".phrase").first).to_be_visible()
    expect(page.locator("input[name=name]")).to_have_value(NAME)  # nothing was lost or saved
    assert not Project.objects.exists()
    expect(page.locator("#live-findings")).to_contain_text(REGION)  # the live rule check says it too
    walk.shot("declaration-check")
    page.click("#project-form button[type=submit]")
    page.wait_for_selector("#project-state")
    walk.project_url = page.url

    # ---- the project page: the L2 warning with its citation, the comparison with the phrases marked
    findings = page.locator("#findings")
    expect(findings).to_contain_text(REGION)
    expect(findings.locator("a.citation", has_text="第六条").first).to_be_visible()
    panel = page.locator("#similarity-panel")
    expect(panel.locator("#similar-matches")).to_contain_text(REGION)
    panel.locator("tr.match", has_text=REGION).locator(".compare-button").click()
    expect(panel.locator("table.side-by-side mark").first).to_be_visible()
    walk.shot("project-warning-and-comparison")
    walk.act("submit")
    assert walk.state() == "已申报"

    # ---- the lead department evaluates, compares and records its judgement
    walk.login("dsj_review")
    walk.act("start_evaluation")
    assert walk.state() == "综合评估中"
    panel = page.locator("#similarity-panel")
    row = panel.locator("tr.match", has_text=REGION)
    expect(row.locator(".verdict")).to_contain_text("未研判")
    row.locator(".compare-button").click()
    expect(panel.locator("table.side-by-side mark").first).to_be_visible()
    judge = panel.locator("details.judge", has_text=REGION)
    judge.locator("summary").click()
    judge.locator("input[name=verdict][value=overlap]").check()
    judge.locator("textarea[name=reason]").fill("网络教研、学生综合素质评价与自治区平台重叠，应改为接入自治区平台；本市资源库建设不重复。")
    walk.shot("judgement-form")
    judge.locator("button[type=submit]").click()
    panel = page.locator("#similarity-panel")
    expect(panel).to_contain_text("查重研判已记录")
    expect(panel.locator("tr.match", has_text=REGION).locator(".verdict")).to_contain_text("部分重叠")
    expect(panel.locator("#judgements")).to_contain_text("应改为接入自治区平台")
    walk.shot("judgement-recorded")

    judgement = Judgement.objects.get()
    assert (judgement.verdict, judgement.stage, judgement.matched_region.name) == ("overlap", "evaluation", REGION)
    assert AuditRecord.objects.filter(object_type="similarity.judgement", action="decision").exists()
    assert AuditRecord.objects.filter(object_type="similarity.regionproject", action="import").exists()
