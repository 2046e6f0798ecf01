"""Acceptance and what follows it: postponement, attempts, filing and operation (Art. 22–23)."""

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from govproj.audit import services as audit
from govproj.common import workflow
from govproj.common.dates import on_or_today
from govproj.common.errors import WorkflowError, validate
from govproj.common.notify import notify
from govproj.common.roles import Perm

from .. import selectors
from ..models import (
    AcceptanceAttempt,
    AttachmentKind,
    Opinion,
    OpinionKind,
    Postponement,
    Project,
)
from ..states import State
from ._core import (
    add_participants,
    advance,
    check_step,
    current_kinds,
    lock_step,
    record_event,
    refuse_on_blocks,
    require_all_opinions,
    update_next_actor,
)

# ---------------------------------------------------------------- acceptance (Art. 22–23)

@transaction.atomic
def postponement_request(*, by, project: Project, until: date, reason: str, on: date | None = None) -> Postponement:
    on = on_or_today(on)
    project = lock_step(project, "postpone_request", by, on, None, _("项目完工后、申请验收前方可申请延期验收。"))
    if not reason.strip():
        raise WorkflowError(_("请写明不能按期申请验收的理由。"))
    if project.acceptance_due and until <= project.acceptance_due:
        raise WorkflowError(_("延期后的日期应晚于当前截止日 {due}。").format(due=project.acceptance_due))
    if project.postponements.filter(status=Postponement.Status.PENDING).exists():
        raise WorkflowError(_("已有待审核的延期申请。"))
    request = Postponement.objects.create(project=project, requested_on=on, requested_until=until, reason=reason)
    record_event(project, by=by, on=on, step="postpone_request", label=_("申请延期验收至 {d}").format(d=until),
                 reason=reason)
    audit.record(actor=by, action=audit.Action.CREATE, obj=request, after=audit.snapshot(request))
    update_next_actor(project, on)
    organiser = selectors.acceptance_organiser(project, on)
    notify(selectors.people(organiser, Perm.REVIEW_PROJECTS),
           title=_("待审核延期验收申请：{name}").format(name=project.name),
           url=reverse("projects:detail", args=[project.pk]))
    return request


@transaction.atomic
def postponement_decide(*, by, postponement: Postponement, approve: bool, comment: str = "",
                        on: date | None = None) -> Postponement:
    on = on_or_today(on)
    pp = Postponement.objects.select_for_update(of=("self",)).select_related("project", "project__unit").get(
        pk=postponement.pk)
    check_step(by, pp, "decide", on, _("该申请已审核。"))
    if not approve and not comment.strip():
        raise WorkflowError(_("不同意时须写明理由。"))
    workflow.move(pp, "decide", validated=True, by=by, action=audit.Action.DECISION,
                  to=Postponement.Status.APPROVED if approve else Postponement.Status.REFUSED,
                  decided_by=by, decided_on=on, comment=comment)
    project = pp.project
    if approve:
        Project.objects.filter(pk=project.pk).update(acceptance_due=pp.requested_until, next_due=pp.requested_until)
    record_event(project, by=by, on=on, step="postpone_decide", label=_("延期验收申请：{r}").format(
        r=pp.get_status_display()), reason=comment)
    update_next_actor(project, on)
    notify(selectors.unit_people(project), title=_("延期验收申请{r}：{name}").format(r=pp.get_status_display(),
                                                                                 name=project.name),
           url=reverse("projects:detail", args=[project.pk]))
    return pp


@transaction.atomic
def apply_acceptance(*, by, project: Project, on: date | None = None,
                     expected_version: int | None = None) -> AcceptanceAttempt:
    on = on_or_today(on)
    p = lock_step(project, "apply_acceptance", by, on, expected_version)
    result = refuse_on_blocks(p, "apply_acceptance", on)
    late = any(f["key"] == "acceptance_late" for f in result["findings"])
    number = p.acceptances.count() + 1
    organiser = selectors.acceptance_organiser(p, on)
    attempt = AcceptanceAttempt.objects.create(project=p, number=number, applied_on=on, rulebook=result["rulebook"],
                                               organiser=organiser, late=late)
    advance(p, "apply_acceptance", State.ACCEPTANCE_APPLIED, by=by, on=on, result=result,
            data={"attempt": number, "organiser": organiser.code, "late": late})
    return attempt


@transaction.atomic
def start_acceptance(*, by, project: Project, mode: str, members: str = "", experts=(), on: date | None = None,
                     expected_version: int | None = None) -> AcceptanceAttempt:
    on = on_or_today(on)
    p = lock_step(project, "start_acceptance", by, on, expected_version)
    if mode not in AcceptanceAttempt.Mode.values:
        raise WorkflowError(_("请选择验收组织方式。"))
    if mode == AcceptanceAttempt.Mode.COMMITTEE and not (members.strip() or experts):
        raise WorkflowError(_("组成验收委员会时须列明委员会成员。"))
    attempt = selectors.current_acceptance(p)
    attempt.mode, attempt.members, attempt.started_on = mode, members, on
    validate(attempt)
    attempt.save()
    for expert in experts:
        Opinion.objects.create(project=p, kind=OpinionKind.ACCEPTANCE, round=attempt.number, expert=expert,
                               requested_on=on)
    add_participants(p, experts, "acceptance")
    advance(p, "start_acceptance", State.ACCEPTING, by=by, on=on,
            data={"attempt": attempt.number, "mode": mode, "experts": [e.username for e in experts]})
    return attempt


@transaction.atomic
def conclude_acceptance(*, by, project: Project, passed: bool, conclusion: str, on: date | None = None,
                        expected_version: int | None = None) -> AcceptanceAttempt:
    on = on_or_today(on)
    p = lock_step(project, "conclude_acceptance", by, on, expected_version)
    require_all_opinions(p, OpinionKind.ACCEPTANCE)
    if not conclusion.strip():
        raise WorkflowError(_("请填写验收结论。"))
    attempt = selectors.current_acceptance(p)
    attempt.passed, attempt.conclusion, attempt.concluded_on = passed, conclusion, on
    validate(attempt)
    attempt.save()
    data = {"attempt": attempt.number, "passed": passed}
    if passed:
        advance(p, "conclude_acceptance", State.ACCEPTED, by=by, on=on, reason=conclusion, data=data)
    else:
        failures = [a.passed for a in p.acceptances.order_by("-number")[:2]]
        data["consecutive_failures"] = 2 if failures == [False, False] else 1
        advance(p, "conclude_acceptance", State.CONSTRUCTING, by=by, on=on, reason=conclusion, data=data,
                completed_on=None, acceptance_due=None)
    return attempt


@transaction.atomic
def file_report(*, by, project: Project, on: date | None = None, expected_version: int | None = None) -> Project:
    """Art. 23: the acceptance report is filed with the organiser and the project is archived."""
    on = on_or_today(on)
    p = lock_step(project, "file_report", by, on, expected_version)
    if AttachmentKind.ACCEPTANCE_REPORT not in current_kinds(p):
        raise WorkflowError(_("请先上传验收报告。"))
    attempt = selectors.current_acceptance(p)
    attempt.report_filed_on = on
    validate(attempt)
    attempt.save()
    return advance(p, "file_report", State.ARCHIVED, by=by, on=on, data={"attempt": attempt.number})


@transaction.atomic
def start_operation(*, by, project: Project, on: date | None = None, expected_version: int | None = None) -> Project:
    on = on_or_today(on)
    p = lock_step(project, "start_operation", by, on, expected_version)
    return advance(p, "start_operation", State.OPERATING, by=by, on=on)
