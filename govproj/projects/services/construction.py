"""Construction: start, progress, inspections, 密评 and completion (Art. 15, 16, 35)."""

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from govproj.audit import services as audit
from govproj.common.dates import on_or_today
from govproj.common.errors import WorkflowError, validate
from govproj.common.notify import notify
from govproj.rulebook.versions import version_on

from .. import selectors
from ..deadlines import (
    add_months,
)
from ..models import (
    Attachment,
    CryptoEvaluation,
    Inspection,
    ProgressReport,
    Project,
)
from ..states import State
from ._core import (
    advance,
    check_step,
    lock_step,
    record_event,
    refuse_on_blocks,
    state_refusal,
)

# ---------------------------------------------------------------- construction (Art. 15, 16, 35)

@transaction.atomic
def start_construction(*, by, project: Project, on: date | None = None, expected_version: int | None = None) -> Project:
    on = on_or_today(on)
    p = lock_step(project, "start_construction", by, on, expected_version)
    result = refuse_on_blocks(p, "start_construction", on)
    return advance(p, "start_construction", State.CONSTRUCTING, by=by, on=on, result=result,
                   data={"supervision": result["supervision"]})


@transaction.atomic
def progress_report(*, by, project: Project, period: str, percent: int, summary: str, problems: str = "",
                    on: date | None = None) -> ProgressReport:
    on = on_or_today(on)
    project = lock_step(project, "progress", by, on, None, _("项目开工后方可报送进度表。"))
    period = period.strip()
    if not period or not summary.strip():
        raise WorkflowError(_("请填写报告期和进展情况。"))
    if percent is None or not 0 <= percent <= 100:
        raise WorkflowError(_("形象进度应在 0 到 100 之间。"))
    if project.progress_reports.filter(period=period).exists():
        raise WorkflowError(_("报告期“{period}”的进度表已报送。").format(period=period))
    report = ProgressReport.objects.create(project=project, period=period, reported_on=on, percent=percent,
                                           summary=summary, problems=problems, author=by)
    record_event(project, by=by, on=on, step="progress",
                 label=_("报送进度表（{period}，{pct}%）").format(period=period, pct=percent))
    audit.record(actor=by, action=audit.Action.CREATE, obj=report, after=audit.snapshot(report))
    return report


@transaction.atomic
def inspection_record(*, by, project: Project, findings: str, rectification_due: date | None = None,
                      on: date | None = None) -> Inspection:
    on = on_or_today(on)
    project = lock_step(project, "inspection", by, on, None)
    if not findings.strip():
        raise WorkflowError(_("请填写检查发现。"))
    inspection = Inspection(project=project, inspected_on=on, inspector=by, findings=findings,
                            rectification_due=rectification_due)
    validate(inspection)
    inspection.save()
    record_event(project, by=by, on=on, step="inspection", label=_("现场检查"), reason=findings,
                 data={"inspection": inspection.pk, "rectification_due": str(rectification_due or "")})
    audit.record(actor=by, action=audit.Action.CREATE, obj=inspection, after=audit.snapshot(inspection))
    if rectification_due:
        notify(selectors.unit_people(project), title=_("现场检查整改通知：{name}").format(name=project.name),
               body=_("请于 {due} 前完成整改：{f}").format(due=rectification_due, f=findings),
               url=reverse("projects:detail", args=[project.pk]))
    return inspection


@transaction.atomic
def inspection_rectify(*, by, inspection: Inspection, rectification: str, on: date | None = None) -> Inspection:
    on = on_or_today(on)
    inspection = Inspection.objects.select_for_update(of=("self",)).select_related("project", "project__unit").get(
        pk=inspection.pk)
    check_step(by, inspection.project, "rectify", on, state_refusal(inspection.project, "rectify"))
    if inspection.rectified_on:
        raise WorkflowError(_("该检查已整改完毕。"))
    if not rectification.strip():
        raise WorkflowError(_("请填写整改情况。"))
    before = audit.snapshot(inspection)
    inspection.rectification, inspection.rectified_on = rectification, on
    validate(inspection)
    inspection.save()
    record_event(inspection.project, by=by, on=on, step="rectify", label=_("报送整改情况"), reason=rectification,
                 data={"inspection": inspection.pk, "late": bool(inspection.rectification_due and
                                                            on > inspection.rectification_due)})
    audit.record(actor=by, action=audit.Action.UPDATE, obj=inspection, before=before, after=audit.snapshot(inspection))
    return inspection


@transaction.atomic
def crypto_evaluation_record(*, by, project: Project, due_on: date, done_on: date | None = None,
                             passed: bool | None = None, attachment: Attachment | None = None,
                             on: date | None = None) -> CryptoEvaluation:
    """Art. 16: 密评 planned and reported with due dates."""
    on = on_or_today(on)
    project = lock_step(project, "crypto", by, on, None)
    evaluation = CryptoEvaluation(project=project, due_on=due_on, done_on=done_on, passed=passed,
                                  attachment=attachment)
    validate(evaluation)
    evaluation.save()
    record_event(project, by=by, on=on, step="crypto",
                 label=_("登记密码应用安全性评估（应完成 {due}）").format(due=due_on))
    audit.record(actor=by, action=audit.Action.CREATE, obj=evaluation, after=audit.snapshot(evaluation))
    return evaluation


@transaction.atomic
def complete(*, by, project: Project, completed_on: date | None = None, on: date | None = None,
             expected_version: int | None = None) -> Project:
    on = on_or_today(on)
    completed_on = completed_on or on
    if completed_on > on:
        raise WorkflowError(_("完工日期不能晚于今天。"))
    p = lock_step(project, "complete", by, on, expected_version)
    months = version_on(completed_on).acceptance_months
    due = add_months(completed_on, months)
    return advance(p, "complete", State.COMPLETED, by=by, on=on, due=due, completed_on=completed_on,
                   acceptance_due=due, data={"completed_on": str(completed_on)})
