"""Pages through Django's client: scope (404), role (403), refused steps keep input and show citations."""

from datetime import date

import pytest
from django.urls import reverse

from govproj.projects import services
from govproj.projects.models import AnnualPlan, Project
from govproj.projects.states import State
from govproj.testing.projects import (
    answer_all,
    pdf,
    upload,
)


@pytest.fixture
def declared(cast, draft):
    project = draft()
    return services.submit(by=cast["staff"], project=project, on=date(2025, 9, 1))


def test_unit_declares_through_the_form_and_sees_live_findings(cast, login):
    client = login(cast["staff"])
    data = {"name": "钦州市智慧教育云平台", "declaration_type": "annual", "plan_year": 2027, "build_type": "new",
            "category": "egov", "total_investment": "5000000", "fund_central": "0", "fund_region": "0",
            "fund_municipal": "5000000", "fund_other": "0", "network": "extranet", "produces_data": "on",
            "supports_sharing": "on", "new_infrastructure": ["machine_room"]}
    live = client.post(reverse("projects:create"), {**data, "_check": "1"}, HTTP_HX_REQUEST="true")
    text = live.content.decode()
    assert "计算机机房" in text and "第十四条" in text and "第六条" in text
    bad = client.post(reverse("projects:create"), {**data, "fund_municipal": "4000000"})
    assert bad.status_code == 200 and "与总投资" in bad.content.decode()
    assert 'value="钦州市智慧教育云平台"' in bad.content.decode()
    response = client.post(reverse("projects:create"), data)
    project = Project.objects.get()
    assert response.status_code == 302 and project.unit.code == "jyj" and project.state == State.DRAFT


def test_form_tells_region_unified_from_a_city_share_covered_by_unified_documents(cast, login):
    client = login(cast["staff"])
    page = client.get(reverse("projects:create")).content.decode()
    assert "属自治区层面已统一建设或计划统一建设的项目" in page and "钦政办规〔2024〕1号第六条" in page
    assert "国家/自治区统一编报的文件已包含我市建设内容" in page and "第九条" in page
    data = {"name": "钦州市社会救助信息平台", "declaration_type": "annual", "plan_year": 2027, "build_type": "new",
            "category": "egov", "total_investment": "5000000", "fund_central": "0", "fund_region": "0",
            "fund_municipal": "5000000", "fund_other": "0", "network": "extranet", "produces_data": "on",
            "supports_sharing": "on"}
    refused = client.post(reverse("projects:create"), {**data, "region_unified": "on", "_check": "1"},
                          HTTP_HX_REQUEST="true").content.decode()
    assert "原则上不再重复申报建设" in refused and "无需重复编报" not in refused
    share = client.post(reverse("projects:create"), {**data, "unified_documents_cover_city": "on", "_check": "1"},
                        HTTP_HX_REQUEST="true").content.decode()
    assert "无需重复编报" in share and "第九条" in share and "原则上不再重复申报建设" not in share
    assert client.post(reverse("projects:create"), {**data, "unified_documents_cover_city": "on"}).status_code == 302
    project = Project.objects.get()
    assert project.unified_documents_cover_city and not project.region_unified


def test_refused_submit_shows_reason_and_citation(cast, login, orgs):
    project = services.project_create(by=cast["staff"], unit=orgs["jyj"], name="无自治区意见的项目", category="egov",
                                      declaration_type="annual", plan_year=2027, total_investment=1000000)
    client = login(cast["staff"])
    response = client.post(reverse("projects:action", args=[project.pk, "submit"]),
                           {"_key": "submit", "lock_version": project.lock_version})
    text = response.content.decode()
    assert response.status_code == 400
    assert "自治区对应主管部门意见" in text and "钦政办规〔2024〕1号" in text and "第六条" in text
    project.refresh_from_db()
    assert project.state == State.DRAFT


def test_scope_and_role_on_project_pages(cast, login, declared):
    detail = reverse("projects:detail", args=[declared.pk])
    assert login(cast["other_unit"]).get(detail).status_code == 404
    assert login(cast["wxb"]).get(detail).status_code == 404  # not invited yet
    assert login(cast["oversight"]).get(detail).status_code == 200
    assert login(cast["staff"]).get(reverse("projects:archive", args=[declared.pk])).status_code == 200
    assert login(cast["other_unit"]).get(reverse("projects:archive", args=[declared.pk])).status_code == 404
    attachment = declared.attachments.first()
    assert login(cast["other_unit"]).get(reverse("projects:attachment", args=[attachment.pk])).status_code == 404
    # A visible project but a step that is not this user's: 403.
    response = login(cast["staff"]).post(reverse("projects:action", args=[declared.pk, "start_evaluation"]),
                                         {"_key": "start_evaluation"})
    assert response.status_code == 403
    assert login(cast["staff"]).get(reverse("projects:plans")).status_code == 403


def test_member_department_sees_project_once_invited_and_answers(cast, login, declared):
    services.start_evaluation(by=cast["lead"], project=declared, on=date(2025, 10, 9))
    client = login(cast["wxb"])
    page = client.get(reverse("projects:detail", args=[declared.pk]))
    assert page.status_code == 200 and "出具意见" in page.content.decode()
    opinion = declared.opinions.get(organisation__code="wxb")
    key = f"opinion-{opinion.pk}"
    response = client.post(reverse("projects:action", args=[declared.pk, "opinion"]), {
        "_key": key, f"{key}-opinion": opinion.pk, f"{key}-conclusion": "agree", f"{key}-necessity": "必要"})
    assert response.status_code == 400 and "必要性、可行性、安全性" in response.content.decode()
    assert "必要" in response.content.decode()
    # Another department's opinion cannot be answered by posting its id.
    other = declared.opinions.get(organisation__code="gaj")
    response = client.post(reverse("projects:action", args=[declared.pk, "opinion"]), {
        "_key": "opinion", "opinion-opinion": other.pk, "opinion-conclusion": "agree"})
    assert response.status_code == 400 or response.status_code == 403


def test_project_list_filters_exports_and_stays_flat(cast, login, draft, django_assert_max_num_queries):
    for i in range(30):
        draft(name=f"项目{i:02d}", total_investment=1000000 + i, fund_municipal=1000000 + i)
    client = login(cast["head"])
    with django_assert_max_num_queries(15):
        response = client.get(reverse("projects:list"))
    assert response.status_code == 200 and "共 30 条" in response.content.decode()
    filtered = client.get(reverse("projects:list"), {"amount_min": "1000020"})
    assert "共 10 条" in filtered.content.decode()
    export = client.get(reverse("projects:list"), {"amount_min": "1000020", "_export": "xlsx"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxml")
    assert login(cast["staff"]).get(reverse("projects:list"), {"_export": "xlsx"}).status_code == 403
    assert "共 0 条" in login(cast["other_unit"]).get(reverse("projects:list")).content.decode()


def test_plan_page_docx_and_government_decision(cast, login, declared):
    services.start_evaluation(by=cast["lead"], project=declared, on=date(2025, 10, 9))

    answer_all(declared, cast, "evaluation", date(2025, 10, 10))
    services.conclude_evaluation(by=cast["lead"], project=declared, outcome="pass", on=date(2025, 10, 20))
    services.plan_add(by=cast["lead"], project=declared, priority="urgent", on=date(2025, 10, 21))
    lead = login(cast["lead"])
    url = reverse("projects:plan", args=[2026])
    assert lead.post(url, {"op": "submit"}).status_code == 302
    docx = lead.get(reverse("projects:plan_docx", args=[2026]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    gov = login(cast["government"])
    refused = gov.post(url, {"op": "decide", "decision": "yes", "decision_ref": ""})
    assert refused.status_code == 400 and "审定文号" in refused.content.decode()
    assert gov.post(url, {"op": "decide", "decision": "yes", "decision_ref": "纪要〔2025〕1号"}).status_code == 302
    assert AnnualPlan.objects.get(year=2026).status == AnnualPlan.Status.APPROVED
    declared.refresh_from_db()
    assert declared.state == State.GOV_APPROVED
    assert login(cast["lead"]).post(url, {"op": "decide", "decision": "yes", "decision_ref": "x"}).status_code in (400, 403)


def test_upload_rejects_wrong_type_and_keeps_versions(cast, login, draft):
    project = draft()
    client = login(cast["staff"])
    url = reverse("projects:action", args=[project.pk, "upload"])
    bad = client.post(url, {"_key": "upload", "upload-kind": "proposal", "upload-file": pdf("病毒.exe")})
    assert bad.status_code == 400 and "不支持的文件类型" in bad.content.decode()
    for _ in range(2):
        assert client.post(url, {"_key": "upload", "upload-kind": "proposal",
                                 "upload-file": pdf("建议书.pdf")}).status_code == 302
    assert list(project.attachments.filter(kind="proposal").values_list("version", flat=True)) == [2, 1]


def test_api_lists_projects_in_scope_only(cast, login, declared):
    assert login(cast["staff"]).get("/api/projects/").json()["count"] == 1
    assert login(cast["other_unit"]).get("/api/projects/").json()["count"] == 0
    assert login(cast["other_unit"]).get(f"/api/projects/{declared.pk}/").status_code == 404
    assert login(cast["oversight"]).get(f"/api/projects/{declared.pk}/").json()["state"] == "declared"


def test_todos_and_notifications_reach_who_acts_next(cast, login, declared):
    home = login(cast["lead"]).get(reverse("common:home")).content.decode()
    assert "启动综合评估：钦州市智慧教育云平台" in home
    assert "启动综合评估" not in login(cast["staff"]).get(reverse("common:home")).content.decode()
    assert cast["lead"].notifications.filter(title__contains="钦州市智慧教育云平台").exists()
    services.start_evaluation(by=cast["lead"], project=declared, on=date(2025, 10, 9))
    assert "出具综合评估意见" in login(cast["wxb"]).get(reverse("common:home")).content.decode()
    page = login(cast["wxb"]).get(reverse("projects:notifications")).content.decode()
    assert "钦州市智慧教育云平台" in page
    assert "钦州市智慧教育云平台" not in login(cast["other_unit"]).get(reverse("projects:notifications")).content.decode()


def test_remind_command_sends_once_per_day(cast, declared, capsys):
    from django.core.management import call_command

    services.start_evaluation(by=cast["lead"], project=declared, on=date(2025, 10, 9))
    call_command("remind", "--date", "2025-12-01")
    assert "已发送" in capsys.readouterr().out
    first = cast["wxb"].notifications.filter(title__contains="逾期").count()
    call_command("remind", "--date", "2025-12-01")
    assert first >= 1 and cast["wxb"].notifications.filter(title__contains="逾期").count() == first


def test_reminders_for_overdue_crypto_evaluation_and_missing_progress(cast, draft):
    from govproj.projects.models import CryptoEvaluation, Project
    from govproj.projects.tasks import deadline_reminders

    project = draft()
    Project.objects.filter(pk=project.pk).update(state=State.CONSTRUCTING, state_since=date(2025, 1, 6))
    CryptoEvaluation.objects.create(project=project, due_on=date(2025, 3, 31))
    deadline_reminders(date(2025, 4, 10))
    titles = list(cast["staff"].notifications.values_list("title", flat=True))
    assert any("密评已逾期" in t for t in titles) and any("请报送进度表" in t for t in titles)
    services.progress_report(by=cast["staff"], project=project, period="2025年第1季度", percent=30, summary="进行中",
                             on=date(2025, 4, 11))
    cast["staff"].notifications.all().delete()
    deadline_reminders(date(2025, 4, 12))
    assert not cast["staff"].notifications.filter(title__contains="请报送进度表").exists()


def test_lead_records_infrastructure_exception_on_a_special_declaration(cast, login, draft):
    from govproj.projects.models import AttachmentKind


    project = draft(declaration_type="special", new_infrastructure=["machine_room"])
    upload(cast["staff"], project, AttachmentKind.CONSTRUCTION_PLAN)
    project = services.submit(by=cast["staff"], project=project, on=date(2025, 9, 1))
    assert any(f["key"] == "new_infrastructure" for f in project.events.last().findings)
    detail = reverse("projects:detail", args=[project.pk])
    assert "批准基础设施建设例外" not in login(cast["staff"]).get(detail).content.decode()
    url = reverse("projects:action", args=[project.pk, "infrastructure_exception"])
    assert login(cast["staff"]).post(url, {"_key": "infrastructure_exception",
                                           "infrastructure_exception-reason": "x"}).status_code == 403
    response = login(cast["lead"]).post(url, {"_key": "infrastructure_exception",
                                              "infrastructure_exception-reason": "市级灾备机房经市政府同意建设"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.infrastructure_exception_reason == "市级灾备机房经市政府同意建设"
    assert not any(f["key"] == "new_infrastructure" for f in services.judge(project)["findings"])


def test_lead_reminds_departments_that_have_not_answered(cast, login, declared):
    services.start_evaluation(by=cast["lead"], project=declared, on=date(2025, 10, 9))
    url = reverse("projects:action", args=[declared.pk, "remind"])
    assert login(cast["staff"]).post(url, {"_key": "remind"}).status_code == 403
    assert login(cast["lead"]).post(url, {"_key": "remind"}).status_code == 302
    assert cast["wxb"].notifications.filter(title__startswith="催办").count() == 1
    assert not cast["expert"].notifications.filter(title__startswith="催办").exists()  # not invited
    assert declared.events.filter(step="remind").exists()


def test_who_acts_next_follows_the_approval_items(cast, login, draft):
    """The list column and the page show the same party, and it moves as items go back and forth."""
    project = services.submit(by=cast["staff"], project=draft(centrally_funded=True), on=date(2025, 9, 1))
    project = services.start_approval(by=cast["staff"], project=project, on=date(2025, 9, 2))
    assert project.next_actor == "市教育局"
    item = project.approval_items.get(kind="proposal")
    doc = services.attachment_upload(by=cast["staff"], project=project, kind="proposal", upload=pdf(),
                                     on=date(2025, 9, 3))
    services.item_submit(by=cast["staff"], item=item, attachment=doc, requested_amount=5600000, on=date(2025, 9, 3))
    project.refresh_from_db()
    assert project.next_actor == "市大数据发展局"
    page = login(cast["staff"]).get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert 'id="who-acts">市大数据发展局<' in page
    services.item_decide(by=cast["lead"], item=item, approve=False, comment="请补充建设必要性", on=date(2025, 9, 4))
    project.refresh_from_db()
    assert project.next_actor == "市教育局"
