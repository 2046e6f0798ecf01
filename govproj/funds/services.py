"""Every change to the fund ledger goes through a function here (spec §3, F1–F11).

Each function runs in one transaction: it checks who acts (by the rulebook version in force on
the business date ``on``), judges the funding rules of that version and refuses on a blocking
finding with its citation, moves money with conditional updates that the database constraints
back up, and writes the audit record, the project's timeline event and the notifications.
"""

import copy
import hashlib
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from govproj.audit import services as audit
from govproj.common.dates import on_or_today
from govproj.common.errors import ConcurrentChange, WorkflowError
from govproj.common.files import check_file
from govproj.common.notify import notify
from govproj.common.roles import Perm
from govproj.common.workflow import move
from govproj.orgs.models import Organisation
from govproj.projects import selectors as project_selectors
from govproj.projects.models import AnnualPlan, Event, PlanEntry, Project
from govproj.projects.services import facts, is_unit_member
from govproj.projects.states import State
from govproj.rulebook import rules
from govproj.rulebook.adjustment import decide_adjustment
from govproj.rulebook.versions import RulebookVersion, version_on

from .models import (
    Adjustment,
    Allocation,
    Application,
    ArrangementPlan,
    Call,
    ContentChange,
    Contract,
    FundDocument,
    FundReport,
    FundYear,
    NonCompliance,
    Payment,
    PerformanceEvaluation,
    PlanLine,
    PoolLine,
    Recovery,
    SpendingPlan,
    money,
)
from .states import CONTENT_CHANGE_START, MACHINES

# Projects the measures have approved (立项批复) or that have gone further.
APPROVED_STATES = frozenset({State.APPROVED, State.FISCAL_REVIEW, State.REVIEWED, State.CONSTRUCTING, State.COMPLETED,
                             State.ACCEPTANCE_APPLIED, State.ACCEPTING, State.ACCEPTED, State.ARCHIVED,
                             State.OPERATING})
FINISHED_STATES = frozenset({State.COMPLETED, State.ACCEPTANCE_APPLIED, State.ACCEPTING, State.ACCEPTED,
                             State.ARCHIVED, State.OPERATING})
IN_SERVICE_STATES = frozenset({State.ACCEPTED, State.ARCHIVED, State.OPERATING})
NOT_STARTED_STATES = frozenset(set(State.values) - {State.CONSTRUCTING} - FINISHED_STATES)
# Art. 27 names no day; the platform asks for a quarter's report by this day of the following month.
QUARTER_REPORT_DAY = 10


def invariant_errors(obj, *, exclude=(), **changes) -> list[str]:
    """What the model itself says against ``obj`` as it would be with ``changes`` (a copy is checked, nothing saved).

    Uniqueness and the check constraints stay with the database, which the writes below answer to. ``exclude``
    names fields a service has already checked in its own words, so a reason is not given twice.
    """
    candidate = copy.copy(obj)
    for name, value in changes.items():
        setattr(candidate, name, value)
    try:
        candidate.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return [m for messages in exc.message_dict.values() for m in messages]
    return []


def require_valid(obj, *, exclude=(), **changes) -> None:
    """Refuse the step unless ``obj`` with ``changes`` keeps its model's invariants: API, CLI and demo obey them too."""
    errors = invariant_errors(obj, exclude=exclude, **changes)
    if errors:
        raise WorkflowError(errors)


# ---------------------------------------------------------------- who acts

def _department(by, code: str, label: str) -> None:
    """``by`` must hold the funds permission in the department ``code`` (e.g. the lead department or finance)."""
    if not (by.has_perm(Perm.MANAGE_FUNDS.full) and by.organisation_id
            and by.organisation_id == Organisation.objects.only("pk").get(code=code).pk):
        name = Organisation.objects.get(code=code).short_name
        raise PermissionDenied(_("“{step}”应由{org}办理。").format(step=label, org=name))


def _lead(by, on: date, label: str) -> RulebookVersion:
    version = version_on(on)
    _department(by, version.lead_department, label)
    return version


def _finance(by, on: date, label: str) -> RulebookVersion:
    version = version_on(on)
    _department(by, version.finance_department, label)
    return version


def _lead_or_finance(by, on: date, label: str) -> RulebookVersion:
    """Art. 18: the lead department verifies and allocates together with the finance bureau."""
    version = version_on(on)
    try:
        _department(by, version.lead_department, label)
    except PermissionDenied:
        _department(by, version.finance_department, label)
    return version


def _require_grounds(approve: bool, ref: str, note: str, ref_label: str) -> None:
    """A yes needs its document number, a no its reason: the record must say on what the decision rests."""
    if approve and not ref.strip():
        raise WorkflowError(_("请填写{label}。").format(label=ref_label))
    if not approve and not note.strip():
        raise WorkflowError(_("不予同意须写明意见。"))


def _government(by, label: str) -> None:
    if not by.has_perm(Perm.GOVERNMENT_DECIDE.full):
        raise PermissionDenied(_("“{step}”须经市人民政府批准。").format(step=label))


def _unit(by, project: Project, label: str) -> None:
    if not is_unit_member(by, project):
        raise PermissionDenied(_("“{step}”应由建设单位{unit}办理。").format(step=label, unit=project.unit.short_name))


def _people(code: str, perm: str = Perm.MANAGE_FUNDS):
    return project_selectors.people(Organisation.objects.filter(code=code).first(), perm)


def _lead_and_finance_people(on: date):
    version = version_on(on)
    return [*_people(version.lead_department), *_people(version.finance_department)]


# ---------------------------------------------------------------- recording

def _event(project: Project, *, by, on: date, step: str, label: str, reason: str = "", data: dict | None = None,
           result: dict | None = None) -> Event:
    """The fund step on the project's own timeline, so the project page tells the whole story."""
    return Event.objects.create(
        project=project, on=on, actor=by, actor_name=getattr(by, "full_name", "") or by.username,
        step=f"funds:{step}"[:40], label=label[:100], reason=reason, rulebook=(result or {}).get("rulebook", ""),
        findings=[f for f in (result or {}).get("findings", [])
                  if f["rule"] in ("F3", "F5", "F6", "F9", "L25", "S2", "S5")],
        data=data or {})


def _decimal_data(**values) -> dict:
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in values.items()}


# ---------------------------------------------------------------- rules

def fund_facts(project: Project, on: date, **extra) -> dict:
    """The project's rule facts plus what the funding rules read (Art. 18, 29, 32 of either version)."""
    f = facts(project, on)
    entry = PlanEntry.objects.filter(project=project).select_related("plan").first()
    special_approved = project.declaration_type == "special" and project.events.filter(
        step="government_decide", to_state=State.GOV_APPROVED).exists()
    f["in_annual_plan"] = bool(entry and entry.plan.status == AnnualPlan.Status.APPROVED) or special_approved
    f["project_approved"] = project.state in APPROVED_STATES
    f["system_non_compliant"] = NonCompliance.objects.filter(
        Q(resolved_on__isnull=True) | Q(resolved_on__gt=on), project=project, determined_on__lte=on).exists()
    f.update(extra)
    return f


def judge(project: Project, on: date, gates: tuple[str, ...], **extra) -> dict:
    """Evaluate the rules; refuse with every blocking finding among ``gates`` (rule keys)."""
    result = rules.evaluate(fund_facts(project, on, **extra))
    blocks = [f for f in result["findings"] if f["severity"] == rules.Severity.BLOCK and f["key"] in gates]
    if blocks:
        raise WorkflowError([b["message"] for b in blocks], findings=blocks)
    return result


FUNDING_GATES = ("fund_materials", "fund_plan_gate", "om_non_compliant", "om_zombie_system", "no_sharing")
PAYMENT_GATES = ("payment_over_contract", "payment_over_allocation", "payment_over_plan", "payment_over_progress")


# ---------------------------------------------------------------- F1 pool

def _fund_for_update(year: int) -> FundYear:
    FundYear.objects.get_or_create(year=year)
    return FundYear.objects.select_for_update().get(year=year)


@transaction.atomic
def pool_add(*, by, year: int, unit: Organisation, kind: str, amount: Decimal, note: str = "",
             on: date | None = None) -> PoolLine:
    """Art. 17: the finance bureau pools a budget unit's informatization money into the year's special fund."""
    on = on_or_today(on)
    _finance(by, on, _("统筹专项资金"))
    amount = money(amount)
    if amount <= 0:
        raise WorkflowError(_("统筹金额必须大于 0。"))
    fund = _fund_for_update(year)
    line = PoolLine.objects.create(fund=fund, unit=unit, kind=kind, amount=amount, note=note, recorded_on=on,
                                   recorded_by=by)
    FundYear.objects.filter(pk=fund.pk).update(budget=F("budget") + amount, lock_version=F("lock_version") + 1)
    audit.record(actor=by, action=audit.Action.CREATE, obj=line,
                 after=_decimal_data(year=year, unit=unit.code, kind=kind, amount=amount, note=note))
    return line


# ---------------------------------------------------------------- F2 calls

@transaction.atomic
def call_create(*, by, year: int, title: str, directions: str, stage_plan: str, deadline: date, ref: str = "",
                construction_ratio=Decimal("100"), equipment_ratio=Decimal("100"), om_ratio=Decimal("100"),
                on: date | None = None) -> Call:
    on = on_or_today(on)
    version = _lead(by, on, _("发布经费申报通知"))
    if deadline < on:
        raise WorkflowError(_("申报截止日期不能早于今天。"))
    fund = _fund_for_update(year)
    call = Call(fund=fund, title=title, ref=ref, directions=directions, stage_plan=stage_plan, deadline=deadline,
                construction_ratio=construction_ratio, equipment_ratio=equipment_ratio, om_ratio=om_ratio,
                issuer=Organisation.objects.get(code=version.lead_department), created_by=by)
    require_valid(call)
    call.save()
    audit.record_change(actor=by, obj=call, before=None)
    return call


@transaction.atomic
def call_issue(*, by, call: Call, on: date | None = None) -> Call:
    on = on_or_today(on)
    _lead(by, on, _("发布经费申报通知"))
    call = move(MACHINES, Call.objects.select_for_update().get(pk=call.pk), "issue", by=by, issued_on=on)
    units = project_selectors.holders_with(Perm.DECLARE_PROJECTS)
    notify(units, title=_("经费申报通知：{t}").format(t=call.title),
           body=_("申报截止 {d}。").format(d=call.deadline.isoformat()), url=reverse("funds:call", args=[call.pk]),
           dedupe_key=f"call:{call.pk}")
    return call


@transaction.atomic
def call_close(*, by, call: Call, on: date | None = None) -> Call:
    on = on_or_today(on)
    _lead(by, on, _("截止经费申报"))
    return move(MACHINES, Call.objects.select_for_update().get(pk=call.pk), "close", by=by)


# ---------------------------------------------------------------- F3 applications

def _application_for_update(application: Application) -> Application:
    return Application.objects.select_for_update(of=("self",)).select_related(
        "call", "call__fund", "project", "project__unit").get(pk=application.pk)


@transaction.atomic
def application_create(*, by, call: Call, project: Project, kind: str, cost_basis: Decimal, requested: Decimal,
                       planned_completion: date, description: str, on: date | None = None) -> Application:
    on = on_or_today(on)
    _unit(by, project, _("申请经费"))
    call = Call.objects.select_related("fund").get(pk=call.pk)
    project = Project.objects.select_related("unit").get(pk=project.pk)
    if call.status != Call.Status.OPEN:
        raise WorkflowError(_("该经费申报通知未发布或已截止。"))
    if project.state in (State.TERMINATED, State.WITHDRAWN, State.DRAFT):
        raise WorkflowError(_("项目当前状态为“{s}”，不能申请经费。").format(s=project.get_state_display()))
    if kind == "om" and project.state not in IN_SERVICE_STATES:
        raise WorkflowError(_("运维经费只能为已通过验收并投入运行的信息系统申请。"))
    application = Application(call=call, project=project, kind=kind, cost_basis=money(cost_basis),
                              requested=money(requested), planned_completion=planned_completion,
                              description=description, created_by=by)
    require_valid(application)
    application.save()
    audit.record_change(actor=by, obj=application, before=None)
    return application


@transaction.atomic
def document_upload(*, by, unit: Organisation, kind: str, upload, application: Application | None = None,
                    on: date | None = None) -> FundDocument:
    name = check_file(upload)
    if kind not in FundDocument.Kind.values:
        raise WorkflowError(_("未知的材料类型。"))
    if application is not None:
        application = _application_for_update(application)
        if application.status != Application.Status.DRAFT and kind != FundDocument.Kind.THIRD_PARTY_REVIEW:
            raise WorkflowError(_("经费申请已提交，不能再修改申报材料。"))
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    doc = FundDocument(unit=unit, application=application, kind=kind, original_name=name[:200], size=upload.size,
                       sha256=digest.hexdigest(), uploaded_by=by)
    doc.file.save(name, upload, save=False)
    doc.save()
    audit.record(actor=by, action=audit.Action.UPLOAD, obj=doc,
                 after={"application": application.pk if application else None, "kind": kind, "name": name,
                        "size": upload.size, "sha256": doc.sha256})
    return doc


@transaction.atomic
def application_upload(*, by, application: Application, kind: str, upload, on: date | None = None) -> FundDocument:
    _unit(by, application.project, _("上传经费申请材料"))
    return document_upload(by=by, unit=application.project.unit, kind=kind, upload=upload, application=application,
                           on=on)


def application_facts(application: Application) -> dict:
    return {"funding_kind": application.kind,
            "fund_materials": sorted({d.kind for d in application.documents.all()} & set(rules.FUND_MATERIALS))}


@transaction.atomic
def application_submit(*, by, application: Application, on: date | None = None) -> Application:
    """Art. 18: the unit applies as the call asks; the rules of the day (F3, F5, L25, S2, S5) may refuse it."""
    on = on_or_today(on)
    app = _application_for_update(application)
    _unit(by, app.project, _("提交经费申请"))
    if app.call.status != Call.Status.OPEN or on > app.call.deadline:
        raise WorkflowError(_("已超过申报截止日期 {d}，不能提交。").format(d=app.call.deadline.isoformat()))
    result = judge(app.project, on, FUNDING_GATES, **application_facts(app))
    app = move(MACHINES, app, "submit", by=by, submitted_on=on, rulebook=result["rulebook"], findings=result["findings"])
    _event(app.project, by=by, on=on, step="apply", label=_("申请{kind} {amt:,.2f} 元").format(
        kind=app.get_kind_display(), amt=app.requested), result=result, data={"application": app.pk})
    notify(_lead_and_finance_people(on), title=_("经费申请待核定：{p}").format(p=app.project.name),
           url=reverse("funds:application", args=[app.pk]))
    return app


@transaction.atomic
def application_withdraw(*, by, application: Application, on: date | None = None) -> Application:
    on = on_or_today(on)
    app = _application_for_update(application)
    _unit(by, app.project, _("撤回经费申请"))
    if PlanLine.objects.filter(application=app).exists():
        raise WorkflowError(_("该申请已列入经费安排计划，不能撤回。"))
    app = move(MACHINES, app, "withdraw", by=by)
    _event(app.project, by=by, on=on, step="withdraw_application", label=_("撤回{kind}申请").format(
        kind=app.get_kind_display()), data={"application": app.pk})
    return app


# ---------------------------------------------------------------- F4 verification

@transaction.atomic
def application_verify(*, by, application: Application, verified_amount: Decimal, note: str = "",
                       third_party: str = "", report=None, on: date | None = None) -> Application:
    """Art. 18: the lead department with finance verify content and amount (“过紧日子”); a cut needs its reason."""
    on = on_or_today(on)
    _lead_or_finance(by, on, _("核定经费"))
    app = _application_for_update(application)
    verified_amount = money(verified_amount)
    verification = {"verified_amount": verified_amount, "verification_note": note, "third_party": third_party,
                    "verified_on": on, "verified_by": by}
    errors = invariant_errors(app, status=Application.Status.VERIFIED, **verification)
    if third_party and report is None and not app.documents.filter(kind=FundDocument.Kind.THIRD_PARTY_REVIEW).exists():
        errors.append(_("委托第三方评审的，请上传第三方评审报告。"))
    if errors:
        raise WorkflowError(errors)
    if report is not None:
        document_upload(by=by, unit=app.project.unit, kind=FundDocument.Kind.THIRD_PARTY_REVIEW, upload=report,
                        application=app, on=on)
    app = move(MACHINES, app, "verify", by=by, **verification)
    _event(app.project, by=by, on=on, step="verify", label=_("核定{kind} {amt:,.2f} 元").format(
        kind=app.get_kind_display(), amt=verified_amount), reason=note,
        data=_decimal_data(application=app.pk, requested=app.requested, verified=verified_amount))
    notify(project_selectors.unit_people(app.project), title=_("经费已核定：{p}").format(p=app.project.name),
           body=_("核定 {v:,.2f} 元（申请 {r:,.2f} 元）。{n}").format(v=verified_amount, r=app.requested, n=note),
           url=reverse("funds:application", args=[app.pk]))
    return app


# ---------------------------------------------------------------- F5 arrangement plan and allocation

def _plan_for_update(plan: ArrangementPlan) -> ArrangementPlan:
    return ArrangementPlan.objects.select_for_update(of=("self",)).select_related("fund").get(pk=plan.pk)


@transaction.atomic
def plan_create(*, by, year: int, on: date | None = None) -> ArrangementPlan:
    on = on_or_today(on)
    _lead(by, on, _("编制经费安排计划"))
    fund = _fund_for_update(year)
    if fund.plans.filter(status=ArrangementPlan.Status.DRAFT).exists():
        raise WorkflowError(_("{year} 年已有编制中的经费安排计划。").format(year=year))
    batch = (fund.plans.aggregate(b=Max("batch"))["b"] or 0) + 1
    plan = ArrangementPlan.objects.create(fund=fund, batch=batch)
    audit.record_change(actor=by, obj=plan, before=None)
    return plan


def _require_draft(plan: ArrangementPlan) -> None:
    if plan.status != ArrangementPlan.Status.DRAFT:
        raise WorkflowError(_("经费安排计划已报审，内容已锁定。"))


@transaction.atomic
def plan_add_line(*, by, plan: ArrangementPlan, application: Application, amount: Decimal | None = None,
                  on: date | None = None) -> PlanLine:
    on = on_or_today(on)
    _lead(by, on, _("编制经费安排计划"))
    plan = _plan_for_update(plan)
    _require_draft(plan)
    app = _application_for_update(application)
    line = PlanLine(plan=plan, application=app, amount=app.verified_amount if amount is None else money(amount))
    require_valid(line, exclude=("amount",))  # the amount is judged against the verified amount, in one message
    amount = line.amount
    try:
        with transaction.atomic():
            line.save()
    except IntegrityError:
        raise WorkflowError(_("该申请已列入经费安排计划。")) from None
    audit.record(actor=by, action=audit.Action.CREATE, obj=line,
                 after=_decimal_data(plan=plan.pk, application=app.pk, amount=amount))
    return line


@transaction.atomic
def plan_remove_line(*, by, line: PlanLine, on: date | None = None) -> None:
    on = on_or_today(on)
    _lead(by, on, _("编制经费安排计划"))
    _require_draft(_plan_for_update(line.plan))
    audit.record(actor=by, action=audit.Action.DELETE, obj=line,
                 before=_decimal_data(plan=line.plan_id, application=line.application_id, amount=line.amount))
    line.delete()


def _line_gates(plan: ArrangementPlan, on: date) -> list[str]:
    """The funding rules in force on ``on`` for every line: the plan goes forward whole or not at all."""
    messages, findings = [], []
    for line in plan.lines.select_related("application", "application__project", "application__project__unit"):
        try:
            judge(line.application.project, on, FUNDING_GATES, **application_facts(line.application))
        except WorkflowError as exc:
            messages += [f"{line.application.project.name}：{m}" for m in exc.messages]
            findings += exc.findings
    if messages:
        raise WorkflowError(messages, findings=findings)
    return messages


@transaction.atomic
def plan_submit(*, by, plan: ArrangementPlan, on: date | None = None) -> ArrangementPlan:
    on = on_or_today(on)
    _lead(by, on, _("报送经费安排计划"))
    plan = _plan_for_update(plan)
    fund = FundYear.objects.select_for_update().get(pk=plan.fund_id)
    total = plan.lines.aggregate(t=Sum("amount"))["t"]
    if not total:
        raise WorkflowError(_("经费安排计划没有任何项目。"))
    # Plans already before the government or approved but not yet allocated have a claim on the pool too.
    pending = PlanLine.objects.filter(plan__fund=fund, plan__status__in=(
        ArrangementPlan.Status.SUBMITTED, ArrangementPlan.Status.APPROVED)).exclude(plan=plan).aggregate(
        t=Sum("amount"))["t"] or Decimal("0")
    if total > fund.available - pending:
        raise WorkflowError(_("安排总额 {t:,.2f} 元超过专项资金可安排余额 {a:,.2f} 元（已扣除待审定、待下达计划 {p:,.2f} 元）。").format(
            t=total, a=fund.available - pending, p=pending))
    _line_gates(plan, on)
    plan = move(MACHINES, plan, "submit", by=by, submitted_on=on, return_reason="")
    notify(project_selectors.holders_with(Perm.GOVERNMENT_DECIDE), title=_("待审定：{p}").format(p=plan),
           body=_("安排总额 {t:,.2f} 元。").format(t=total), url=reverse("funds:plan", args=[plan.pk]))
    return plan


@transaction.atomic
def plan_decide(*, by, plan: ArrangementPlan, approve: bool, decision_ref: str = "", reason: str = "",
                on: date | None = None) -> ArrangementPlan:
    """Art. 18: the municipal government approves the plan (or returns it for revision)."""
    on = on_or_today(on)
    _government(by, _("审定经费安排计划"))
    plan = _plan_for_update(plan)
    _require_grounds(approve, decision_ref, reason, _("审定文号或会议纪要"))
    if approve:
        plan = move(MACHINES, plan, "approve", by=by, decided_on=on, decision_ref=decision_ref)
    else:
        plan = move(MACHINES, plan, "return", by=by, return_reason=reason, submitted_on=None)
    notify(_lead_and_finance_people(on), title=_("{p}：{r}").format(p=plan, r=_("已审定") if approve else _("已退回")),
           body=reason, url=reverse("funds:plan", args=[plan.pk]))
    return plan


def _grant(fund: FundYear, project: Project, kind: str, amount: Decimal, on: date) -> Allocation:
    """Add ``amount`` to the project's allocation; the fund's total moves in the same conditional update."""
    updated = FundYear.objects.filter(pk=fund.pk, budget__gte=F("allocated") + F("recovered") + amount).update(
        allocated=F("allocated") + amount, lock_version=F("lock_version") + 1)
    if updated != 1:
        raise WorkflowError(_("专项资金可安排余额不足 {a:,.2f} 元。").format(a=amount))
    allocation, _created = Allocation.objects.get_or_create(fund=fund, project=project, kind=kind,
                                                            defaults={"allocated_on": on})
    Allocation.objects.filter(pk=allocation.pk).update(amount=F("amount") + amount)
    schedule_reports(project, fund.year, on)
    allocation.refresh_from_db()
    return allocation


@transaction.atomic
def allocate(*, by, plan: ArrangementPlan, allocation_ref: str, on: date | None = None) -> list[Allocation]:
    """Art. 18: after approval the money is arranged to the units; the rules of the allocation day apply again."""
    on = on_or_today(on)
    _lead_or_finance(by, on, _("下达资金"))
    plan = _plan_for_update(plan)
    if not allocation_ref.strip():
        raise WorkflowError(_("请填写资金下达文号。"))
    if plan.status != ArrangementPlan.Status.APPROVED:
        raise WorkflowError(_("经费安排计划须经市人民政府审定后才能下达资金。"))
    _line_gates(plan, on)
    fund = FundYear.objects.select_for_update().get(pk=plan.fund_id)
    allocations = []
    for line in plan.lines.select_related("application", "application__project"):
        app = line.application
        allocation = _grant(fund, app.project, app.kind, line.amount, on)
        allocations.append(allocation)
        _event(app.project, by=by, on=on, step="allocate", label=_("下达{kind} {amt:,.2f} 元").format(
            kind=app.get_kind_display(), amt=line.amount), data=_decimal_data(
            plan=plan.pk, allocation=allocation.pk, amount=line.amount, ref=allocation_ref))
        notify(project_selectors.unit_people(app.project), title=_("资金已下达：{p}").format(p=app.project.name),
               body=_("{kind} {amt:,.2f} 元（{ref}）。请编制用款计划。").format(
                   kind=app.get_kind_display(), amt=line.amount, ref=allocation_ref),
               url=reverse("funds:project", args=[app.project_id]))
    move(MACHINES, plan, "allocate", by=by, allocated_on=on, allocation_ref=allocation_ref)
    return allocations


# ---------------------------------------------------------------- F6 adjustments

def _adjustment_effect(adj: Adjustment, fund: FundYear, by) -> tuple[dict, dict]:
    """Apply an approved adjustment; every bound is re-checked by the conditional updates."""
    target = Allocation.objects.select_for_update().filter(fund=fund, project=adj.project, kind=adj.kind).first()
    before = {"target": str(target.amount) if target else "0.00", "fund_allocated": str(fund.allocated)}
    if adj.change == "add":
        target = _grant(fund, adj.project, adj.kind, adj.amount, adj.decided_on)
    elif adj.change == "change":
        if target is None:
            raise WorkflowError(_("该项目在本年度没有已下达的{kind}，请使用“新增项目资金”。").format(kind=adj.get_kind_display()))
        delta = adj.amount - target.amount
        if delta > 0:
            target = _grant(fund, adj.project, adj.kind, delta, adj.decided_on)
        elif delta < 0:
            if Allocation.objects.filter(pk=target.pk, contracted__lte=adj.amount).update(amount=adj.amount) != 1:
                raise WorkflowError(_("调整后的额度 {a:,.2f} 元低于已签合同的专项资金承担金额 {c:,.2f} 元。").format(
                    a=adj.amount, c=target.contracted))
            FundYear.objects.filter(pk=fund.pk).update(allocated=F("allocated") + delta)
    else:
        source = Allocation.objects.select_for_update().get(pk=adj.source_id)
        if source.fund_id != fund.pk:
            raise WorkflowError(_("只能在同一年度项目资金计划内的项目间调剂。"))
        if Allocation.objects.filter(pk=source.pk, amount__gte=F("contracted") + adj.amount).update(
                amount=F("amount") - adj.amount) != 1:
            raise WorkflowError(_("调出项目尚未签约的资金 {a:,.2f} 元不足调剂 {n:,.2f} 元。").format(
                a=source.uncontracted, n=adj.amount))
        FundYear.objects.filter(pk=fund.pk).update(allocated=F("allocated") - adj.amount)
        target = _grant(fund, adj.project, adj.kind, adj.amount, adj.decided_on)
        source.refresh_from_db()
        before["source"] = str(source.amount + adj.amount)
        _event(source.project, by=by, on=adj.decided_on, step="transfer_out",
               label=_("调出资金 {a:,.2f} 元").format(a=adj.amount), data={"adjustment": adj.pk})
    fund.refresh_from_db()
    target.refresh_from_db()
    after = {"target": str(target.amount), "fund_allocated": str(fund.allocated)}
    if adj.change == "transfer":
        after["source"] = str(Allocation.objects.get(pk=adj.source_id).amount)
    return before, after


@transaction.atomic
def adjustment_request(*, by, year: int, change: str, project: Project, kind: str, amount: Decimal, reason: str,
                       source: Allocation | None = None, on: date | None = None) -> Adjustment:
    """Art. 19: the lead department or finance asks; nothing moves until the municipal government approves."""
    on = on_or_today(on)
    _lead_or_finance(by, on, _("提出资金调整"))
    fund = _fund_for_update(year)
    adj = Adjustment(fund=fund, change=change, project=project, kind=kind,
                     source=source if change == "transfer" else None, amount=money(amount), reason=reason, requested_on=on, requested_by=by)
    errors = [] if reason.strip() else [_("资金下达后除特殊情况外一律不得调整，请说明特殊情况。")]
    errors += invariant_errors(adj, exclude=("reason",))
    if errors:
        raise WorkflowError(errors)
    adj.save()
    amount = adj.amount
    audit.record_change(actor=by, obj=adj, before=None)
    result = rules.evaluate(fund_facts(project, on, fund_change=change, fund_change_approved=False))
    _event(project, by=by, on=on, step="adjust_request", label=_("提出{c} {a:,.2f} 元（待市人民政府批准）").format(
        c=adj.get_change_display(), a=amount), reason=reason, result=result, data={"adjustment": adj.pk})
    notify(project_selectors.holders_with(Perm.GOVERNMENT_DECIDE), title=_("资金调整待批准：{p}").format(p=project.name),
           url=reverse("funds:adjustments"))
    return adj


@transaction.atomic
def adjustment_decide(*, by, adjustment: Adjustment, approve: bool, decision_ref: str = "", note: str = "",
                      on: date | None = None) -> Adjustment:
    on = on_or_today(on)
    _government(by, _("批准资金调整"))
    adj = Adjustment.objects.select_for_update().select_related("project").get(pk=adjustment.pk)
    _require_grounds(approve, decision_ref, note, _("批准文号"))
    if not approve:
        adj = move(MACHINES, adj, "reject", by=by, decided_on=on, decision_note=note)
    else:
        fund = FundYear.objects.select_for_update().get(pk=adj.fund_id)
        adj.decided_on = on
        before, after = _adjustment_effect(adj, fund, by)
        adj = move(MACHINES, adj, "approve", by=by, decided_on=on, decision_ref=decision_ref, decision_note=note,
                             before=before, after=after)
    _event(adj.project, by=by, on=on, step="adjust_decide", label=_("{c}：{r}").format(
        c=adj.get_change_display(), r=adj.get_status_display()), reason=note,
        data={"adjustment": adj.pk, "before": adj.before, "after": adj.after})
    notify([*_lead_and_finance_people(on), *project_selectors.unit_people(adj.project)],
           title=_("资金调整{r}：{p}").format(r=adj.get_status_display(), p=adj.project.name),
           url=reverse("funds:adjustments"))
    return adj


# ---------------------------------------------------------------- F7 recovery

@transaction.atomic
def recover(*, by, allocation: Allocation, reason: str, amount: Decimal, ref: str = "", note: str = "",
            on: date | None = None) -> Recovery:
    """Art. 19: money of a project not carried out (盘活 in 2024, 核销 in 2023) and surpluses go back to the general budget."""
    on = on_or_today(on)
    version = _finance(by, on, _("收回资金"))
    alloc = Allocation.objects.select_for_update(of=("self",)).select_related("project", "fund").get(pk=allocation.pk)
    amount = money(amount)
    state = alloc.project.state
    if reason == Recovery.Reason.NOT_STARTED and state not in NOT_STARTED_STATES:
        raise WorkflowError(_("项目已开工建设，不属于“已纳入计划但没有实施”的情形。"))
    if reason == Recovery.Reason.SURPLUS and state not in FINISHED_STATES | {State.TERMINATED}:
        raise WorkflowError(_("项目尚未完工，不能按结余收回。"))
    if amount <= 0 or amount > alloc.uncontracted:
        raise WorkflowError(_("可收回金额为未签合同的余额 {a:,.2f} 元。").format(a=alloc.uncontracted))
    if Allocation.objects.filter(pk=alloc.pk, amount__gte=F("contracted") + amount).update(
            amount=F("amount") - amount, recovered=F("recovered") + amount) != 1:
        raise ConcurrentChange()
    FundYear.objects.filter(pk=alloc.fund_id).update(allocated=F("allocated") - amount,
                                                      recovered=F("recovered") + amount)
    method = _("收回总预算") if reason == Recovery.Reason.SURPLUS else version.recovery_method
    rec = Recovery.objects.create(allocation=alloc, reason=reason, method=method, amount=amount, recovered_on=on,
                                  ref=ref, note=note, rulebook=version.document, recorded_by=by)
    audit.record(actor=by, action=audit.Action.DECISION, obj=rec, before={"allocation": str(alloc.amount)},
                 after=_decimal_data(allocation=alloc.amount - amount, amount=amount, method=method, reason=reason))
    _event(alloc.project, by=by, on=on, step="recover", label=_("{m}收回资金 {a:,.2f} 元").format(m=method, a=amount),
           reason=note, data={"recovery": rec.pk, "citation": version.cite("fund_change").as_dict()})
    notify(project_selectors.unit_people(alloc.project), title=_("资金已收回：{p}").format(p=alloc.project.name),
           body=_("{m} {a:,.2f} 元。").format(m=method, a=amount), url=reverse("funds:project", args=[alloc.project_id]))
    return rec


# ---------------------------------------------------------------- F8 content changes (Art. 20)

@transaction.atomic
def content_change_request(*, by, project: Project, description: str, new_total: Decimal, adjusted_amount: Decimal,
                           goals_unchanged: bool, reason: str, on: date | None = None) -> ContentChange:
    """The unit states the change; Article 20 of the version in force decides the path and who acts."""
    on = on_or_today(on)
    _unit(by, project, _("建设内容调整"))
    if project.approved_investment is None:
        raise WorkflowError(_("项目尚无概算批复，不适用第二十条的调整程序。"))
    decision = decide_adjustment(approved_estimate=project.approved_investment, new_total=money(new_total),
                                 adjusted_amount=money(adjusted_amount), goals_unchanged=goals_unchanged,
                                 reason=reason, decided_on=on)
    change = ContentChange.objects.create(
        project=project, description=description, approved_estimate=project.approved_investment,
        new_total=money(new_total), adjusted_amount=money(adjusted_amount), goals_unchanged=goals_unchanged,
        reason=str(reason), path=decision.path, explanation=decision.explanation, rulebook=decision.rulebook,
        body=decision.body, status=CONTENT_CHANGE_START[decision.path], requested_on=on, requested_by=by)
    audit.record_change(actor=by, obj=change, before=None)
    _event(project, by=by, on=on, step="content_change", label=_("建设内容调整：{p}").format(
        p=change.get_path_display()), reason=decision.explanation, data={"change": change.pk,
                                                                          "citation": decision.citation})
    if change.status == ContentChange.Status.CONSENT_PENDING:
        recipients = project_selectors.holders_with(Perm.GOVERNMENT_DECIDE)
    else:
        recipients = project_selectors.people(project_selectors.approver_for(project, on), Perm.REVIEW_PROJECTS)
    notify(recipients, title=_("建设内容调整：{p}（{s}）").format(p=project.name, s=change.get_status_display()),
           body=decision.explanation, url=reverse("funds:project", args=[project.pk]))
    return change


@transaction.atomic
def content_change_consent(*, by, change: ContentChange, approve: bool, ref: str = "", note: str = "",
                           on: date | None = None) -> ContentChange:
    """Art. 20 third paragraph: above the estimate the municipal government consents first."""
    on = on_or_today(on)
    _government(by, _("同意调整概算"))
    change = ContentChange.objects.select_for_update().select_related("project").get(pk=change.pk)
    _require_grounds(approve, ref, note, _("同意文号"))
    step = "consent" if approve else "refuse_consent"
    change = move(MACHINES, change, step, by=by, consent_on=on, consent_ref=ref, decision_note=note)
    if approve:
        notify(project_selectors.people(project_selectors.approver_for(change.project, on), Perm.REVIEW_PROJECTS),
               title=_("建设内容调整待审批：{p}").format(p=change.project.name),
               url=reverse("funds:project", args=[change.project_id]))
    return change


@transaction.atomic
def content_change_decide(*, by, change: ContentChange, approve: bool, ref: str = "", note: str = "",
                          on: date | None = None) -> ContentChange:
    """The approving department (by version and unit) approves the new design, or the new FS and design."""
    on = on_or_today(on)
    change = ContentChange.objects.select_for_update().select_related("project", "project__unit").get(pk=change.pk)
    approver = project_selectors.approver_for(change.project, on)
    if not (by.has_perm(Perm.REVIEW_PROJECTS.full) and by.organisation_id == approver.pk):
        raise PermissionDenied(_("“审批建设内容调整”应由{org}办理。").format(org=approver.short_name))
    _require_grounds(approve, ref, note, _("批复文号"))
    change = move(MACHINES, change, "approve" if approve else "reject", by=by, decided_on=on, decision_ref=ref,
                            decision_note=note)
    if approve and change.path == ContentChange.Path.MUNICIPAL:
        project = Project.objects.select_for_update(of=("self",)).get(pk=change.project_id)
        before = audit.snapshot(project, ["approved_investment"])
        Project.objects.filter(pk=project.pk).update(approved_investment=change.new_total,
                                                     lock_version=F("lock_version") + 1)
        project.refresh_from_db()
        audit.record_change(actor=by, obj=project, before=before)
    _event(change.project, by=by, on=on, step="content_decide", label=_("建设内容调整{s}").format(
        s=change.get_status_display()), reason=note, data={"change": change.pk, "ref": ref})
    notify(project_selectors.unit_people(change.project), title=_("建设内容调整{s}：{p}").format(
        s=change.get_status_display(), p=change.project.name), body=note,
        url=reverse("funds:project", args=[change.project_id]))
    return change


@transaction.atomic
def content_change_found(*, by, project: Project, description: str, on: date | None = None) -> ContentChange:
    """The lead department records a change the unit made without the Article 20 procedure (F11 ground 4)."""
    on = on_or_today(on)
    _lead(by, on, _("认定擅自变更建设内容"))
    if not description.strip():
        raise WorkflowError(_("请写明擅自变更的内容。"))
    version = version_on(on)
    estimate = project.approved_investment or project.total_investment
    change = ContentChange.objects.create(
        project=project, description=description, approved_estimate=estimate, new_total=estimate,
        adjusted_amount=Decimal("0"), goals_unchanged=True, reason="none", path=ContentChange.Path.UNAUTHORISED,
        explanation=_("未按第二十条规定的程序办理即变更建设内容。"), rulebook=version.document,
        body=Organisation.objects.get(code=version.lead_department).short_name, status=ContentChange.Status.FOUND,
        requested_on=on, requested_by=by)
    audit.record(actor=by, action=audit.Action.DECISION, obj=change, after=audit.snapshot(change))
    _event(project, by=by, on=on, step="content_found", label=_("认定擅自变更建设内容"), reason=description,
           data={"change": change.pk})
    notify(project_selectors.unit_people(project), title=_("认定擅自变更建设内容：{p}").format(p=project.name),
           body=description, url=reverse("funds:project", args=[project.pk]))
    return change


# ---------------------------------------------------------------- F9 contracts, spending plans, payments

def _allocation_for_update(allocation: Allocation) -> Allocation:
    return Allocation.objects.select_for_update(of=("self",)).select_related("project", "project__unit", "fund").get(
        pk=allocation.pk)


@transaction.atomic
def contract_register(*, by, allocation: Allocation, number: str, title: str, supplier: str, amount: Decimal,
                      fund_amount: Decimal | None, signed_on: date, advance_percent: Decimal = Decimal("0"),
                      procurement: str = "", upload=None, on: date | None = None) -> Contract:
    """A contract charged to an allocation: what the fund pays under it may not exceed what is left uncontracted."""
    on = on_or_today(on)
    alloc = _allocation_for_update(allocation)
    _unit(by, alloc.project, _("登记合同"))
    amount = money(amount)
    fund_amount = money(amount if fund_amount is None else fund_amount)
    contract = Contract(allocation=alloc, number=number, title=title, supplier=supplier, amount=amount,
                        fund_amount=fund_amount, advance_percent=advance_percent, procurement=procurement,
                        signed_on=signed_on, recorded_by=by)
    require_valid(contract)
    if fund_amount > alloc.uncontracted:
        raise WorkflowError(_("专项资金承担金额 {f:,.2f} 元超过该笔资金尚未签约的余额 {u:,.2f} 元。").format(
            f=fund_amount, u=alloc.uncontracted))
    if Contract.objects.filter(allocation=alloc, number=number).exists():
        raise WorkflowError(_("合同编号 {n} 已登记。").format(n=number))
    if upload is not None:
        contract.document = document_upload(by=by, unit=alloc.project.unit, kind=FundDocument.Kind.CONTRACT,
                                            upload=upload, on=on)
    contract.save()
    if Allocation.objects.filter(pk=alloc.pk, amount__gte=F("contracted") + fund_amount).update(
            contracted=F("contracted") + fund_amount) != 1:
        raise ConcurrentChange()
    audit.record_change(actor=by, obj=contract, before=None)
    _event(alloc.project, by=by, on=on, step="contract", label=_("登记合同 {n}（专项资金 {f:,.2f} 元）").format(
        n=number, f=fund_amount), data={"contract": contract.pk})
    return contract


def _month_start(day: date) -> date:
    return day.replace(day=1)


@transaction.atomic
def spending_plan_set(*, by, allocation: Allocation, month: date, amount: Decimal,
                      on: date | None = None) -> SpendingPlan:
    """The unit's 用款计划 for a month; the months together may not exceed the allocation."""
    on = on_or_today(on)
    alloc = _allocation_for_update(allocation)
    _unit(by, alloc.project, _("编制用款计划"))
    month, amount = _month_start(month), money(amount)
    existing = alloc.spending_plans.filter(month=month).first()
    plan = existing or SpendingPlan(allocation=alloc, month=month)
    require_valid(plan, exclude=("amount",), amount=amount)  # a negative amount is refused below in its own words
    if amount < 0:
        raise WorkflowError(_("计划用款不能为负数。"))
    other = alloc.spending_plans.exclude(month=month).aggregate(t=Sum("amount"))["t"] or Decimal("0")
    if other + amount > alloc.amount:
        raise WorkflowError(_("用款计划合计 {t:,.2f} 元超过已下达资金 {a:,.2f} 元。").format(t=other + amount, a=alloc.amount))
    if other + amount < alloc.paid:
        raise WorkflowError(_("用款计划合计不能少于已拨付的 {p:,.2f} 元。").format(p=alloc.paid))
    before = {"amount": str(existing.amount)} if existing else None
    plan.amount = amount
    plan.save()
    audit.record(actor=by, action=audit.Action.UPDATE if existing else audit.Action.CREATE, obj=plan, before=before,
                 after={"allocation": alloc.pk, "month": month.isoformat(), "amount": str(amount)})
    return plan


def progress_percent(project: Project, on: date) -> int:
    """The latest reported progress (Art. 35 进度表); a finished project counts as complete."""
    if project.state in FINISHED_STATES:
        return 100
    report = project.progress_reports.filter(reported_on__lte=on).order_by("-reported_on", "-id").first()
    return report.percent if report else 0


def payment_limits(contract: Contract, on: date) -> dict:
    """What each Art. 21 bound still allows on ``on``: contract, allocation (budget), spending plan, progress."""
    alloc = contract.allocation
    planned = alloc.spending_plans.filter(month__lte=_month_start(on)).aggregate(t=Sum("amount"))["t"] or Decimal("0")
    limits = {
        "contract_available": contract.fund_amount - contract.paid,
        "allocation_available": alloc.amount - alloc.paid,
        "plan_available": max(planned - alloc.paid, Decimal("0")),
    }
    if alloc.kind != "om":  # O&M money follows the service period, paid by plan and contract only
        pct = progress_percent(alloc.project, on)
        share = max(Decimal(pct), contract.advance_percent)
        limits["progress_percent"] = pct
        limits["progress_available"] = max(money(contract.fund_amount * share / 100) - contract.paid, Decimal("0"))
    return limits


@transaction.atomic
def payment_record(*, by, contract: Contract, amount: Decimal, paid_on: date, voucher: str, purpose: str,
                   on: date | None = None) -> Payment:
    """Art. 21: a payment within the contract, the budget, the spending plan and the progress, or none at all.

    The same voucher sent twice (a double click, a resubmitted form) returns the first payment.
    """
    amount = money(amount)
    voucher = voucher.strip()
    existing = Payment.objects.filter(voucher=voucher).select_related("contract").first()
    if existing:
        _unit(by, Contract.objects.select_related("allocation__project__unit").get(pk=contract.pk).allocation.project,
              _("拨付资金"))
        if (existing.contract_id, existing.amount, existing.paid_on) == (contract.pk, amount, paid_on):
            return existing
        raise WorkflowError(_("支付凭证号 {v} 已用于另一笔拨付。").format(v=voucher))
    c = Contract.objects.select_for_update(of=("self",)).select_related(
        "allocation", "allocation__project", "allocation__project__unit", "allocation__fund").get(pk=contract.pk)
    alloc = Allocation.objects.select_for_update().get(pk=c.allocation_id)
    c.allocation = alloc
    project = Project.objects.select_related("unit").get(pk=alloc.project_id)
    alloc.project = project
    _unit(by, project, _("拨付资金"))
    if amount <= 0:
        raise WorkflowError(_("拨付金额必须大于 0。"))
    payment = Payment(contract=c, amount=amount, paid_on=paid_on, voucher=voucher, purpose=purpose, recorded_by=by)
    require_valid(payment, exclude=("progress_percent", "rulebook"))  # these two come from the rules, next
    limits = payment_limits(c, paid_on)
    result = judge(project, paid_on, PAYMENT_GATES, payment_amount=amount, **limits)
    payment.progress_percent, payment.rulebook = limits.get("progress_percent", 100), result["rulebook"]
    try:
        with transaction.atomic():
            payment.save()
    except IntegrityError:
        raise WorkflowError(_("支付凭证号 {v} 已用于另一笔拨付。").format(v=voucher)) from None
    # The bounds again, in the database: a racing payment that got here first makes these match no row.
    if (Contract.objects.filter(pk=c.pk, fund_amount__gte=F("paid") + amount).update(paid=F("paid") + amount) != 1
            or Allocation.objects.filter(pk=alloc.pk, contracted__gte=F("paid") + amount).update(
                paid=F("paid") + amount) != 1):
        raise ConcurrentChange()
    audit.record(actor=by, action=audit.Action.CREATE, obj=payment, after=_decimal_data(
        contract=c.pk, amount=amount, paid_on=paid_on.isoformat(), voucher=voucher, **limits))
    _event(project, by=by, on=paid_on, step="pay", label=_("拨付 {a:,.2f} 元（合同 {n}）").format(a=amount, n=c.number),
           result=result, data={"payment": payment.pk})
    return payment


# ---------------------------------------------------------------- F10 reports

def report_due(year: int, period: str) -> date:
    if period == FundReport.Period.YEAR:
        return date(year, 12, 31)
    quarter = int(period[1])
    return date(year + 1, 1, QUARTER_REPORT_DAY) if quarter == 4 else date(year, quarter * 3 + 1, QUARTER_REPORT_DAY)


def report_recipients(year: int, period: str) -> str:
    """Art. 27: quarterly to the lead department and finance; the year-end execution report to finance."""
    version = version_on(min(report_due(year, period), date(year, 12, 31)))
    codes = [version.finance_department] if period == FundReport.Period.YEAR else [version.lead_department,
                                                                                   version.finance_department]
    names = dict(Organisation.objects.filter(code__in=codes).values_list("code", "short_name"))
    return "、".join(names[c] for c in codes)


def schedule_reports(project: Project, year: int, on: date) -> int:
    """The reports a funded project owes for ``year``: the quarters from the one money arrived in, and the year-end."""
    first_quarter = (on.month - 1) // 3 + 1 if on.year == year else 1
    periods = [f"Q{q}" for q in range(first_quarter, 5)] + [FundReport.Period.YEAR]
    created = 0
    for period in periods:
        _report, made = FundReport.objects.get_or_create(
            project=project, year=year, period=period,
            defaults={"due_on": report_due(year, period), "recipients": report_recipients(year, period)})
        created += made
    return created


@transaction.atomic
def report_submit(*, by, report: FundReport, used_amount: Decimal, summary: str, problems: str = "",
                  on: date | None = None) -> FundReport:
    on = on_or_today(on)
    report = FundReport.objects.select_for_update(of=("self",)).select_related("project", "project__unit").get(
        pk=report.pk)
    _unit(by, report.project, _("报送资金使用情况"))
    if report.submitted_on:
        raise WorkflowError(_("该期报告已于 {d} 报送。").format(d=report.submitted_on.isoformat()))
    submission = {"submitted_on": on, "used_amount": money(used_amount), "summary": summary, "problems": problems,
                  "submitted_by": by}
    require_valid(report, **submission)
    before = audit.snapshot(report)
    FundReport.objects.filter(pk=report.pk).update(**submission)
    report.refresh_from_db()
    audit.record_change(actor=by, obj=report, before=before)
    _event(report.project, by=by, on=on, step="fund_report", label=_("报送{y}年{p}资金使用情况").format(
        y=report.year, p=report.get_period_display()), data={"report": report.pk, "late": on > report.due_on})
    return report


# ---------------------------------------------------------------- L25 security determinations

@transaction.atomic
def noncompliance_record(*, by, project: Project, kind: str, description: str, ref: str = "",
                         on: date | None = None) -> NonCompliance:
    """Art. 32: 网信, 保密, 公安 (and from 2024 大数据) departments find a system non-compliant."""
    on = on_or_today(on)
    version = version_on(on)
    org = by.organisation
    if not (by.has_perm(Perm.DETERMINE_SECURITY.full) and org and org.code in version.security_determiners):
        names = "、".join(Organisation.objects.filter(code__in=version.security_determiners).values_list(
            "short_name", flat=True))
        raise PermissionDenied(_("认定信息系统不符合安全要求应由{names}办理。").format(names=names))
    if not description.strip():
        raise WorkflowError(_("请写明认定情况。"))
    finding = NonCompliance.objects.create(project=project, department=org, kind=kind, description=description,
                                           ref=ref, determined_on=on, recorded_by=by)
    audit.record(actor=by, action=audit.Action.DECISION, obj=finding, after=audit.snapshot(finding))
    _event(project, by=by, on=on, step="non_compliance", label=_("{org}认定：{k}").format(
        org=org.short_name, k=finding.get_kind_display()), reason=description, data={"finding": finding.pk})
    notify([*project_selectors.unit_people(project), *_people(version.finance_department)],
           title=_("安全不合规认定：{p}").format(p=project.name),
           body=_("整改完成并经认定部门复核前，不安排运行维护经费。"), url=reverse("funds:project", args=[project.pk]))
    return finding


@transaction.atomic
def noncompliance_resolve(*, by, finding: NonCompliance, resolution: str, on: date | None = None) -> NonCompliance:
    """Only the department that made the finding lifts it."""
    on = on_or_today(on)
    finding = NonCompliance.objects.select_for_update().select_related("project").get(pk=finding.pk)
    if by.organisation_id != finding.department_id or not by.has_perm(Perm.DETERMINE_SECURITY.full):
        raise PermissionDenied(_("应由原认定部门复核。"))
    if finding.resolved_on:
        raise WorkflowError(_("该认定已于 {d} 解除。").format(d=finding.resolved_on.isoformat()))
    require_valid(finding, resolved_on=on, resolution=resolution)
    before = audit.snapshot(finding)
    NonCompliance.objects.filter(pk=finding.pk).update(resolved_on=on, resolution=resolution)
    finding.refresh_from_db()
    audit.record(actor=by, action=audit.Action.DECISION, obj=finding, before=before, after=audit.snapshot(finding))
    _event(finding.project, by=by, on=on, step="non_compliance_resolved", label=_("解除安全不合规认定"),
           reason=resolution, data={"finding": finding.pk})
    return finding


# ---------------------------------------------------------------- F11 performance evaluation

def performance_facts(project: Project, year: int, on: date) -> dict:
    """The four grounds of Art. 24 the platform can see in its own records, as rule facts."""
    planned = Application.objects.filter(project=project, status=Application.Status.VERIFIED,
                                         kind__in=("construction", "equipment")).aggregate(
        p=Max("planned_completion"))["p"]
    missing = []
    reports = FundReport.objects.filter(project=project, year=year, due_on__lt=on)
    if any(r.submitted_on is None or r.submitted_on > r.due_on for r in reports):
        missing.append("fund_reports")
    year_start, year_end = date(year, 1, 1), date(year, 12, 31)
    constructing = project.events.filter(step="start_construction", on__lte=year_end).exists() and not (
        project.completed_on and project.completed_on < year_start)
    if constructing and not project.progress_reports.filter(reported_on__range=(year_start, year_end)).exists():
        missing.append("progress_reports")
    if project.state == State.COMPLETED and project.acceptance_due and project.acceptance_due < on:
        missing.append("acceptance_application")
    run = longest = 0
    for attempt in project.acceptances.order_by("number"):
        if attempt.passed is False:
            run += 1
            longest = max(longest, run)
        elif attempt.passed is True:
            run = 0
    return {
        "decided_on": on, "evaluation_year": year, "planned_completion": planned,
        "completed_on": project.completed_on, "missing_materials": missing, "failed_acceptances_in_row": longest,
        "unauthorised_changes": project.content_changes.filter(status=ContentChange.Status.FOUND,
                                                               requested_on__lte=year_end).count(),
    }


def detect_grounds(project: Project, year: int, on: date) -> tuple[str, list[dict]]:
    extra = {k: v for k, v in performance_facts(project, year, on).items() if v is not None}
    result = rules.evaluate({**facts(project, on), **extra})
    keys = {v: k for k, v in rules.PERFORMANCE_RULES.items()}
    found = [{**f, "ground": keys[f["key"]]} for f in result["findings"] if f["key"] in keys]
    return result["rulebook"], found


def execution_rate(project: Project, year: int) -> Decimal | None:
    totals = Allocation.objects.filter(project=project, fund__year=year).aggregate(a=Sum("amount"), p=Sum("paid"))
    if not totals["a"]:
        return None
    return money(totals["p"] * 100 / totals["a"])


@transaction.atomic
def evaluation_open(*, by, project: Project, year: int, on: date | None = None) -> PerformanceEvaluation:
    """Art. 24: finance evaluates every project approved to use the fund; the platform pre-fills what it saw."""
    on = on_or_today(on)
    _finance(by, on, _("开展绩效评价"))
    if not Allocation.objects.filter(project=project, fund__year__lte=year).exists():
        raise WorkflowError(_("项目在 {y} 年及以前未使用专项资金，不列入绩效评价范围。").format(y=year))
    if PerformanceEvaluation.objects.filter(project=project, year=year).exists():
        raise WorkflowError(_("该项目 {y} 年度的绩效评价已启动。").format(y=year))
    rulebook, found = detect_grounds(project, year, on)
    evaluation = PerformanceEvaluation.objects.create(
        project=project, year=year, opened_on=on, opened_by=by, rulebook=rulebook, detected=found,
        confirmed=[f["ground"] for f in found], execution_rate=execution_rate(project, year))
    audit.record_change(actor=by, obj=evaluation, before=None)
    _event(project, by=by, on=on, step="evaluation_open", label=_("启动 {y} 年度绩效评价").format(y=year),
           data={"evaluation": evaluation.pk, "detected": [f["ground"] for f in found]})
    return evaluation


@transaction.atomic
def evaluation_conclude(*, by, evaluation: PerformanceEvaluation, confirmed: list[str], conclusion: str,
                        dismissed_reason: str = "", other_violation: str = "",
                        on: date | None = None) -> PerformanceEvaluation:
    """Any confirmed ground makes the result 不合格; setting a detected ground aside needs its reason."""
    on = on_or_today(on)
    _finance(by, on, _("作出绩效评价结论"))
    ev = PerformanceEvaluation.objects.select_for_update().select_related("project").get(pk=evaluation.pk)
    result = (PerformanceEvaluation.Result.UNQUALIFIED if confirmed or other_violation.strip()
              else PerformanceEvaluation.Result.QUALIFIED)
    conclusion_fields = {"confirmed": sorted(confirmed), "dismissed_reason": dismissed_reason,
                         "other_violation": other_violation, "conclusion": conclusion, "result": result,
                         "concluded_on": on, "concluded_by": by}
    require_valid(ev, status=PerformanceEvaluation.Status.CONCLUDED, **conclusion_fields)
    ev = move(MACHINES, ev, "conclude", by=by, **conclusion_fields)
    _event(ev.project, by=by, on=on, step="evaluation_conclude", label=_("{y} 年度绩效评价：{r}").format(
        y=ev.year, r=ev.get_result_display()), reason=conclusion, data={"evaluation": ev.pk})
    notify(project_selectors.unit_people(ev.project), title=_("绩效评价结果：{p} {r}").format(
        p=ev.project.name, r=ev.get_result_display()), url=reverse("funds:evaluation", args=[ev.pk]))
    return ev


# ---------------------------------------------------------------- reminders

def report_reminders(today: date) -> int:
    """Remind units of fund reports due within three days; once overdue, escalate to lead department and finance."""
    sent = 0
    soon = today + timedelta(days=3)
    for report in FundReport.objects.filter(submitted_on__isnull=True, due_on__lte=soon).exclude(
            project__state=State.TERMINATED).select_related("project", "project__unit"):
        overdue = report.due_on < today
        title = (_("资金使用报告已逾期：{p}（{y}年{period}，期限 {d}）") if overdue
                 else _("资金使用报告即将到期：{p}（{y}年{period}，期限 {d}）")).format(
            p=report.project.name, y=report.year, period=report.get_period_display(), d=report.due_on)
        url = reverse("funds:project", args=[report.project_id])
        key = f"fr{report.pk}:{today}"
        sent += notify(project_selectors.unit_people(report.project), title=title, url=url, dedupe_key=key)
        if overdue:
            sent += notify(_lead_and_finance_people(today), title=_("督办：{t}").format(t=title), url=url,
                           dedupe_key="esc:" + key)
    return sent

