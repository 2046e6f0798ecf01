"""Both declaration paths walked end to end through the services, on each side of 2024-12-06."""

from datetime import date
from decimal import Decimal

from govproj.projects import services
from govproj.projects.models import (
    AcceptanceAttempt,
    AttachmentKind,
    Conclusion,
    Event,
)
from govproj.projects.states import State
from govproj.testing.projects import (
    answer_all,
    approve_all_items,
    upload,
)


def build_and_accept(project, cast, approver, on):
    staff = cast["staff"]
    services.issue_approval(by=approver, project=project, approval_ref="钦大数审〔2025〕9号", on=on)
    services.submit_fiscal_review(by=staff, project=project, amount=Decimal("5400000"), on=on)
    services.complete_fiscal_review(by=cast["finance"], project=project, reviewed_amount=Decimal("5300000"), on=on)
    upload(staff, project, AttachmentKind.SUPERVISION_CONTRACT, on=on)
    services.start_construction(by=staff, project=project, on=on)
    services.progress_report(by=staff, project=project, period="2025-Q2", percent=40, summary="完成需求调研", on=on)
    services.complete(by=staff, project=project, completed_on=date(2025, 9, 30), on=date(2025, 10, 9))
    upload(staff, project, "summary", "financial_report", "audit_report", "xinchuang_filing", on=on)
    upload(staff, project, "security_assessment", "crypto_assessment", passed=True, on=on)
    services.apply_acceptance(by=staff, project=project, on=date(2025, 10, 20))
    services.start_acceptance(by=approver, project=project, mode=AcceptanceAttempt.Mode.COMMITTEE,
                              members="专家组 5 人", experts=[cast["expert"]], on=date(2025, 10, 27))
    answer_all(project, cast, "acceptance", date(2025, 10, 28))
    services.conclude_acceptance(by=approver, project=project, passed=True, conclusion="同意通过验收",
                                 on=date(2025, 10, 28))
    upload(approver, project, AttachmentKind.ACCEPTANCE_REPORT, on=date(2025, 10, 29))
    services.file_report(by=staff, project=project, on=date(2025, 11, 3))
    project.refresh_from_db()
    return project


def test_annual_path_2024_rules(cast, draft):
    project = draft()
    p = services.submit(by=cast["staff"], project=project, on=date(2025, 9, 1))
    assert p.state == State.DECLARED and p.rulebook == "钦政办规〔2024〕1号" and p.code.startswith("SZQZ-2025-")
    p = services.start_evaluation(by=cast["lead"], project=p, experts=[cast["expert"]], on=date(2025, 10, 9))
    invited = set(p.opinions.values_list("organisation__code", flat=True)) - {None}
    assert invited == {"wxb", "kjj", "gaj", "gxj", "czj", "bmj"}
    answer_all(p, cast, "evaluation", date(2025, 10, 10))
    p = services.conclude_evaluation(by=cast["lead"], project=p, outcome="pass", on=date(2025, 10, 20))
    services.plan_add(by=cast["lead"], project=p, priority="urgent", on=date(2025, 10, 21))
    plan = p.plan_entry.plan
    services.plan_submit(by=cast["lead"], plan=plan, on=date(2025, 11, 1))
    services.plan_decide(by=cast["government"], plan=plan, approve=True, decision_ref="市政府常务会议纪要〔2025〕30号",
                         on=date(2025, 12, 1))
    p.refresh_from_db()
    assert p.state == State.GOV_APPROVED
    p = services.start_approval(by=cast["staff"], project=p, on=date(2026, 1, 5))
    assert p.approver.code == "dsj"
    assert list(p.approval_items.values_list("kind", flat=True)) == [
        "proposal", "feasibility", "preliminary_design", "estimate"]
    approve_all_items(p, cast["lead"], cast["staff"], date(2026, 1, 6))
    p = build_and_accept(p, cast, cast["lead"], date(2026, 1, 7))
    assert p.state == State.ARCHIVED
    assert p.approved_investment == Decimal("5400000")
    steps = list(Event.objects.filter(project=p).exclude(to_state="").values_list("to_state", flat=True))
    assert steps[-1] == State.ARCHIVED and State.GOV_APPROVED in steps


def test_special_path_2023_rules_goes_to_development_reform(cast, draft):
    project = draft(declaration_type="special", name="钦州港疫情防控大数据平台", total_investment=Decimal("3000000"),
                    fund_municipal=Decimal("3000000"))
    p = services.submit(by=cast["staff"], project=project, on=date(2024, 3, 1))
    assert p.state == State.SPECIAL_REVIEW and p.rulebook == "钦政办规〔2023〕6号"
    assert set(p.opinions.values_list("organisation__code", flat=True)) == {"fgw", "czj"}
    assert p.next_due == date(2024, 3, 22)  # 15 working days after Friday 1 March
    for opinion in p.opinions.all():
        by = cast["ndrc"] if opinion.organisation.code == "fgw" else cast["finance"]
        services.opinion_give(by=by, opinion=opinion, conclusion=Conclusion.AGREE, text="同意", on=date(2024, 3, 10))
    p = services.submit_special(by=cast["ndrc"], project=p, on=date(2024, 3, 11))
    p = services.government_decide(by=cast["government"], project=p, approve=True, decision_ref="钦政阅〔2024〕8号",
                                   on=date(2024, 3, 20))
    p = services.start_approval(by=cast["staff"], project=p, on=date(2024, 4, 1))
    assert p.approver.code == "fgw"
    assert list(p.approval_items.values_list("kind", flat=True)) == ["proposal", "feasibility"]
    approve_all_items(p, cast["ndrc"], cast["staff"], date(2024, 4, 2))
    services.issue_approval(by=cast["ndrc"], project=p, approval_ref="钦发改审〔2024〕1号", on=date(2024, 4, 3))
    p.refresh_from_db()
    assert p.state == State.APPROVED
