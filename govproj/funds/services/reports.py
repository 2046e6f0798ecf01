"""F10, F11, L25 (Art. 24, 27, 32): fund reports and reminders, security findings, performance evaluation."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from govproj.audit import services as audit
from govproj.common import workflow
from govproj.common.dates import on_or_today
from govproj.common.errors import WorkflowError
from govproj.common.notify import notify
from govproj.common.roles import Perm
from govproj.orgs.models import Organisation
from govproj.projects import selectors as project_selectors
from govproj.projects.models import Project
from govproj.projects.services import facts
from govproj.projects.states import State
from govproj.rulebook import rules
from govproj.rulebook.versions import version_on

from ..models import (
    Allocation,
    Application,
    ContentChange,
    FundReport,
    NonCompliance,
    PerformanceEvaluation,
    money,
)
from ._core import _event, _finance, _lead_and_finance_people, _people, _unit, require_valid

# Art. 27 names no day; the platform asks for a quarter's report by this day of the following month.
QUARTER_REPORT_DAY = 10


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
    ev = PerformanceEvaluation.objects.select_for_update().select_related("project").get(pk=evaluation.pk)
    workflow.check(by, ev, "conclude", on)
    result = (PerformanceEvaluation.Result.UNQUALIFIED if confirmed or other_violation.strip()
              else PerformanceEvaluation.Result.QUALIFIED)
    conclusion_fields = {"confirmed": sorted(confirmed), "dismissed_reason": dismissed_reason,
                         "other_violation": other_violation, "conclusion": conclusion, "result": result,
                         "concluded_on": on, "concluded_by": by}
    require_valid(ev, status=PerformanceEvaluation.Status.CONCLUDED, **conclusion_fields)
    ev = workflow.move(ev, "conclude", by=by, **conclusion_fields)
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
