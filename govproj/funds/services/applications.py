"""F3–F5 (Art. 18): units apply, the lead department and finance verify, the plan goes to the government."""

import hashlib
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from govproj.audit import services as audit
from govproj.common import workflow
from govproj.common.dates import on_or_today
from govproj.common.errors import WorkflowError
from govproj.common.files import check_file
from govproj.common.money import yuan
from govproj.common.notify import notify
from govproj.common.roles import Perm
from govproj.orgs.models import Organisation
from govproj.projects import selectors as project_selectors
from govproj.projects.models import Project
from govproj.projects.states import State

from ..models import (
    Application,
    ArrangementPlan,
    Call,
    FundDocument,
    FundYear,
    PlanLine,
    money,
)
from ._core import (
    FUNDING_GATES,
    IN_SERVICE_STATES,
    _application_for_update,
    _decimal_data,
    _event,
    _fund_for_update,
    _lead,
    _lead_and_finance_people,
    _plan_for_update,
    _require_grounds,
    _unit,
    application_facts,
    invariant_errors,
    judge,
    require_valid,
)

# ---------------------------------------------------------------- F3 applications

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


@transaction.atomic
def application_submit(*, by, application: Application, on: date | None = None) -> Application:
    """Art. 18: the unit applies as the call asks; the rules of the day (F3, F5, L25, S2, S5) may refuse it."""
    on = on_or_today(on)
    app = _application_for_update(application)
    workflow.check(by, app, "submit", on)
    if app.call.status != Call.Status.OPEN or on > app.call.deadline:
        raise WorkflowError(_("已超过申报截止日期 {d}，不能提交。").format(d=app.call.deadline.isoformat()))
    result = judge(app.project, on, FUNDING_GATES, **application_facts(app))
    app = workflow.move(app, "submit", by=by, submitted_on=on, rulebook=result["rulebook"],
                        findings=result["findings"])
    _event(app.project, by=by, on=on, step="apply", label=_("申请{kind} {amt} 元").format(
        kind=app.get_kind_display(), amt=yuan(app.requested)), result=result, data={"application": app.pk})
    notify(_lead_and_finance_people(on), title=_("经费申请待核定：{p}").format(p=app.project.name),
           url=reverse("funds:application", args=[app.pk]))
    return app


@transaction.atomic
def application_withdraw(*, by, application: Application, on: date | None = None) -> Application:
    on = on_or_today(on)
    app = _application_for_update(application)
    workflow.check(by, app, "withdraw", on)
    if PlanLine.objects.filter(application=app).exists():
        raise WorkflowError(_("该申请已列入经费安排计划，不能撤回。"))
    app = workflow.move(app, "withdraw", by=by)
    _event(app.project, by=by, on=on, step="withdraw_application", label=_("撤回{kind}申请").format(
        kind=app.get_kind_display()), data={"application": app.pk})
    return app


# ---------------------------------------------------------------- F4 verification

@transaction.atomic
def application_verify(*, by, application: Application, verified_amount: Decimal, note: str = "",
                       third_party: str = "", report=None, on: date | None = None) -> Application:
    """Art. 18: the lead department with finance verify content and amount (“过紧日子”); a cut needs its reason."""
    on = on_or_today(on)
    app = _application_for_update(application)
    workflow.check(by, app, "verify", on)
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
    app = workflow.move(app, "verify", by=by, **verification)
    _event(app.project, by=by, on=on, step="verify", label=_("核定{kind} {amt} 元").format(
        kind=app.get_kind_display(), amt=yuan(verified_amount)), reason=note,
        data=_decimal_data(application=app.pk, requested=app.requested, verified=verified_amount))
    notify(project_selectors.unit_people(app.project), title=_("经费已核定：{p}").format(p=app.project.name),
           body=_("核定 {v} 元（申请 {r} 元）。{n}").format(v=yuan(verified_amount), r=yuan(app.requested), n=note),
           url=reverse("funds:application", args=[app.pk]))
    return app


# ---------------------------------------------------------------- F5 arrangement plan and allocation

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


@transaction.atomic
def plan_add_line(*, by, plan: ArrangementPlan, application: Application, amount: Decimal | None = None,
                  on: date | None = None) -> PlanLine:
    on = on_or_today(on)
    plan = _plan_for_update(plan)
    workflow.check(by, plan, "edit", on)
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
    workflow.check(by, _plan_for_update(line.plan), "edit", on)
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
    plan = _plan_for_update(plan)
    workflow.check(by, plan, "submit", on)
    fund = FundYear.objects.select_for_update().get(pk=plan.fund_id)
    total = plan.lines.aggregate(t=Sum("amount"))["t"]
    if not total:
        raise WorkflowError(_("经费安排计划没有任何项目。"))
    # Plans already before the government or approved but not yet allocated have a claim on the pool too.
    pending = PlanLine.objects.filter(plan__fund=fund, plan__status__in=(
        ArrangementPlan.Status.SUBMITTED, ArrangementPlan.Status.APPROVED)).exclude(plan=plan).aggregate(
        t=Sum("amount"))["t"] or Decimal("0")
    if total > fund.available - pending:
        message = _("安排总额 {t} 元超过专项资金可安排余额 {a} 元（已扣除待审定、待下达计划 {p} 元）。")
        raise WorkflowError(message.format(t=yuan(total), a=yuan(fund.available - pending), p=yuan(pending)))
    _line_gates(plan, on)
    plan = workflow.move(plan, "submit", by=by, submitted_on=on, return_reason="")
    notify(project_selectors.holders_with(Perm.GOVERNMENT_DECIDE), title=_("待审定：{p}").format(p=plan),
           body=_("安排总额 {t} 元。").format(t=yuan(total)), url=reverse("funds:plan", args=[plan.pk]))
    return plan


@transaction.atomic
def plan_decide(*, by, plan: ArrangementPlan, approve: bool, decision_ref: str = "", reason: str = "",
                on: date | None = None) -> ArrangementPlan:
    """Art. 18: the municipal government approves the plan (or returns it for revision)."""
    on = on_or_today(on)
    plan = _plan_for_update(plan)
    workflow.check(by, plan, "approve" if approve else "return", on)
    _require_grounds(approve, decision_ref, reason, _("审定文号或会议纪要"))
    if approve:
        plan = workflow.move(plan, "approve", by=by, decided_on=on, decision_ref=decision_ref)
    else:
        plan = workflow.move(plan, "return", by=by, return_reason=reason, submitted_on=None)
    notify(_lead_and_finance_people(on), title=_("{p}：{r}").format(p=plan, r=_("已审定") if approve else _("已退回")),
           body=reason, url=reverse("funds:plan", args=[plan.pk]))
    return plan
