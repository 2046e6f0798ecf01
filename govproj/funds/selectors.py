"""Read queries of the fund ledger: totals per year, unit and project, a project's ledger, to-dos."""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from govproj.common.roles import Perm
from govproj.common.scoping import restrict
from govproj.common.todos import Todo
from govproj.projects.models import Project
from govproj.projects.services import is_unit_member
from govproj.rulebook import rules
from govproj.rulebook.versions import NoVersionInForce, version_on

from .models import (
    Adjustment,
    Allocation,
    Application,
    ArrangementPlan,
    ContentChange,
    FundReport,
    FundYear,
    PerformanceEvaluation,
    PlanLine,
)
from .services import application_facts, fund_facts, limits_of, progress_percent

ZERO = Decimal("0")
_MONEY = DecimalField(max_digits=18, decimal_places=2)


def _sum(expr: str, **filters):
    return Coalesce(Sum(expr, filter=Q(**filters) if filters else None), Value(ZERO), output_field=_MONEY)


def allocations(user) -> QuerySet:
    return restrict(Allocation.objects.all(), user, Perm.VIEW_FUNDS)


def planned_by_project(year: int) -> QuerySet:
    """Amounts in the year's arrangement plans that the government approved (the 计划 of the chart)."""
    return PlanLine.objects.filter(plan__fund__year=year, plan__status__in=(
        ArrangementPlan.Status.APPROVED, ArrangementPlan.Status.ALLOCATED))


def year_totals(user) -> list[dict]:
    """Every fund year with its pool and, within the user's scope, planned / allocated / contracted / paid."""
    rows = []
    for fund in FundYear.objects.all():
        scoped = allocations(user).filter(fund=fund).aggregate(
            allocated=_sum("amount"), contracted=_sum("contracted"), paid=_sum("paid"), recovered=_sum("recovered"))
        rows.append({"fund": fund, **scoped, "planned": _planned_total(user, fund.year)})
    return rows


def _planned_total(user, year: int) -> Decimal:
    projects = restrict(Project.objects.all(), user, Perm.VIEW_FUNDS)
    return planned_by_project(year).filter(application__project__in=projects).aggregate(t=_sum("amount"))["t"]


def by_unit(user, year: int) -> list[dict]:
    """Planned, allocated, contracted and paid per construction unit (the chart and the first drill-down)."""
    qs = allocations(user).filter(fund__year=year).values("project__unit_id", "project__unit__short_name",
                                                          "project__unit__code")
    rows = {r["project__unit_id"]: {**r, "planned": ZERO} for r in qs.annotate(
        allocated=_sum("amount"), contracted=_sum("contracted"), paid=_sum("paid"), recovered=_sum("recovered"),
        projects=Count("project", distinct=True)).order_by("project__unit__code")}
    visible = restrict(Project.objects.all(), user, Perm.VIEW_FUNDS)
    for line in planned_by_project(year).filter(application__project__in=visible).values(
            "application__project__unit_id", "application__project__unit__short_name",
            "application__project__unit__code").annotate(t=_sum("amount")):
        unit = line["application__project__unit_id"]
        row = rows.setdefault(unit, {"project__unit_id": unit,
                                     "project__unit__code": line["application__project__unit__code"],
                                     "project__unit__short_name": line["application__project__unit__short_name"],
                                     "allocated": ZERO, "contracted": ZERO, "paid": ZERO, "recovered": ZERO,
                                     "projects": 0})
        row["planned"] = line["t"]
    return sorted(rows.values(), key=lambda r: r["project__unit__code"])


def by_project(user, year: int, unit_id: int | None = None) -> QuerySet:
    """One row per project funded in ``year`` with its totals (paginated by the view)."""
    qs = restrict(Project.objects.all(), user, Perm.VIEW_FUNDS).filter(allocations__fund__year=year)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    planned = planned_by_project(year).filter(application__project=OuterRef("pk")).values(
        "application__project").annotate(t=Sum("amount")).values("t")
    return qs.select_related("unit").annotate(
        allocated=_sum("allocations__amount", allocations__fund__year=year),
        contracted=_sum("allocations__contracted", allocations__fund__year=year),
        paid=_sum("allocations__paid", allocations__fund__year=year),
        recovered=_sum("allocations__recovered", allocations__fund__year=year),
        planned=Coalesce(Subquery(planned, output_field=_MONEY), Value(ZERO), output_field=_MONEY),
    ).order_by("unit__code", "pk")


def project_ledger(project: Project) -> dict:
    """Everything the fund ledger holds for one project, each list loaded in one query."""
    allocs = list(project.allocations.select_related("fund").prefetch_related(
        "contracts__payments", "spending_plans", "recoveries").order_by("fund__year", "kind"))
    return {
        "allocations": allocs,
        "applications": list(project.fund_applications.select_related("call", "call__fund").prefetch_related(
            "documents")),
        "adjustments": list(Adjustment.objects.filter(Q(project=project) | Q(source__project=project)).select_related(
            "fund", "project", "source__project")),
        "content_changes": list(project.content_changes.all()),
        "reports": list(project.fund_reports.all()),
        "non_compliances": list(project.non_compliances.select_related("department")),
        "evaluations": list(project.performance_evaluations.all()),
        "totals": {k: sum((getattr(a, k) for a in allocs), ZERO)
                   for k in ("amount", "contracted", "paid", "recovered")},
    }


def application_findings(application: Application) -> dict | None:
    """The funding rules on the application as it stands today (shown on its page; the services gate on them)."""
    on = application.submitted_on or timezone.localdate()
    try:
        return rules.evaluate(fund_facts(application.project, on, **application_facts(application)))
    except NoVersionInForce:
        return None


def attach_limits(allocations: list[Allocation], on: date) -> None:
    """Give each contract ``limits``: what each Art. 21 bound still allows on ``on`` (shown before paying).

    The allocations come with their contracts and spending plans (``project_ledger``); the spending plan to date
    is summed from those and the progress read once per project, so the page's queries do not grow with contracts.
    """
    month = on.replace(day=1)
    progress = {}
    for allocation in allocations:
        planned = sum((p.amount for p in allocation.spending_plans.all() if p.month <= month), ZERO)
        pct = None
        if allocation.kind != "om":
            if allocation.project_id not in progress:
                progress[allocation.project_id] = progress_percent(allocation.project, on)
            pct = progress[allocation.project_id]
        for contract in allocation.contracts.all():
            contract.limits = limits_of(contract, planned=planned, progress=pct)


def overdue_reports(user, today: date | None = None) -> QuerySet:
    today = today or timezone.localdate()
    return restrict(FundReport.objects.all(), user, Perm.VIEW_FUNDS).filter(
        submitted_on__isnull=True, due_on__lt=today).select_related("project", "project__unit")


# ---------------------------------------------------------------- 我的待办

def _org_code(user) -> str:
    return user.organisation.code if user.organisation_id else ""


def todos(user) -> list[Todo]:
    today = timezone.localdate()
    items: list[Todo] = []
    if user.has_perm(Perm.DECLARE_PROJECTS.full):
        reports = restrict(FundReport.objects.filter(submitted_on__isnull=True, due_on__lte=today + timedelta(days=10)),
                           user, Perm.DECLARE_PROJECTS).select_related("project", "project__unit")[:50]
        for r in reports:
            if is_unit_member(user, r.project):
                items.append(Todo(_("报送资金使用情况：{p}（{y}年{period}）").format(
                    p=r.project.name, y=r.year, period=r.get_period_display()),
                    reverse("funds:project", args=[r.project_id]), due=r.due_on, overdue=r.due_on < today))
    if user.has_perm(Perm.MANAGE_FUNDS.full):
        version = version_on(today)
        if _org_code(user) in (version.lead_department, version.finance_department):
            for app in Application.objects.filter(status=Application.Status.SUBMITTED).select_related("project")[:50]:
                items.append(Todo(_("核定经费申请：{p}").format(p=app.project.name),
                                  reverse("funds:application", args=[app.pk]), since=app.submitted_on))
            for plan in ArrangementPlan.objects.filter(status=ArrangementPlan.Status.APPROVED).select_related("fund"):
                items.append(Todo(_("下达资金：{p}").format(p=plan), reverse("funds:plan", args=[plan.pk]),
                                  since=plan.decided_on))
    if user.has_perm(Perm.GOVERNMENT_DECIDE.full):
        for plan in ArrangementPlan.objects.filter(status=ArrangementPlan.Status.SUBMITTED).select_related("fund"):
            items.append(Todo(_("审定：{p}").format(p=plan), reverse("funds:plan", args=[plan.pk]),
                              since=plan.submitted_on))
        for adj in Adjustment.objects.filter(status=Adjustment.Status.SUBMITTED).select_related("project")[:50]:
            items.append(Todo(_("批准资金调整：{p}（{c}）").format(p=adj.project.name, c=adj.get_change_display()),
                              reverse("funds:adjustments"), since=adj.requested_on))
        for change in ContentChange.objects.filter(status=ContentChange.Status.CONSENT_PENDING).select_related(
                "project")[:50]:
            items.append(Todo(_("建设内容调整（超概算）待同意：{p}").format(p=change.project.name),
                              reverse("funds:project", args=[change.project_id]), since=change.requested_on))
    if user.has_perm(Perm.REVIEW_PROJECTS.full):
        from govproj.projects.selectors import approver_for

        for change in ContentChange.objects.filter(status=ContentChange.Status.APPROVAL_PENDING).select_related(
                "project", "project__unit")[:50]:
            if approver_for(change.project, today).pk == user.organisation_id:
                items.append(Todo(_("审批建设内容调整：{p}").format(p=change.project.name),
                                  reverse("funds:project", args=[change.project_id]), since=change.requested_on))
    if user.has_perm(Perm.MANAGE_FUNDS.full) and _org_code(user) == version_on(today).finance_department:
        for ev in PerformanceEvaluation.objects.filter(status=PerformanceEvaluation.Status.OPEN).select_related(
                "project")[:50]:
            items.append(Todo(_("完成绩效评价：{p}（{y}年度）").format(p=ev.project.name, y=ev.year),
                              reverse("funds:evaluation", args=[ev.pk]), since=ev.opened_on))
    return items
