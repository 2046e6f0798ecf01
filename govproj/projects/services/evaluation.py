"""Comprehensive evaluation, the annual work plan and the special declaration's decision (Art. 7, 8, 14)."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from govproj.audit import services as audit
from govproj.common import workflow
from govproj.common.dates import on_or_today
from govproj.common.errors import ConcurrentChange, WorkflowError, validate
from govproj.common.notify import notify
from govproj.common.scoping import role_grants
from govproj.orgs.models import Organisation
from govproj.rulebook.versions import version_on

from .. import selectors
from ..deadlines import (
    evaluation_due,
)
from ..models import (
    AnnualPlan,
    Conclusion,
    Opinion,
    OpinionKind,
    PlanEntry,
    Project,
)
from ..states import State
from ._core import (
    add_participants,
    advance,
    check_step,
    judge,
    lock_step,
    next_round,
    record_event,
    refuse_on_blocks,
    require_all_opinions,
    require_department,
    update_next_actor,
)

# ---------------------------------------------------------------- comprehensive evaluation (Art. 7)

@transaction.atomic
def start_evaluation(*, by, project: Project, experts=(), on: date | None = None,
                     expected_version: int | None = None) -> Project:
    on = on_or_today(on)
    p = lock_step(project, "start_evaluation", by, on, expected_version)
    version = version_on(on)
    due, problem = evaluation_due(on)
    round_ = next_round(p, OpinionKind.EVALUATION)
    departments = list(Organisation.objects.filter(code__in=version.evaluation_departments))
    for org in departments:
        Opinion.objects.create(project=p, kind=OpinionKind.EVALUATION, round=round_, organisation=org,
                               requested_on=on, due_on=due)
        add_participants(p, selectors.department_people(org), "evaluation")
    for expert in experts:
        Opinion.objects.create(project=p, kind=OpinionKind.EVALUATION, round=round_, expert=expert,
                               requested_on=on, due_on=due)
        add_participants(p, [expert], "evaluation")
    return advance(p, "start_evaluation", State.EVALUATING, by=by, on=on, due=due,
                   data={"round": round_, "departments": [o.code for o in departments],
                          "experts": [e.username for e in experts],
                          **({"deadline_problem": problem} if problem else {})})


def may_answer(user, opinion: Opinion) -> bool:
    if opinion.expert_id:
        return opinion.expert_id == user.pk
    return user.organisation_id == opinion.organisation_id and any(
        grant.role in selectors.DEPARTMENT_OPINION_ROLES for grant in role_grants(user))


@transaction.atomic
def opinion_give(*, by, opinion: Opinion, conclusion: str, text: str = "", necessity: str = "", feasibility: str = "",
                 security: str = "", sharing: str = "", funding: str = "", on: date | None = None) -> Opinion:
    on = on_or_today(on)
    locked = Opinion.objects.select_for_update(of=("self",)).select_related("project", "organisation", "expert").get(
        pk=opinion.pk)
    if not may_answer(by, locked):
        raise PermissionDenied(_("该意见应由{who}出具。").format(who=locked.addressee))
    if locked.submitted_at:
        raise WorkflowError(_("{who}已于 {at:%Y-%m-%d} 出具意见，不能重复提交。").format(who=locked.addressee,
                                                                               at=timezone.localtime(locked.submitted_at)))
    if conclusion not in Conclusion.values:
        raise WorkflowError(_("请选择意见结论。"))
    if locked.kind == OpinionKind.EVALUATION and not all(x.strip() for x in (necessity, feasibility, security, sharing,
                                                                             funding)):
        raise WorkflowError(_("综合评估意见须分别就必要性、可行性、安全性、协同共享范围和资金来源发表意见（第七条）。"))
    if conclusion != Conclusion.AGREE and not text.strip():
        raise WorkflowError(_("结论不是“同意”时，请写明理由。"))
    locked.conclusion, locked.text, locked.author = conclusion, text, by
    locked.submitted_at, locked.submitted_on = timezone.now(), on
    locked.necessity, locked.feasibility, locked.security, locked.sharing, locked.funding = (
        necessity, feasibility, security, sharing, funding)
    validate(locked)
    locked.save()
    project = locked.project
    if locked.kind == OpinionKind.XINCHUANG:
        Project.objects.filter(pk=project.pk).update(xinchuang_exception_approved=conclusion == Conclusion.AGREE)
    late = bool(locked.due_on and on > locked.due_on)
    record_event(project, by=by, on=on, step="opinion", label=_("{who}出具{kind}：{c}").format(
        who=locked.addressee, kind=locked.get_kind_display(), c=locked.get_conclusion_display()),
        reason=text, data={"opinion": locked.pk, "late": late})
    audit.record(actor=by, action=audit.Action.DECISION, obj=locked, after=audit.snapshot(locked))
    label, recipients = update_next_actor(project, on)
    if not selectors.open_opinions(project).filter(kind=locked.kind).exists():
        notify(recipients, title=_("意见已齐：{name}").format(name=project.name),
               body=_("各方{kind}已全部反馈，请{who}办理下一步。").format(kind=locked.get_kind_display(), who=label),
               url=reverse("projects:detail", args=[project.pk]))
    return locked


@transaction.atomic
def remind_pending(*, by, project: Project, on: date | None = None) -> int:
    """One-click 催办: the lead department reminds every department or expert that still owes an opinion."""
    on = on_or_today(on)
    require_department(by, selectors.lead_department(on), _("催办"))
    pending = list(selectors.open_opinions(project))
    if not pending:
        raise WorkflowError(_("没有尚未反馈的意见。"))
    sent = 0
    for opinion in pending:
        sent += notify(selectors.opinion_owers(opinion),
                       title=_("催办：请就“{name}”出具{kind}").format(name=project.name,
                                                                 kind=opinion.get_kind_display()),
                       body=_("自 {since} 起待反馈，期限 {due}。").format(since=opinion.requested_on,
                                                                   due=opinion.due_on or "—"),
                       url=reverse("projects:detail", args=[project.pk]))
    record_event(project, by=by, on=on, step="remind",
                 label=_("催办：{who}").format(who="、".join(o.addressee for o in pending)))
    audit.record(actor=by, action=audit.Action.UPDATE, obj=project, after={"reminded": [o.pk for o in pending]})
    return sent


OUTCOMES = {"pass": State.PASSED, "return": State.RETURNED, "reject": State.TERMINATED}


@transaction.atomic
def conclude_evaluation(*, by, project: Project, outcome: str, reason: str = "", on: date | None = None,
                        expected_version: int | None = None) -> Project:
    """Only a pass is judged by the gates: returning or rejecting a project is always open to the lead department.

    An approved infrastructure exception (Art. 14) is recorded beforehand with ``record_infrastructure_exception``.
    """
    on = on_or_today(on)
    p = lock_step(project, "conclude_evaluation", by, on, expected_version)
    if outcome not in OUTCOMES:
        raise WorkflowError(_("请选择评估结论：通过、退回修改或不予通过。"))
    require_all_opinions(p, OpinionKind.EVALUATION)
    if outcome != "pass" and not reason.strip():
        raise WorkflowError(_("退回或不予通过时须写明理由。"))
    result = refuse_on_blocks(p, "conclude_evaluation", on) if outcome == "pass" else judge(p, on)
    return advance(p, "conclude_evaluation", OUTCOMES[outcome], by=by, on=on, reason=reason, result=result,
                   data={"outcome": outcome})


@transaction.atomic
def record_infrastructure_exception(*, by, project: Project, reason: str, on: date | None = None) -> Project:
    """Art. 14: new machine rooms, networks or platforms need an approved exception, recorded by the lead department."""
    on = on_or_today(on)
    p = lock_step(project, "infrastructure_exception", by, on, None, _("基础设施建设例外应在申报后、批复立项前记录。"))
    if not p.new_infrastructure:
        raise WorkflowError(_("该项目未申报新建或扩建基础设施，无需例外。"))
    if not reason.strip():
        raise WorkflowError(_("请写明批准例外的理由和依据。"))
    before = audit.snapshot(p)
    Project.objects.filter(pk=p.pk).update(infrastructure_exception_reason=reason.strip())
    p.refresh_from_db()
    record_event(p, by=by, on=on, step="infrastructure_exception", label=_("批准基础设施建设例外"), reason=reason)
    audit.record(actor=by, action=audit.Action.DECISION, obj=p, before=before, after=audit.snapshot(p))
    return p


# ---------------------------------------------------------------- annual work plan (Art. 7)

def _plan_for_update(year: int) -> AnnualPlan:
    plan, _created = AnnualPlan.objects.get_or_create(year=year)
    return AnnualPlan.objects.select_for_update().get(pk=plan.pk)


def _require_draft(plan: AnnualPlan) -> None:
    if plan.status != AnnualPlan.Status.DRAFT:
        raise WorkflowError(_("{plan}已报市政府审定，不能再调整。").format(plan=plan))


@transaction.atomic
def plan_add(*, by, project: Project, priority: str = "normal", override_reason: str = "",
             on: date | None = None) -> PlanEntry:
    on = on_or_today(on)
    p = lock_step(project, "add_to_plan", by, on, None)
    plan = _plan_for_update(p.plan_year)
    _require_draft(plan)
    result = judge(p, on, {"decided_on": p.declared_on})
    late = [f for f in result["findings"] if f["key"] == "annual_late"]
    fields = {}
    if late:
        if not override_reason.strip():
            raise WorkflowError([late[0]["message"] + _("如确需列入，请填写理由。")], findings=late)
        fields["late_override_reason"] = override_reason.strip()
    if priority not in PlanEntry.Priority.values:
        raise WorkflowError(_("请选择轻重缓急。"))
    rank = (plan.entries.aggregate(r=Max("rank"))["r"] or 0) + 1
    entry = PlanEntry.objects.create(plan=plan, project=p, rank=rank, priority=priority)
    advance(p, "add_to_plan", State.IN_PLAN, by=by, on=on, reason=override_reason, result=result,
            data={"plan": plan.year, "rank": rank, "priority": priority}, **fields)
    return entry


@transaction.atomic
def plan_remove(*, by, project: Project, reason: str = "", on: date | None = None) -> Project:
    on = on_or_today(on)
    p = lock_step(project, "remove_from_plan", by, on, None)
    entry = p.plan_entry
    _require_draft(entry.plan)
    entry.delete()
    return advance(p, "remove_from_plan", State.PASSED, by=by, on=on, reason=reason)


@transaction.atomic
def plan_reorder(*, by, plan: AnnualPlan, project_ids: list[int], on: date | None = None) -> AnnualPlan:
    """Rank by 轻重缓急: ``project_ids`` lists the plan's projects in their new order."""
    on = on_or_today(on)
    plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    check_step(by, plan, "reorder", on, _("{plan}已报市政府审定，不能再调整。").format(plan=plan))
    entries = {e.project_id: e for e in plan.entries.all()}
    if sorted(project_ids) != sorted(entries):
        raise WorkflowError(_("排序须包含方案中的全部项目且不重复。"))
    before = [e.project_id for e in sorted(entries.values(), key=lambda e: e.rank)]
    for rank, pid in enumerate(project_ids, start=1):
        entries[pid].rank = rank
    PlanEntry.objects.bulk_update(entries.values(), ["rank"])
    audit.record(actor=by, action=audit.Action.UPDATE, obj=plan, before={"order": before}, after={"order": project_ids})
    return plan


@transaction.atomic
def plan_submit(*, by, plan: AnnualPlan, on: date | None = None, expected_version: int | None = None) -> AnnualPlan:
    """Freeze the plan and send it, as one document, to the municipal government."""
    on = on_or_today(on)
    plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    if expected_version is not None and plan.lock_version != expected_version:
        raise ConcurrentChange()
    check_step(by, plan, "submit", on, _("{plan}已报送，不能重复报送。").format(plan=plan))
    entries = list(plan.entries.select_related("project"))
    if not entries:
        raise WorkflowError(_("方案中还没有项目。"))
    for entry in entries:
        p = lock_step(entry.project, "submit_plan", by, on, None)
        advance(p, "submit_plan", State.GOV_REVIEW, by=by, on=on, data={"plan": plan.year, "rank": entry.rank})
    return workflow.move(plan, "submit", validated=True, by=by, action=audit.Action.TRANSITION, submitted_on=on)


@transaction.atomic
def plan_decide(*, by, plan: AnnualPlan, approve: bool, decision_ref: str = "", reason: str = "",
                on: date | None = None, expected_version: int | None = None) -> AnnualPlan:
    on = on_or_today(on)
    plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    if expected_version is not None and plan.lock_version != expected_version:
        raise ConcurrentChange()
    check_step(by, plan, "decide", on, _("{plan}当前不在待审定状态。").format(plan=plan))
    if approve and not decision_ref.strip():
        raise WorkflowError(_("请填写审定文号或会议纪要编号。"))
    if not approve and not reason.strip():
        raise WorkflowError(_("退回方案时须写明理由。"))
    target = State.GOV_APPROVED if approve else State.IN_PLAN
    for entry in plan.entries.select_related("project"):
        p = lock_step(entry.project, "government_decide", by, on, None)
        advance(p, "government_decide", target, by=by, on=on, reason=reason,
                data={"plan": plan.year, "decision_ref": decision_ref, "approved": approve})
    if approve:
        return workflow.move(plan, "decide", validated=True, by=by, action=audit.Action.DECISION,
                             to=AnnualPlan.Status.APPROVED, decided_on=on, decision_ref=decision_ref, note=reason)
    return workflow.move(plan, "decide", validated=True, by=by, action=audit.Action.DECISION,
                         to=AnnualPlan.Status.DRAFT, decided_on=None, decision_ref="", note=reason, submitted_on=None)


# ---------------------------------------------------------------- special declaration (Art. 8)

@transaction.atomic
def submit_special(*, by, project: Project, on: date | None = None, expected_version: int | None = None) -> Project:
    on = on_or_today(on)
    p = lock_step(project, "submit_special", by, on, expected_version)
    result = refuse_on_blocks(p, "submit_special", on, {"decided_on": p.declared_on})
    return advance(p, "submit_special", State.GOV_REVIEW, by=by, on=on, result=result)


@transaction.atomic
def government_decide(*, by, project: Project, approve: bool, decision_ref: str = "", reason: str = "",
                      on: date | None = None, expected_version: int | None = None) -> Project:
    """A special declaration's municipal decision; annual projects are decided with their plan."""
    on = on_or_today(on)
    p = lock_step(project, "government_decide", by, on, expected_version)
    if p.declaration_type != "special":
        raise WorkflowError(_("年度申报项目随年度工作方案一并审定。"))
    if approve and not decision_ref.strip():
        raise WorkflowError(_("请填写审定文号或会议纪要编号。"))
    if not approve and not reason.strip():
        raise WorkflowError(_("不予同意时须写明理由。"))
    return advance(p, "government_decide", State.GOV_APPROVED if approve else State.TERMINATED, by=by, on=on,
                   reason=reason, data={"decision_ref": decision_ref, "approved": approve})
