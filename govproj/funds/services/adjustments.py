"""F6–F8 (Art. 19–20): adjusting and recovering allocated money, and changes of a project's content."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from govproj.audit import services as audit
from govproj.common import workflow
from govproj.common.dates import on_or_today
from govproj.common.errors import ConcurrentChange, WorkflowError
from govproj.common.money import yuan
from govproj.common.notify import notify
from govproj.common.roles import Perm
from govproj.orgs.models import Organisation
from govproj.projects import selectors as project_selectors
from govproj.projects.models import Project
from govproj.projects.states import State
from govproj.rulebook import rules
from govproj.rulebook.adjustment import decide_adjustment
from govproj.rulebook.versions import version_on

from ..models import (
    Adjustment,
    Allocation,
    ContentChange,
    FundYear,
    Recovery,
    money,
)
from ..states import CONTENT_CHANGE_START
from ._core import (
    FINISHED_STATES,
    NOT_STARTED_STATES,
    _decimal_data,
    _event,
    _finance,
    _fund_for_update,
    _lead,
    _lead_and_finance_people,
    _lead_or_finance,
    _require_grounds,
    _unit,
    fund_facts,
    invariant_errors,
)
from .allocation import _grant

# ---------------------------------------------------------------- F6 adjustments

def _adjustment_effect(adj: Adjustment, fund: FundYear, by) -> tuple[dict, dict]:
    """Apply an approved adjustment; every bound is re-checked by the conditional updates."""
    target = Allocation.objects.select_for_update().filter(fund=fund, project=adj.project, kind=adj.kind).first()
    before = {"target": str(target.amount) if target else "0.00", "fund_allocated": str(fund.allocated)}
    if adj.change == "add":
        target = _grant(fund, adj.project, adj.kind, adj.amount, adj.decided_on)
    elif adj.change == "change":
        if target is None:
            raise WorkflowError(_("该项目在本年度没有已下达的{kind}，请使用“新增项目资金”。").format(
                kind=adj.get_kind_display()))
        delta = adj.amount - target.amount
        if delta > 0:
            target = _grant(fund, adj.project, adj.kind, delta, adj.decided_on)
        elif delta < 0:
            if Allocation.objects.filter(pk=target.pk, contracted__lte=adj.amount).update(amount=adj.amount) != 1:
                raise WorkflowError(_("调整后的额度 {a} 元低于已签合同的专项资金承担金额 {c} 元。").format(
                    a=yuan(adj.amount), c=yuan(target.contracted)))
            FundYear.objects.filter(pk=fund.pk).update(allocated=F("allocated") + delta)
    else:
        source = Allocation.objects.select_for_update().get(pk=adj.source_id)
        if source.fund_id != fund.pk:
            raise WorkflowError(_("只能在同一年度项目资金计划内的项目间调剂。"))
        if Allocation.objects.filter(pk=source.pk, amount__gte=F("contracted") + adj.amount).update(
                amount=F("amount") - adj.amount) != 1:
            raise WorkflowError(_("调出项目尚未签约的资金 {a} 元不足调剂 {n} 元。").format(
                a=yuan(source.uncontracted), n=yuan(adj.amount)))
        FundYear.objects.filter(pk=fund.pk).update(allocated=F("allocated") - adj.amount)
        target = _grant(fund, adj.project, adj.kind, adj.amount, adj.decided_on)
        source.refresh_from_db()
        before["source"] = str(source.amount + adj.amount)
        _event(source.project, by=by, on=adj.decided_on, step="transfer_out",
               label=_("调出资金 {a} 元").format(a=yuan(adj.amount)), data={"adjustment": adj.pk})
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
                     source=source if change == "transfer" else None, amount=money(amount), reason=reason,
                     requested_on=on, requested_by=by)
    errors = [] if reason.strip() else [_("资金下达后除特殊情况外一律不得调整，请说明特殊情况。")]
    errors += invariant_errors(adj, exclude=("reason",))
    if errors:
        raise WorkflowError(errors)
    adj.save()
    amount = adj.amount
    audit.record_change(actor=by, obj=adj, before=None)
    result = rules.evaluate(fund_facts(project, on, fund_change=change, fund_change_approved=False))
    _event(project, by=by, on=on, step="adjust_request", label=_("提出{c} {a} 元（待市人民政府批准）").format(
        c=adj.get_change_display(), a=yuan(amount)), reason=reason, result=result, data={"adjustment": adj.pk})
    notify(project_selectors.holders_with(Perm.GOVERNMENT_DECIDE),
           title=_("资金调整待批准：{p}").format(p=project.name), url=reverse("funds:adjustments"))
    return adj


@transaction.atomic
def adjustment_decide(*, by, adjustment: Adjustment, approve: bool, decision_ref: str = "", note: str = "",
                      on: date | None = None) -> Adjustment:
    on = on_or_today(on)
    adj = Adjustment.objects.select_for_update().select_related("project").get(pk=adjustment.pk)
    workflow.check(by, adj, "approve" if approve else "reject", on)
    _require_grounds(approve, decision_ref, note, _("批准文号"))
    if not approve:
        adj = workflow.move(adj, "reject", by=by, decided_on=on, decision_note=note)
    else:
        fund = FundYear.objects.select_for_update().get(pk=adj.fund_id)
        adj.decided_on = on
        before, after = _adjustment_effect(adj, fund, by)
        adj = workflow.move(adj, "approve", by=by, decided_on=on, decision_ref=decision_ref, decision_note=note,
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
    """Art. 19: money of a project not carried out (盘活 in 2024, 核销 in 2023) and surpluses return to the budget."""
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
        raise WorkflowError(_("可收回金额为未签合同的余额 {a} 元。").format(a=yuan(alloc.uncontracted)))
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
    _event(alloc.project, by=by, on=on, step="recover", label=_("{m}收回资金 {a} 元").format(m=method, a=yuan(amount)),
           reason=note, data={"recovery": rec.pk, "citation": version.cite("fund_change").as_dict()})
    notify(project_selectors.unit_people(alloc.project), title=_("资金已收回：{p}").format(p=alloc.project.name),
           body=_("{m} {a} 元。").format(m=method, a=yuan(amount)),
           url=reverse("funds:project", args=[alloc.project_id]))
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
    change = ContentChange.objects.select_for_update().select_related("project").get(pk=change.pk)
    step = "consent" if approve else "refuse_consent"
    workflow.check(by, change, step, on)
    _require_grounds(approve, ref, note, _("同意文号"))
    change = workflow.move(change, step, by=by, consent_on=on, consent_ref=ref, decision_note=note)
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
    step = "approve" if approve else "reject"
    workflow.check(by, change, step, on)
    _require_grounds(approve, ref, note, _("批复文号"))
    change = workflow.move(change, step, by=by, decided_on=on, decision_ref=ref, decision_note=note)
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
