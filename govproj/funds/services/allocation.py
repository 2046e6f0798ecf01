"""F5, F9 (Art. 18, 21): approved plans become allocations; contracts, spending plans and payments draw on them."""

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from govproj.audit import services as audit
from govproj.common import workflow
from govproj.common.dates import on_or_today
from govproj.common.errors import ConcurrentChange, WorkflowError
from govproj.common.money import yuan
from govproj.common.notify import notify
from govproj.projects import selectors as project_selectors
from govproj.projects.models import Project

from ..models import (
    Allocation,
    ArrangementPlan,
    Contract,
    FundDocument,
    FundYear,
    Payment,
    SpendingPlan,
    money,
)
from ._core import (
    FINISHED_STATES,
    PAYMENT_GATES,
    _allocation_for_update,
    _decimal_data,
    _event,
    _plan_for_update,
    _unit,
    judge,
    require_valid,
)
from .applications import _line_gates, document_upload
from .reports import schedule_reports


def _grant(fund: FundYear, project: Project, kind: str, amount: Decimal, on: date) -> Allocation:
    """Add ``amount`` to the project's allocation; the fund's total moves in the same conditional update."""
    updated = FundYear.objects.filter(pk=fund.pk, budget__gte=F("allocated") + F("recovered") + amount).update(
        allocated=F("allocated") + amount, lock_version=F("lock_version") + 1)
    if updated != 1:
        raise WorkflowError(_("专项资金可安排余额不足 {a} 元。").format(a=yuan(amount)))
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
    plan = _plan_for_update(plan)
    if plan.status != ArrangementPlan.Status.APPROVED:  # says what is missing, where the machine names the status
        raise WorkflowError(_("经费安排计划须经市人民政府审定后才能下达资金。"))
    workflow.check(by, plan, "allocate", on)
    if not allocation_ref.strip():
        raise WorkflowError(_("请填写资金下达文号。"))
    _line_gates(plan, on)
    fund = FundYear.objects.select_for_update().get(pk=plan.fund_id)
    allocations = []
    for line in plan.lines.select_related("application", "application__project"):
        app = line.application
        allocation = _grant(fund, app.project, app.kind, line.amount, on)
        allocations.append(allocation)
        _event(app.project, by=by, on=on, step="allocate", label=_("下达{kind} {amt} 元").format(
            kind=app.get_kind_display(), amt=yuan(line.amount)), data=_decimal_data(
            plan=plan.pk, allocation=allocation.pk, amount=line.amount, ref=allocation_ref))
        notify(project_selectors.unit_people(app.project), title=_("资金已下达：{p}").format(p=app.project.name),
               body=_("{kind} {amt} 元（{ref}）。请编制用款计划。").format(
                   kind=app.get_kind_display(), amt=yuan(line.amount), ref=allocation_ref),
               url=reverse("funds:project", args=[app.project_id]))
    workflow.move(plan, "allocate", by=by, allocated_on=on, allocation_ref=allocation_ref)
    return allocations




# ---------------------------------------------------------------- F9 contracts, spending plans, payments

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
        raise WorkflowError(_("专项资金承担金额 {f} 元超过该笔资金尚未签约的余额 {u} 元。").format(
            f=yuan(fund_amount), u=yuan(alloc.uncontracted)))
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
    _event(alloc.project, by=by, on=on, step="contract", label=_("登记合同 {n}（专项资金 {f} 元）").format(
        n=number, f=yuan(fund_amount)), data={"contract": contract.pk})
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
        raise WorkflowError(_("用款计划合计 {t} 元超过已下达资金 {a} 元。").format(
            t=yuan(other + amount), a=yuan(alloc.amount)))
    if other + amount < alloc.paid:
        raise WorkflowError(_("用款计划合计不能少于已拨付的 {p} 元。").format(p=yuan(alloc.paid)))
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
    return limits_of(contract, planned=planned,
                     progress=None if alloc.kind == "om" else progress_percent(alloc.project, on))


def limits_of(contract: Contract, *, planned: Decimal, progress: int | None) -> dict:
    """``payment_limits`` given the allocation's spending plan to date and the project's progress (``None`` for
    O&M money, which follows the service period and is paid by plan and contract only): a page showing many
    contracts reads those once, not once per contract."""
    alloc = contract.allocation
    limits = {
        "contract_available": contract.fund_amount - contract.paid,
        "allocation_available": alloc.amount - alloc.paid,
        "plan_available": max(planned - alloc.paid, Decimal("0")),
    }
    if progress is not None:
        share = max(Decimal(progress), contract.advance_percent)
        limits["progress_percent"] = progress
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
    _event(project, by=by, on=paid_on, step="pay", label=_("拨付 {a} 元（合同 {n}）").format(a=yuan(amount), n=c.number),
           result=result, data={"payment": payment.pk})
    return payment
