"""Service-level guards of the lifecycle declared in ``states.STEPS``.

Who may take each step (role, unit scope, and the department the version in force names), from which
states, with which materials and rule findings; and that a refused step leaves nothing behind while an
accepted one leaves exactly one timeline event and one audit record. Projects are moved only through
the services, except where a test needs a project parked in an arbitrary state to prove the state check.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from govproj.common.errors import ConcurrentChange, WorkflowError
from govproj.projects import services
from govproj.projects.models import (
    AcceptanceAttempt,
    AnnualPlan,
    ApprovalItem,
    Attachment,
    AttachmentKind,
    Conclusion,
    OpinionKind,
    PlanEntry,
    Project,
)
from govproj.projects.states import STEPS, State
from govproj.testing.projects import (
    ACCEPTANCE_BASICS,
    ALL_CHAPTERS,
    ASPECTS,
    D23,
    D24,
    DECLARATION_KINDS,
    accept,
    all_acceptance_materials,
    answer_all,
    apply,
    approve_all_items,
    approve_items,
    audit_transitions,
    department_user,
    fresh,
    lead_user,
    one_block,
    race,
    ready_to_issue,
    refused,
    refused_by_race,
    thread_users,
    transitions,
    upload,
    walk,
)

V2023, V2024 = "钦政办规〔2023〕6号", "钦政办规〔2024〕1号"


# ---------------------------------------------------------------- helpers


def evaluating(project, cast, on, experts=()):
    p = services.submit(by=cast["staff"], project=project, on=on)
    return services.start_evaluation(by=lead_user(cast, on), project=p, experts=experts, on=on)


def passed(project, cast, on):
    p = evaluating(project, cast, on)
    answer_all(p, cast, OpinionKind.EVALUATION, on)
    return services.conclude_evaluation(by=lead_user(cast, on), project=p, outcome="pass", on=on)


# ---------------------------------------------------------------- wrong state (every step in STEPS)

def _plan_submit(p, cast, on):
    plan, _ = AnnualPlan.objects.get_or_create(year=p.plan_year)
    PlanEntry.objects.get_or_create(project=p, defaults={"plan": plan, "rank": 1})
    return services.plan_submit(by=cast["lead"], plan=plan, on=on)


STEP_CALLS = {
    "submit": lambda p, c, on: services.submit(by=c["staff"], project=p, on=on),
    "withdraw": lambda p, c, on: services.withdraw(by=c["staff"], project=p, on=on),
    "redraft": lambda p, c, on: services.redraft(by=c["staff"], project=p, on=on),
    "start_evaluation": lambda p, c, on: services.start_evaluation(by=c["lead"], project=p, on=on),
    "conclude_evaluation": lambda p, c, on: services.conclude_evaluation(by=c["lead"], project=p, outcome="pass",
                                                                         on=on),
    "add_to_plan": lambda p, c, on: services.plan_add(by=c["lead"], project=p, on=on),
    "remove_from_plan": lambda p, c, on: services.plan_remove(by=c["lead"], project=p, on=on),
    "submit_plan": _plan_submit,
    "submit_special": lambda p, c, on: services.submit_special(by=c["lead"], project=p, on=on),
    "government_decide": lambda p, c, on: services.government_decide(by=c["government"], project=p, approve=True,
                                                                     decision_ref="钦政阅〔2025〕1号", on=on),
    "start_approval": lambda p, c, on: services.start_approval(by=c["staff"], project=p, on=on),
    "issue_approval": lambda p, c, on: services.issue_approval(by=c["lead"], project=p, approval_ref="钦审〔2025〕1号",
                                                               on=on),
    "submit_fiscal_review": lambda p, c, on: services.submit_fiscal_review(by=c["staff"], project=p,
                                                                           amount=Decimal("2000000"), on=on),
    "complete_fiscal_review": lambda p, c, on: services.complete_fiscal_review(
        by=c["finance"], project=p, reviewed_amount=Decimal("1900000"), on=on),
    "start_construction": lambda p, c, on: services.start_construction(by=c["staff"], project=p, on=on),
    "complete": lambda p, c, on: services.complete(by=c["staff"], project=p, completed_on=on, on=on),
    "apply_acceptance": lambda p, c, on: services.apply_acceptance(by=c["staff"], project=p, on=on),
    "start_acceptance": lambda p, c, on: services.start_acceptance(
        by=c["lead"], project=p, mode=AcceptanceAttempt.Mode.COMMITTEE, members="专家组 5 人", on=on),
    "conclude_acceptance": lambda p, c, on: services.conclude_acceptance(by=c["lead"], project=p, passed=True,
                                                                         conclusion="同意通过验收", on=on),
    "file_report": lambda p, c, on: services.file_report(by=c["staff"], project=p, on=on),
    "start_operation": lambda p, c, on: services.start_operation(by=c["staff"], project=p, on=on),
    "terminate": lambda p, c, on: services.terminate(by=c["lead"], project=p, reason="不再建设", on=on),
}


def test_every_declared_step_has_a_service_call_here():
    assert set(STEP_CALLS) == set(STEPS)


def test_every_step_refused_from_every_state_outside_its_sources(cast, draft):
    """Each step, tried from each state not among its sources, is refused with a message naming the current state,
    and leaves no trace. One project parked in each state in turn (the only place a state is set directly)."""
    project = draft()
    wrong_messages = []
    for step, spec in STEPS.items():
        wrong = [s for s in State if s not in spec.sources]
        assert wrong, step
        for state in wrong:
            Project.objects.filter(pk=project.pk).update(state=state)
            exc = refused(WorkflowError, lambda: STEP_CALLS[step](fresh(project), cast, D24), project, step)
            if (isinstance(exc, ConcurrentChange) or f"“{State(state).label}”" not in str(exc)
                    or str(spec.label) not in str(exc)):
                wrong_messages.append((step, state, str(exc)))
    assert wrong_messages == []
    assert not transitions(project).exists()


# ---------------------------------------------------------------- wrong role

def test_only_the_unit_submits(cast, draft):
    project = draft()
    for who in ("wxb", "oversight", "lead", "ndrc", "finance", "secrecy", "government", "expert"):
        exc = refused(PermissionDenied, lambda: services.submit(by=cast[who], project=project, on=D24), project,
                      "submit")
        assert "市教育局" in str(exc)
    p = services.submit(by=cast["head"], project=project, on=D24)  # the unit's head acts for the unit too
    assert p.state == State.DECLARED


def test_only_the_lead_department_starts_an_evaluation(cast, draft):
    project = services.submit(by=cast["staff"], project=draft(), on=D24)
    for who in ("wxb", "oversight", "staff", "finance", "government", "secrecy", "expert"):
        refused(PermissionDenied, lambda: services.start_evaluation(by=cast[who], project=project, on=D24), project,
                "start_evaluation")
    assert services.start_evaluation(by=cast["lead"], project=project, on=D24).state == State.EVALUATING


def test_only_the_approver_issues_the_approval(cast, declare):
    p = ready_to_issue(declare(centrally_funded=True), cast, D24)
    assert p.approver.code == "dsj"
    for who in ("wxb", "oversight", "staff", "finance", "government", "ndrc"):
        refused(PermissionDenied, lambda: services.issue_approval(by=cast[who], project=p, approval_ref="钦审〔2025〕1号",
                                                                  on=D24), p, "issue_approval")
    p = services.issue_approval(by=cast["lead"], project=p, approval_ref="钦审〔2025〕1号", on=D24)
    assert p.state == State.APPROVED


def test_only_the_finance_bureau_completes_the_fiscal_review(cast, declare):
    p = walk(declare(centrally_funded=True), cast, State.FISCAL_REVIEW, D24)
    for who in ("wxb", "oversight", "staff", "lead", "ndrc", "government"):
        refused(PermissionDenied, lambda: services.complete_fiscal_review(
            by=cast[who], project=p, reviewed_amount=Decimal("2900000"), on=D24), p, "complete_fiscal_review")
    p = services.complete_fiscal_review(by=cast["finance"], project=p, reviewed_amount=Decimal("2900000"), on=D24)
    assert p.state == State.REVIEWED


def test_only_the_government_decides_a_special_declaration(cast, draft):
    p = walk(draft(declaration_type="special"), cast, State.GOV_REVIEW, D24)
    for who in ("wxb", "oversight", "staff", "lead", "ndrc", "finance"):
        refused(PermissionDenied, lambda: services.government_decide(
            by=cast[who], project=p, approve=True, decision_ref="钦政阅〔2025〕8号", on=D24), p, "government_decide")
    p = services.government_decide(by=cast["government"], project=p, approve=True, decision_ref="钦政阅〔2025〕8号", on=D24)
    assert p.state == State.GOV_APPROVED


def test_special_opinion_is_given_only_by_the_department_it_is_owed_by(cast, draft):
    p = services.submit(by=cast["staff"], project=draft(declaration_type="special"), on=D24)
    finance_opinion = p.opinions.get(organisation__code="czj")
    for who in ("lead", "wxb", "staff", "oversight"):
        with pytest.raises(PermissionDenied):
            services.opinion_give(by=cast[who], opinion=finance_opinion, conclusion=Conclusion.AGREE, on=D24)
    finance_opinion.refresh_from_db()
    assert finance_opinion.submitted_at is None


# ---------------------------------------------------------------- wrong scope

def test_another_units_staff_cannot_touch_the_project(cast, draft):
    project = draft()
    kinds = Attachment.objects.filter(project=project).count()
    refused(PermissionDenied, lambda: services.submit(by=cast["other_unit"], project=project, on=D24), project,
            "submit")
    with pytest.raises(PermissionDenied):
        upload(cast["other_unit"], project, AttachmentKind.RESOURCE_CATALOG)
    with pytest.raises(PermissionDenied):
        upload(cast["other_unit"], project, AttachmentKind.OTHER)
    with pytest.raises(PermissionDenied):
        services.project_update(by=cast["other_unit"], project=project, name="改名")
    assert Attachment.objects.filter(project=project).count() == kinds
    assert fresh(project).name == "钦州市智慧教育云平台"
    p = services.submit(by=cast["staff"], project=project, on=D24)
    refused(PermissionDenied, lambda: services.withdraw(by=cast["other_unit"], project=p, on=D24), p, "withdraw")


# ---------------------------------------------------------------- the department the version names

def test_2024_rules_the_big_data_bureau_leads_the_evaluation(cast, draft):
    p = services.submit(by=cast["staff"], project=draft(), on=D24)
    exc = refused(PermissionDenied, lambda: services.start_evaluation(by=cast["ndrc"], project=p, on=D24), p,
                  "start_evaluation")
    assert "市大数据发展局" in str(exc)
    p = services.start_evaluation(by=cast["lead"], project=p, on=D24)
    assert set(p.opinions.values_list("organisation__code", flat=True)) == {"wxb", "kjj", "gaj", "gxj", "czj", "bmj"}


def test_2023_rules_the_development_reform_commission_leads_the_evaluation(cast, draft):
    p = services.submit(by=cast["staff"], project=draft(plan_year=2025), on=D23)
    assert p.rulebook == V2023
    exc = refused(PermissionDenied, lambda: services.start_evaluation(by=cast["lead"], project=p, on=D23), p,
                  "start_evaluation")
    assert "市发展改革委" in str(exc)
    p = services.start_evaluation(by=cast["ndrc"], project=p, on=D23)
    assert set(p.opinions.values_list("organisation__code", flat=True)) == {"kjj", "gaj", "gxj", "zjj", "czj", "bmj"}


def test_big_data_bureaus_own_project_is_approved_by_development_reform(cast, declare):
    p = walk(declare(unit="dsj", name="钦州市大数据中心升级", centrally_funded=True), cast, State.APPROVING, D24)
    assert p.approver.code == "fgw"
    proposal = p.approval_items.get(kind="proposal")
    doc = upload(cast["dsj_staff"], p, AttachmentKind.PROPOSAL)[0]
    services.item_submit(by=cast["dsj_staff"], item=proposal, attachment=doc, requested_amount=Decimal("3000000"),
                         on=D24)
    with pytest.raises(PermissionDenied):
        services.item_decide(by=cast["lead"], item=proposal, approve=True, approved_amount=Decimal("3000000"),
                             approval_ref="钦大数审〔2025〕1号", on=D24)
    proposal.refresh_from_db()
    assert proposal.status == ApprovalItem.Status.SUBMITTED
    services.item_decide(by=cast["ndrc"], item=proposal, approve=True, approved_amount=Decimal("3000000"),
                         approval_ref="钦发改审〔2025〕1号", on=D24)
    approve_items(p, cast, D24)  # the rest, by the commission
    exc = refused(PermissionDenied, lambda: services.issue_approval(by=cast["lead"], project=p,
                                                                    approval_ref="钦大数审〔2025〕2号", on=D24),
                  p, "issue_approval")
    assert "市发展改革委" in str(exc)
    p = services.issue_approval(by=cast["ndrc"], project=p, approval_ref="钦发改审〔2025〕2号", on=D24)
    assert p.state == State.APPROVED


# ---------------------------------------------------------------- declaration materials and rules

def test_region_opinion_required_from_2024_12_06_only(cast, declare):
    kinds = tuple(k for k in DECLARATION_KINDS if k != AttachmentKind.REGION_REQUIREMENT)
    before = services.submit(by=cast["staff"], project=declare(kinds=kinds), on=date(2024, 12, 5))
    assert before.state == State.DECLARED and before.rulebook == V2023

    project = declare(kinds=kinds)
    exc = refused(WorkflowError, lambda: services.submit(by=cast["staff"], project=project, on=date(2024, 12, 6)),
                  project, "submit")
    finding = one_block(exc, "region_opinion")
    assert finding["rule"] == "L2"
    assert finding["citation"] == {"document": V2024, "article": "第六条"}
    assert "自治区" in finding["message"] and finding["message"] in exc.messages

    services.project_update(by=cast["staff"], project=project, region_opinion="已征求自治区大数据发展局意见，同意建设")
    assert services.submit(by=cast["staff"], project=project, on=date(2024, 12, 6)).state == State.DECLARED


def test_region_unified_project_refused_from_2024_12_06(cast, draft):
    """2024 Art. 6 ¶2: a project the region builds itself is not declared again; the 2023 Art. 6 has no such rule."""
    project = draft(region_unified=True)
    exc = refused(WorkflowError, lambda: services.submit(by=cast["staff"], project=project, on=date(2024, 12, 6)),
                  project, "submit")
    finding = one_block(exc, "region_duplicate")
    assert finding["rule"] == "L2" and finding["citation"] == {"document": V2024, "article": "第六条"}
    assert "不再重复申报建设" in finding["message"]
    before = services.submit(by=cast["staff"], project=draft(region_unified=True), on=date(2024, 12, 5))
    assert before.state == State.DECLARED and before.rulebook == V2023


@pytest.mark.parametrize("day, document, approver", [(date(2024, 12, 5), V2023, "fgw"),
                                                      (date(2024, 12, 6), V2024, "dsj")])
def test_city_share_of_a_unified_project_is_approved_without_its_own_documents(cast, declare, day, document,
                                                                               approver):
    """Art. 9 of both versions: the state's or region's unified documents already hold the city's share, which is
    declared and approved (L10) with no proposal, feasibility study, design or estimate of its own to approve."""
    project = declare(declaration_type="special", plan_year=2025, unified_documents_cover_city=True, on=day)
    p = walk(project, cast, State.APPROVING, day)
    assert p.rulebook == document and p.approver.code == approver
    assert not p.approval_items.exists()
    result = services.judge(p, day)
    assert result["required_approval_items"] == []
    [info] = [f for f in result["findings"] if f["rule"] == "L10"]
    assert info["severity"] == "info" and info["citation"] == {"document": document, "article": "第九条"}
    p = services.issue_approval(by=department_user(cast, approver), project=p, approval_ref="钦审〔2024〕9号", on=day)
    assert p.state == State.APPROVED and p.approved_investment == p.total_investment


def test_special_declaration_without_construction_plan_refused(cast, declare):
    kinds = tuple(k for k in DECLARATION_KINDS if k != AttachmentKind.CONSTRUCTION_PLAN)
    project = declare(kinds=kinds, declaration_type="special")
    exc = refused(WorkflowError, lambda: services.submit(by=cast["staff"], project=project, on=D24), project, "submit")
    finding = one_block(exc, "special_plan")
    assert finding["rule"] == "L6" and finding["citation"] == {"document": V2024, "article": "第八条"}
    assert "建设方案" in finding["message"]
    assert not project.opinions.exists()
    upload(cast["staff"], project, AttachmentKind.CONSTRUCTION_PLAN)
    assert services.submit(by=cast["staff"], project=project, on=D24).state == State.SPECIAL_REVIEW


def test_new_infrastructure_is_warned_at_submit_and_refused_at_evaluation(cast, draft):
    """L17 blocks at the evaluation conclusion and at approval, so the lead can record an approved exception first."""
    project = draft(new_infrastructure=["machine_room", "internet_egress"])
    p = evaluating(project, cast, D24)
    warned = [f for f in p.events.get(step="submit").findings if f["key"] == "new_infrastructure"]
    assert warned and warned[0]["rule"] == "L17"
    answer_all(p, cast, OpinionKind.EVALUATION, D24)
    exc = refused(WorkflowError, lambda: services.conclude_evaluation(
        by=cast["lead"], project=p, outcome="pass", on=date(2025, 3, 10)), p, "conclude_evaluation")
    finding = one_block(exc, "new_infrastructure")
    assert finding["rule"] == "L17" and finding["citation"] == {"document": V2024, "article": "第十四条"}
    assert "计算机机房" in finding["message"] and "互联网出口" in finding["message"]


def test_new_infrastructure_passes_after_the_lead_records_an_exception(cast, draft):
    project = draft(new_infrastructure=["machine_room"])
    p = evaluating(project, cast, D24)
    answer_all(p, cast, OpinionKind.EVALUATION, D24)
    reason = "经评估，现有机房无法满足涉密数据隔离要求，同意扩建计算机机房"
    with pytest.raises(PermissionDenied):
        services.record_infrastructure_exception(by=cast["staff"], project=p, reason=reason, on=date(2025, 3, 10))
    p = services.record_infrastructure_exception(by=cast["lead"], project=p, reason=reason, on=date(2025, 3, 10))
    assert p.infrastructure_exception_reason == reason
    p = services.conclude_evaluation(by=cast["lead"], project=p, outcome="pass", on=date(2025, 3, 14))
    assert p.state == State.PASSED


def test_unit_cannot_grant_itself_the_infrastructure_exception(cast, draft):
    """Art. 14 forbids building infrastructure 私自: the exception is the lead's to approve, never the unit's."""
    project = draft(new_infrastructure=["machine_room"])
    with pytest.raises(WorkflowError):
        services.project_update(by=cast["staff"], project=project, infrastructure_exception_reason="本单位确需建设")
    project.refresh_from_db()
    assert project.infrastructure_exception_reason == ""


WORKFLOW_FIELDS = {
    "state": State.APPROVED,
    "xinchuang_exception_approved": True,
    "infrastructure_exception_reason": "自行批准",
    "late_override_reason": "自行说明",
    "approved_investment": Decimal("99999999.00"),
    "acceptance_due": date(2030, 1, 1),
    "rulebook": V2023,
    "declared_on": date(2025, 1, 1),
}


def test_unit_cannot_write_workflow_fields_through_project_update(cast, draft):
    """project_update edits the declaration; state, decisions and deadlines change only through the steps."""
    changed = []
    for field, value in WORKFLOW_FIELDS.items():
        project = draft()
        before = getattr(fresh(project), field)
        try:
            services.project_update(by=cast["staff"], project=project, **{field: value})
        except (WorkflowError, PermissionDenied, ValidationError, TypeError, ValueError):
            pass
        if getattr(fresh(project), field) != before:
            changed.append(field)
    assert changed == []


# ---------------------------------------------------------------- approval materials, chapters and rules

def test_issue_approval_requires_the_resource_catalogue(cast, declare):
    kinds = tuple(k for k in DECLARATION_KINDS if k != AttachmentKind.RESOURCE_CATALOG)
    p = ready_to_issue(declare(kinds=kinds, centrally_funded=True), cast, D24)
    exc = refused(WorkflowError, lambda: services.issue_approval(by=cast["lead"], project=p,
                                                                 approval_ref="钦审〔2025〕1号", on=D24),
                  p, "issue_approval")
    finding = one_block(exc, "required_materials")
    assert finding["rule"] == "L13" and finding["citation"] == {"document": V2024, "article": "第十条"}
    assert "信息资源目录" in finding["message"] and "密码应用方案" not in finding["message"]
    upload(cast["staff"], p, AttachmentKind.RESOURCE_CATALOG)
    assert services.issue_approval(by=cast["lead"], project=p, approval_ref="钦审〔2025〕1号",
                                   on=D24).state == State.APPROVED


def test_crypto_and_xinchuang_plans_required_under_2024_rules_not_2023(cast, declare):
    kinds = (AttachmentKind.REGION_REQUIREMENT, AttachmentKind.RESOURCE_CATALOG, AttachmentKind.CONSTRUCTION_PLAN)
    old = declare(kinds=kinds, declaration_type="special", plan_year=2024)
    old = walk(old, cast, State.APPROVING, D23)
    approve_items(old, cast, D23, chapters=("sharing",))  # 2023: only the sharing chapter is required
    old = services.issue_approval(by=cast["ndrc"], project=old, approval_ref="钦发改审〔2024〕3号", on=date(2024, 4, 3))
    assert old.state == State.APPROVED

    new = ready_to_issue(declare(kinds=kinds, declaration_type="special"), cast, D24)
    exc = refused(WorkflowError, lambda: services.issue_approval(by=cast["lead"], project=new,
                                                                 approval_ref="钦审〔2025〕1号", on=D24),
                  new, "issue_approval")
    finding = one_block(exc, "required_materials")
    assert "密码应用方案" in finding["message"] and "信创技术应用方案" in finding["message"]
    assert "信息资源目录" not in finding["message"]
    assert finding["citation"] == {"document": V2024, "article": "第十条"}


def test_feasibility_study_missing_chapters_is_not_approved(cast, declare):
    p = walk(declare(centrally_funded=True), cast, State.APPROVING, D24)
    proposal, feasibility = p.approval_items.order_by("order")
    assert (proposal.kind, feasibility.kind) == ("proposal", "feasibility")
    doc = upload(cast["staff"], p, AttachmentKind.PROPOSAL)[0]
    services.item_submit(by=cast["staff"], item=proposal, attachment=doc, requested_amount=Decimal("3000000"), on=D24)
    services.item_decide(by=cast["lead"], item=proposal, approve=True, approved_amount=Decimal("3000000"),
                         approval_ref="钦审〔2025〕11号", on=D24)
    doc = upload(cast["staff"], p, AttachmentKind.FEASIBILITY)[0]
    services.item_submit(by=cast["staff"], item=feasibility, attachment=doc, requested_amount=Decimal("3000000"),
                         chapters=["sharing", "crypto"], on=D24)
    with pytest.raises(WorkflowError) as info:
        services.item_decide(by=cast["lead"], item=feasibility, approve=True, approved_amount=Decimal("3000000"),
                             approval_ref="钦审〔2025〕12号", on=D24)
    finding = one_block(info.value, "approval_chapters")
    assert finding["rule"] == "L13" and finding["citation"] == {"document": V2024, "article": "第十条"}
    assert "可行性研究报告" in finding["message"] and "信创技术应用方案" in finding["message"]
    assert "密码应用方案" not in finding["message"]
    feasibility.refresh_from_db()
    assert feasibility.status == ApprovalItem.Status.SUBMITTED and feasibility.approval_ref == ""
    services.item_decide(by=cast["lead"], item=feasibility, approve=True, approved_amount=Decimal("3000000"),
                         approval_ref="钦审〔2025〕12号", chapters=list(ALL_CHAPTERS), on=D24)
    feasibility.refresh_from_db()
    assert feasibility.status == ApprovalItem.Status.APPROVED


def test_feasibility_cannot_be_submitted_before_the_proposal_is_approved(cast, declare):
    p = walk(declare(centrally_funded=True, total_investment=Decimal("4000000.01")), cast, State.APPROVING, D24)
    items = {i.kind: i for i in p.approval_items.all()}
    doc = upload(cast["staff"], p, AttachmentKind.FEASIBILITY)[0]
    with pytest.raises(WorkflowError) as info:
        services.item_submit(by=cast["staff"], item=items["feasibility"], attachment=doc,
                             requested_amount=Decimal("4000000.01"), chapters=ALL_CHAPTERS, on=D24)
    assert "项目建议书" in str(info.value)
    doc = upload(cast["staff"], p, AttachmentKind.PROPOSAL)[0]
    services.item_submit(by=cast["staff"], item=items["proposal"], attachment=doc,
                         requested_amount=Decimal("4000000.01"), on=D24)
    with pytest.raises(WorkflowError):  # submitted is not approved
        services.item_submit(by=cast["staff"], item=items["feasibility"], attachment=doc,
                             requested_amount=Decimal("4000000.01"), chapters=ALL_CHAPTERS, on=D24)
    services.item_decide(by=cast["lead"], item=items["proposal"], approve=True, approved_amount=Decimal("4000000.01"),
                         approval_ref="钦审〔2025〕21号", on=D24)
    doc = upload(cast["staff"], p, AttachmentKind.PRELIMINARY_DESIGN)[0]
    with pytest.raises(WorkflowError) as info:
        services.item_submit(by=cast["staff"], item=items["preliminary_design"], attachment=doc,
                             chapters=ALL_CHAPTERS, on=D24)
    assert "可行性研究报告" in str(info.value)
    doc = upload(cast["staff"], p, AttachmentKind.FEASIBILITY)[0]
    services.item_submit(by=cast["staff"], item=items["feasibility"], attachment=doc,
                         requested_amount=Decimal("4000000.01"), chapters=ALL_CHAPTERS, on=D24)
    items["feasibility"].refresh_from_db()
    assert items["feasibility"].status == ApprovalItem.Status.SUBMITTED


@pytest.mark.parametrize("total, kinds", [
    (Decimal("4000000.00"), ["proposal", "feasibility"]),
    (Decimal("4000000.01"), ["proposal", "feasibility", "preliminary_design", "estimate"]),
])
def test_preliminary_design_and_estimate_only_above_four_million(total, kinds, cast, declare):
    p = walk(declare(centrally_funded=True, total_investment=total), cast, State.APPROVING, D24)
    order = {"proposal": 1, "feasibility": 2, "preliminary_design": 3, "estimate": 3}
    assert dict(p.approval_items.values_list("kind", "order")) == {k: order[k] for k in kinds}


def test_project_without_sharing_is_not_approved(cast, declare):
    p = ready_to_issue(declare(centrally_funded=True, produces_data=True, supports_sharing=False), cast, D24)
    exc = refused(WorkflowError, lambda: services.issue_approval(by=cast["lead"], project=p,
                                                                 approval_ref="钦审〔2025〕1号", on=D24),
                  p, "issue_approval")
    finding = one_block(exc, "no_sharing")
    assert finding["rule"] == "S2" and finding["citation"] == {"document": V2024, "article": "第二十九条"}
    # a project that produces no data says so and is not held to sharing
    q = ready_to_issue(declare(centrally_funded=True, produces_data=False, supports_sharing=False), cast, D24)
    assert services.issue_approval(by=cast["lead"], project=q, approval_ref="钦审〔2025〕2号",
                                   on=D24).state == State.APPROVED


def test_xinchuang_exception_needs_the_secrecy_bureaus_approval(cast, declare):
    p = ready_to_issue(declare(centrally_funded=True), cast, D24)
    upload(cast["staff"], p, AttachmentKind.XINCHUANG_EVALUATION)
    first = services.request_xinchuang_exception(by=cast["staff"], project=p, on=D24)
    assert first.organisation.code == "bmj"

    def issue():
        return services.issue_approval(by=cast["lead"], project=p, approval_ref="钦审〔2025〕1号", on=D24)

    exc = refused(WorkflowError, issue, p, "issue_approval")  # not yet answered
    finding = one_block(exc, "xinchuang_exception")
    assert finding["rule"] == "L14" and finding["citation"] == {"document": V2024, "article": "第十一条"}
    services.opinion_give(by=cast["secrecy"], opinion=first, conclusion=Conclusion.DISAGREE, text="论证不充分", on=D24)
    one_block(refused(WorkflowError, issue, p, "issue_approval"), "xinchuang_exception")
    second = services.request_xinchuang_exception(by=cast["staff"], project=p, on=D24)
    assert second.round == 2
    with pytest.raises(PermissionDenied):
        services.opinion_give(by=cast["lead"], opinion=second, conclusion=Conclusion.AGREE, on=D24)
    services.opinion_give(by=cast["secrecy"], opinion=second, conclusion=Conclusion.AGREE, on=D24)
    assert issue().state == State.APPROVED


# ---------------------------------------------------------------- annual deadline (L3)

def test_declared_on_30_september_enters_the_plan(cast, draft):
    p = passed(draft(plan_year=2026), cast, date(2025, 9, 30))
    services.plan_add(by=cast["lead"], project=p, on=date(2025, 10, 20))
    p = fresh(p)
    assert p.state == State.IN_PLAN and p.late_override_reason == ""


def test_declared_on_1_october_needs_an_override_reason(cast, draft):
    p = services.submit(by=cast["staff"], project=draft(plan_year=2026), on=date(2025, 10, 1))
    assert p.state == State.DECLARED  # late is a warning at declaration, not a refusal
    assert [f["key"] for f in transitions(p, "submit").get().findings if f["severity"] == "warn"] == ["annual_late"]
    p = services.start_evaluation(by=cast["lead"], project=p, on=date(2025, 10, 9))
    answer_all(p, cast, OpinionKind.EVALUATION, date(2025, 10, 10))
    p = services.conclude_evaluation(by=cast["lead"], project=p, outcome="pass", on=date(2025, 10, 20))

    exc = refused(WorkflowError, lambda: services.plan_add(by=cast["lead"], project=p, on=date(2025, 10, 21)), p,
                  "add_to_plan")
    finding = [f for f in exc.findings if f["key"] == "annual_late"][0]
    assert finding["rule"] == "L3" and finding["citation"] == {"document": V2024, "article": "第七条"}
    assert "2025-09-30" in finding["message"] and "理由" in str(exc)
    assert not PlanEntry.objects.filter(project=p).exists()
    refused(WorkflowError, lambda: services.plan_add(by=cast["lead"], project=p, override_reason="   ",
                                                     on=date(2025, 10, 21)), p, "add_to_plan")

    reason = "市委专题会议要求 2026 年上线，经主要领导批准列入"
    services.plan_add(by=cast["lead"], project=p, override_reason=reason, on=date(2025, 10, 21))
    p = fresh(p)
    assert p.state == State.IN_PLAN and p.late_override_reason == reason
    assert transitions(p, "add_to_plan").get().reason == reason


# ---------------------------------------------------------------- special declarations (L6)

def test_submit_special_needs_both_opinions(cast, draft):
    p = services.submit(by=cast["staff"], project=draft(declaration_type="special"), on=D24)
    assert set(p.opinions.values_list("organisation__code", flat=True)) == {"dsj", "czj"}

    def submit_special():
        return services.submit_special(by=cast["lead"], project=p, on=date(2025, 3, 20))

    finding = one_block(refused(WorkflowError, submit_special, p, "submit_special"), "special_opinions")
    assert finding["rule"] == "L6" and finding["citation"] == {"document": V2024, "article": "第八条"}
    assert "市大数据发展局" in finding["message"] and "市财政局" in finding["message"]

    services.opinion_give(by=cast["lead"], opinion=p.opinions.get(organisation__code="dsj"),
                          conclusion=Conclusion.AGREE, text="同意", on=date(2025, 3, 10))
    finding = one_block(refused(WorkflowError, submit_special, p, "submit_special"), "special_opinions")
    assert "市财政局" in finding["message"] and "市大数据发展局" not in finding["message"]

    services.opinion_give(by=cast["finance"], opinion=p.opinions.get(organisation__code="czj"),
                          conclusion=Conclusion.AGREE, text="同意", on=date(2025, 3, 11))
    assert submit_special().state == State.GOV_REVIEW


def test_special_opinions_due_15_working_days_later_across_national_day(cast, draft):
    # Fri 26 Sep 2025; 28 Sep (Sun) and 11 Oct (Sat) are make-up working days, 1–8 Oct the National Day holiday:
    # 28, 29, 30 Sep (3), 9, 10, 11 Oct (6), 13–17 Oct (11), 20–23 Oct (15) → Thursday 23 October.
    p = services.submit(by=cast["staff"], project=draft(declaration_type="special"), on=date(2025, 9, 26))
    assert p.next_due == date(2025, 10, 23)
    assert set(p.opinions.values_list("due_on", flat=True)) == {date(2025, 10, 23)}


def test_withdraw_only_before_any_opinion_is_given(cast, draft):
    p = services.submit(by=cast["staff"], project=draft(declaration_type="special"), on=D24)
    p = services.withdraw(by=cast["staff"], project=p, reason="资金来源有变化", on=D24)
    assert p.state == State.WITHDRAWN and not p.opinions.exists()
    assert services.redraft(by=cast["staff"], project=p, on=D24).state == State.DRAFT

    q = services.submit(by=cast["staff"], project=draft(declaration_type="special", name="钦州市应急指挥平台"), on=D24)
    services.opinion_give(by=cast["finance"], opinion=q.opinions.get(organisation__code="czj"),
                          conclusion=Conclusion.AGREE, text="同意", on=D24)
    exc = refused(WorkflowError, lambda: services.withdraw(by=cast["staff"], project=q, on=D24), q, "withdraw")
    assert "已有部门出具意见" in str(exc)
    assert q.opinions.count() == 2


# ---------------------------------------------------------------- comprehensive evaluation (L4)

def test_conclusion_waits_for_every_invited_department_and_expert(cast, draft):
    p = evaluating(draft(), cast, D24, experts=[cast["expert"]])
    for opinion in p.opinions.exclude(organisation__code="bmj").exclude(expert__isnull=False):
        answer = opinion.expert or next(u for u in cast.values() if u.organisation_id == opinion.organisation_id
                                        and u.has_perm("govproj.give_opinions"))
        services.opinion_give(by=answer, opinion=opinion, conclusion=Conclusion.AGREE, on=D24, **ASPECTS)

    def conclude():
        return services.conclude_evaluation(by=cast["lead"], project=p, outcome="pass", on=D24)

    exc = refused(WorkflowError, conclude, p, "conclude_evaluation")
    assert "市保密局" in str(exc) and "专家" in str(exc) and "市财政局" not in str(exc)
    services.opinion_give(by=cast["secrecy"], opinion=p.opinions.get(organisation__code="bmj"),
                          conclusion=Conclusion.AGREE, on=D24, **ASPECTS)
    exc = refused(WorkflowError, conclude, p, "conclude_evaluation")
    assert "专家" in str(exc) and "市保密局" not in str(exc)
    answer_all(p, cast, OpinionKind.EVALUATION, D24)
    assert conclude().state == State.PASSED


def test_evaluation_opinion_must_address_all_five_aspects(cast, draft):
    p = evaluating(draft(), cast, D24)
    opinion = p.opinions.get(organisation__code="wxb")
    for aspect in ASPECTS:
        with pytest.raises(WorkflowError) as info:
            services.opinion_give(by=cast["wxb"], opinion=opinion, conclusion=Conclusion.AGREE, on=D24,
                                  **{**ASPECTS, aspect: "  "})
        assert "第七条" in str(info.value)
    with pytest.raises(WorkflowError):  # a conclusion other than 同意 needs its reason
        services.opinion_give(by=cast["wxb"], opinion=opinion, conclusion=Conclusion.REVISE, on=D24, **ASPECTS)
    opinion.refresh_from_db()
    assert opinion.submitted_at is None
    with pytest.raises(PermissionDenied):  # one member department cannot answer for another
        services.opinion_give(by=cast["kjj"], opinion=opinion, conclusion=Conclusion.AGREE, on=D24, **ASPECTS)
    services.opinion_give(by=cast["wxb"], opinion=opinion, conclusion=Conclusion.AGREE, on=D24, **ASPECTS)
    opinion.refresh_from_db()
    assert opinion.submitted_at and opinion.funding == ASPECTS["funding"]
    with pytest.raises(WorkflowError):  # once given, it stands
        services.opinion_give(by=cast["wxb"], opinion=opinion, conclusion=Conclusion.DISAGREE, text="改主意", on=D24,
                              **ASPECTS)


def test_return_and_reject_need_a_reason(cast, draft):
    p = evaluating(draft(), cast, D24)
    answer_all(p, cast, OpinionKind.EVALUATION, D24)
    for outcome in ("return", "reject"):
        refused(WorkflowError, lambda: services.conclude_evaluation(by=cast["lead"], project=p, outcome=outcome,
                                                                    reason=" ", on=D24), p, "conclude_evaluation")
    refused(WorkflowError, lambda: services.conclude_evaluation(by=cast["lead"], project=p, outcome="maybe",
                                                                reason="x", on=D24), p, "conclude_evaluation")
    p = services.conclude_evaluation(by=cast["lead"], project=p, outcome="reject", reason="与已建系统重复", on=D24)
    assert p.state == State.TERMINATED and transitions(p, "conclude_evaluation").get().reason == "与已建系统重复"


def test_resubmission_after_return(cast, draft):
    p = evaluating(draft(), cast, D24)
    code, declared_on = p.code, p.declared_on
    answer_all(p, cast, OpinionKind.EVALUATION, D24)
    p = services.conclude_evaluation(by=cast["lead"], project=p, outcome="return", reason="请细化资金来源",
                                     on=date(2025, 3, 10))
    assert p.state == State.RETURNED and p.next_actor == "市教育局"
    services.project_update(by=cast["staff"], project=p, fund_municipal=Decimal("2600000"),
                            fund_region=Decimal("3000000"))
    p = services.submit(by=cast["staff"], project=p, on=date(2025, 3, 17))
    assert p.state == State.DECLARED and p.code == code and p.declared_on == declared_on
    p = services.start_evaluation(by=cast["lead"], project=p, on=date(2025, 3, 18))
    assert set(p.opinions.filter(submitted_at__isnull=True).values_list("round", flat=True)) == {2}
    answer_all(p, cast, OpinionKind.EVALUATION, date(2025, 3, 19))
    p = services.conclude_evaluation(by=cast["lead"], project=p, outcome="pass", on=date(2025, 3, 20))
    assert p.state == State.PASSED
    assert [e.to_state for e in transitions(p)] == [State.DECLARED, State.EVALUATING, State.RETURNED, State.DECLARED,
                                                    State.EVALUATING, State.PASSED]


# ---------------------------------------------------------------- construction (L18)

@pytest.mark.parametrize("total, needs_contract", [(Decimal("500000.00"), False), (Decimal("500000.01"), True)])
def test_supervision_contract_required_above_500000(total, needs_contract, cast, declare):
    p = walk(declare(centrally_funded=True, total_investment=total), cast, State.REVIEWED, D24)

    def start():
        return services.start_construction(by=cast["staff"], project=p, on=D24)

    if needs_contract:
        finding = one_block(refused(WorkflowError, start, p, "start_construction"), "supervision_contract")
        assert finding["rule"] == "L18" and finding["citation"] == {"document": V2024, "article": "第十五条"}
        upload(cast["staff"], p, AttachmentKind.SUPERVISION_CONTRACT)
    p = start()
    assert p.state == State.CONSTRUCTING
    supervision = transitions(p, "start_construction").get().data["supervision"]
    assert supervision == ("unit_entrusts" if needs_contract else "lead_department_arranges")


# ---------------------------------------------------------------- acceptance (L21, L22)

def completed(project, cast, on):
    return walk(project, cast, State.COMPLETED, on)


def test_acceptance_needs_xinchuang_filing_under_2024_rules(cast, declare):
    p = completed(declare(centrally_funded=True), cast, D24)
    upload(cast["staff"], p, *ACCEPTANCE_BASICS)
    upload(cast["staff"], p, "security_assessment", "crypto_assessment", passed=True)
    exc = refused(WorkflowError, lambda: apply(p, cast, date(2025, 4, 1)), p, "apply_acceptance")
    finding = one_block(exc, "acceptance_materials")
    assert finding["rule"] == "L21" and finding["citation"] == {"document": V2024, "article": "第二十二条"}
    assert "信创备案证明" in finding["message"] and "审计报告" not in finding["message"]
    assert not p.acceptances.exists()
    upload(cast["staff"], p, "xinchuang_filing")
    attempt = apply(p, cast, date(2025, 4, 1))
    assert (attempt.number, attempt.rulebook, attempt.organiser.code) == (1, V2024, "dsj")


def test_acceptance_without_xinchuang_filing_under_2023_rules(cast, declare):
    project = declare(kinds=(AttachmentKind.RESOURCE_CATALOG, AttachmentKind.CONSTRUCTION_PLAN),
                      declaration_type="special", plan_year=2024)
    p = completed(project, cast, D23)
    upload(cast["staff"], p, *ACCEPTANCE_BASICS, on=D23)
    upload(cast["staff"], p, "security_assessment", "crypto_assessment", passed=True, on=D23)
    attempt = apply(p, cast, date(2024, 6, 3))
    assert (attempt.rulebook, attempt.organiser.code) == (V2023, "fgw")


def test_failed_security_assessment_does_not_count(cast, declare):
    p = completed(declare(centrally_funded=True), cast, D24)
    upload(cast["staff"], p, *ACCEPTANCE_BASICS, "xinchuang_filing")
    upload(cast["staff"], p, "crypto_assessment", passed=True)
    upload(cast["staff"], p, "security_assessment", passed=False)
    finding = one_block(refused(WorkflowError, lambda: apply(p, cast, date(2025, 4, 1)), p, "apply_acceptance"),
                        "acceptance_materials")
    assert "结论为通过的安全风险评估报告" in finding["message"] and "密码应用安全性评估报告" not in finding["message"]
    upload(cast["staff"], p, "security_assessment", passed=True)  # a second, passing version
    assert apply(p, cast, date(2025, 4, 1)).number == 1


def test_security_assessment_without_a_conclusion_does_not_count(cast, declare):
    """Art. 22 asks for a *passing* assessment; one uploaded with no conclusion has not been shown to pass."""
    p = completed(declare(centrally_funded=True), cast, D24)
    upload(cast["staff"], p, *ACCEPTANCE_BASICS, "xinchuang_filing")
    upload(cast["staff"], p, "crypto_assessment", passed=True)
    upload(cast["staff"], p, "security_assessment", passed=None)
    finding = one_block(refused(WorkflowError, lambda: apply(p, cast, date(2025, 4, 1)), p, "apply_acceptance"),
                        "acceptance_materials")
    assert "结论为通过的安全风险评估报告" in finding["message"]


def test_classified_project_needs_the_secrecy_approval(cast, declare):
    p = completed(declare(centrally_funded=True, classified=True), cast, D24)
    upload(cast["staff"], p, *ACCEPTANCE_BASICS, "xinchuang_filing")
    upload(cast["staff"], p, "security_assessment", "crypto_assessment", passed=True)
    finding = one_block(refused(WorkflowError, lambda: apply(p, cast, date(2025, 4, 1)), p, "apply_acceptance"),
                        "acceptance_materials")
    assert "保密行政管理部门审批意见" in finding["message"]
    upload(cast["staff"], p, "secrecy_approval")
    assert apply(p, cast, date(2025, 4, 1)).number == 1


def test_late_application_warns_and_marks_the_attempt(cast, declare):
    p = completed(declare(centrally_funded=True), cast, D24)  # completed 3 March 2025, due 3 September
    assert p.acceptance_due == date(2025, 9, 3)
    all_acceptance_materials(cast, p, D24)
    attempt = apply(p, cast, date(2025, 9, 4))
    assert attempt.late is True
    event = transitions(p, "apply_acceptance").get()
    assert event.data["late"] is True
    late = [f for f in event.findings if f["key"] == "acceptance_late"]
    assert len(late) == 1 and late[0]["severity"] == "warn" and late[0]["rule"] == "L21"
    assert "2025-09-03" in late[0]["message"]


def test_application_on_the_due_day_is_not_late(cast, declare):
    p = completed(declare(centrally_funded=True), cast, D24)
    all_acceptance_materials(cast, p, D24)
    attempt = apply(p, cast, date(2025, 9, 3))
    assert attempt.late is False
    assert not [f for f in transitions(p, "apply_acceptance").get().findings if f["key"] == "acceptance_late"]


def test_approved_postponement_moves_the_acceptance_due_date(cast, declare):
    p = completed(declare(centrally_funded=True), cast, D24)
    request = services.postponement_request(by=cast["staff"], project=p, until=date(2025, 12, 31),
                                            reason="等保测评机构排期至 11 月", on=date(2025, 8, 1))
    with pytest.raises(PermissionDenied):  # the acceptance organiser (here the lead) decides, not the commission
        services.postponement_decide(by=cast["ndrc"], postponement=request, approve=True, on=date(2025, 8, 5))
    services.postponement_decide(by=cast["lead"], postponement=request, approve=True, on=date(2025, 8, 5))
    p = fresh(p)
    assert p.acceptance_due == date(2025, 12, 31) and p.next_due == date(2025, 12, 31)
    all_acceptance_materials(cast, p, D24)
    attempt = apply(p, cast, date(2025, 11, 20))
    assert attempt.late is False


def test_refused_postponement_keeps_the_due_date(cast, declare):
    p = completed(declare(centrally_funded=True), cast, D24)
    request = services.postponement_request(by=cast["staff"], project=p, until=date(2025, 12, 31),
                                            reason="等保测评机构排期", on=date(2025, 8, 1))
    with pytest.raises(WorkflowError):
        services.postponement_decide(by=cast["lead"], postponement=request, approve=False, on=date(2025, 8, 5))
    services.postponement_decide(by=cast["lead"], postponement=request, approve=False, comment="理由不充分",
                                 on=date(2025, 8, 5))
    assert fresh(p).acceptance_due == date(2025, 9, 3)


def test_failed_acceptances_return_to_construction_and_are_kept(cast, declare):
    p = completed(declare(centrally_funded=True), cast, D24)
    all_acceptance_materials(cast, p, D24)
    apply(p, cast, date(2025, 4, 1))
    first = accept(p, cast, False, date(2025, 4, 8))
    p = fresh(p)
    assert p.state == State.CONSTRUCTING and p.completed_on is None and p.acceptance_due is None
    assert (first.number, first.passed) == (1, False)
    assert transitions(p, "conclude_acceptance").get().data["consecutive_failures"] == 1

    p = services.complete(by=cast["staff"], project=p, completed_on=date(2025, 5, 30), on=date(2025, 6, 2))
    assert p.acceptance_due == date(2025, 11, 30)
    second = apply(p, cast, date(2025, 6, 3))
    assert second.number == 2
    accept(p, cast, False, date(2025, 6, 10))
    assert fresh(p).state == State.CONSTRUCTING
    failures = [e.data["consecutive_failures"] for e in transitions(p, "conclude_acceptance").order_by("pk")]
    assert failures == [1, 2]
    assert list(p.acceptances.order_by("number").values_list("number", "passed")) == [(1, False), (2, False)]

    services.complete(by=cast["staff"], project=p, completed_on=date(2025, 7, 1), on=date(2025, 7, 1))
    apply(p, cast, date(2025, 7, 2))
    third = accept(p, cast, True, date(2025, 7, 9))
    assert third.number == 3 and fresh(p).state == State.ACCEPTED


# ---------------------------------------------------------------- stale copies and races

def test_stale_copy_loses_to_the_first_conclusion(cast, draft):
    p = evaluating(draft(), cast, D24)
    answer_all(p, cast, OpinionKind.EVALUATION, D24)
    mine, theirs = fresh(p), fresh(p)
    services.conclude_evaluation(by=cast["lead"], project=mine, outcome="pass", on=D24,
                                 expected_version=mine.lock_version)
    with pytest.raises(ConcurrentChange):
        services.conclude_evaluation(by=cast["lead"], project=theirs, outcome="return", reason="退回", on=D24,
                                     expected_version=theirs.lock_version)
    with pytest.raises(WorkflowError) as info:  # without a version the stale copy still cannot overwrite
        services.conclude_evaluation(by=cast["lead"], project=theirs, outcome="return", reason="退回", on=D24)
    assert "“评估通过”" in str(info.value)
    assert fresh(p).state == State.PASSED
    assert transitions(p, "conclude_evaluation").count() == 1


def _race_until_decided(project, step, make_calls):
    """Race the two calls; return the results of the first round someone won.

    Never may both win, and the timeline holds exactly one event per win. PostgreSQL serialises the two on
    the row lock, so the first round must be decided. SQLite has no row locks and the test database is an
    in-memory shared cache, whose table locks refuse at once instead of waiting: both racers may be refused
    in a round (both roll back, nothing is written), and the race is then run again.
    """
    rounds = 1 if connection.vendor == "postgresql" else 5
    for _ in range(rounds):
        results = race(make_calls())
        assert results.count("ok") <= 1, results
        assert all(r == "ok" or refused_by_race(r) for r in results), results
        assert transitions(project, step).count() == results.count("ok")
        assert audit_transitions(project).filter(after__step=step).count() == results.count("ok")
        if "ok" in results:
            return results
    pytest.fail(f"no racer ever won {step}: {results}")


@pytest.mark.django_db(transaction=True)
def test_two_leads_concluding_at_once_one_wins(cast, draft):
    p = evaluating(draft(), cast, D24)
    answer_all(p, cast, OpinionKind.EVALUATION, D24)
    version = fresh(p).lock_version

    def calls():
        a, b = thread_users(cast["lead"], cast["lead"])
        return [
            lambda: services.conclude_evaluation(by=a, project=fresh(p), outcome="pass", on=D24,
                                                 expected_version=version),
            lambda: services.conclude_evaluation(by=b, project=fresh(p), outcome="return", reason="退回补充", on=D24,
                                                 expected_version=version),
        ]

    results = _race_until_decided(p, "conclude_evaluation", calls)
    winner = State.PASSED if results[0] == "ok" else State.RETURNED
    assert fresh(p).state == winner and fresh(p).lock_version == version + 1
    assert transitions(p, "conclude_evaluation").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_approvals_issued_at_once_one_wins(cast, declare):
    p = ready_to_issue(declare(centrally_funded=True), cast, D24)

    def calls():
        a, b = thread_users(cast["lead"], cast["lead"])
        return [
            lambda: services.issue_approval(by=a, project=fresh(p), approval_ref="钦审〔2025〕1号", on=D24),
            lambda: services.issue_approval(by=b, project=fresh(p), approval_ref="钦审〔2025〕2号", on=D24),
        ]

    results = _race_until_decided(p, "issue_approval", calls)
    assert fresh(p).state == State.APPROVED
    event = transitions(p, "issue_approval").get()
    assert event.data["approval_ref"] == ("钦审〔2025〕1号" if results[0] == "ok" else "钦审〔2025〕2号")


# ---------------------------------------------------------------- every transition is recorded once

def _check_trail(project):
    events = list(transitions(project).order_by("pk"))
    audits = list(audit_transitions(project).order_by("seq"))
    assert [a.after["step"] for a in audits] == [e.step for e in events]
    previous = State.DRAFT
    for event, record in zip(events, audits, strict=True):
        step = STEPS[event.step]
        assert event.from_state in step.sources and event.to_state in step.targets, event.step
        assert event.from_state == previous, event.step
        assert (record.before["state"], record.after["state"]) == (event.from_state, event.to_state)
        previous = event.to_state
    assert fresh(project).state == previous
    return {e.step for e in events}


def test_every_transition_writes_one_event_and_one_audit_record(cast, draft):
    staff, lead = cast["staff"], cast["lead"]
    a = draft()
    services.submit(by=staff, project=a, on=date(2025, 3, 3))
    services.withdraw(by=staff, project=a, on=date(2025, 3, 4))
    services.redraft(by=staff, project=a, on=date(2025, 3, 4))
    services.submit(by=staff, project=a, on=date(2025, 3, 5))
    services.start_evaluation(by=lead, project=a, experts=[cast["expert"]], on=date(2025, 3, 6))
    answer_all(a, cast, OpinionKind.EVALUATION, date(2025, 3, 7))
    services.conclude_evaluation(by=lead, project=a, outcome="pass", on=date(2025, 3, 10))
    services.plan_add(by=lead, project=a, on=date(2025, 3, 11))
    services.plan_remove(by=lead, project=a, reason="调整排序", on=date(2025, 3, 11))
    entry = services.plan_add(by=lead, project=a, priority="urgent", on=date(2025, 3, 12))
    services.plan_submit(by=lead, plan=entry.plan, on=date(2025, 3, 13))
    services.plan_decide(by=cast["government"], plan=entry.plan, approve=True, decision_ref="市政府常务会议纪要〔2025〕3号",
                         on=date(2025, 3, 20))
    services.start_approval(by=staff, project=a, on=date(2025, 3, 24))
    approve_all_items(a, lead, staff, date(2025, 3, 25))
    services.issue_approval(by=lead, project=a, approval_ref="钦审〔2025〕9号", on=date(2025, 3, 26))
    services.submit_fiscal_review(by=staff, project=a, amount=Decimal("5400000"), on=date(2025, 3, 27))
    services.complete_fiscal_review(by=cast["finance"], project=a, reviewed_amount=Decimal("5300000"),
                                    on=date(2025, 3, 28))
    upload(staff, a, AttachmentKind.SUPERVISION_CONTRACT)
    services.start_construction(by=staff, project=a, on=date(2025, 4, 1))
    services.complete(by=staff, project=a, completed_on=date(2025, 6, 30), on=date(2025, 6, 30))
    all_acceptance_materials(cast, a, date(2025, 6, 30))
    services.apply_acceptance(by=staff, project=a, on=date(2025, 7, 1))
    accept(a, cast, False, date(2025, 7, 3))
    services.complete(by=staff, project=a, completed_on=date(2025, 7, 31), on=date(2025, 7, 31))
    services.apply_acceptance(by=staff, project=a, on=date(2025, 8, 1))
    accept(a, cast, True, date(2025, 8, 5))
    upload(lead, a, AttachmentKind.ACCEPTANCE_REPORT)
    services.file_report(by=staff, project=a, on=date(2025, 8, 6))
    services.start_operation(by=staff, project=a, on=date(2025, 8, 7))
    seen = _check_trail(a)

    b = walk(draft(declaration_type="special", name="钦州市应急指挥平台"), cast, State.GOV_APPROVED, D24)
    services.terminate(by=lead, project=b, reason="纳入自治区统一建设", on=date(2025, 3, 20))
    seen |= _check_trail(b)

    assert seen == set(STEPS)
