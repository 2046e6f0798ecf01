"""The scheduled reminder job (Celery beat daily; ``govproj remind`` runs it by hand or from cron)."""

from datetime import date, timedelta

from celery import shared_task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from govproj.common.notify import notify
from govproj.common.roles import Perm, Role

from . import selectors
from .models import CryptoEvaluation, Inspection, Opinion, Project
from .states import State

REMIND_BEFORE_DAYS = 3
# Art. 35 asks for progress schedules “定期” without a period; the platform asks quarterly.
PROGRESS_EVERY_DAYS = 90


def deadline_reminders(today: date) -> int:
    """Remind whoever owes a step due within three days; once overdue, also escalate to their supervisor.

    The supervisor of a late unit is its head (建设单位负责人); of a late department, the lead
    department that organises the step. One reminder per item and day (deduplicated).
    """
    soon = today + timedelta(days=REMIND_BEFORE_DAYS)
    sent = 0
    for project in Project.objects.filter(next_due__isnull=False, next_due__lte=soon).select_related("unit", "approver"):
        label, people = selectors.who_acts(project, today)
        overdue = project.next_due < today
        url = reverse("projects:detail", args=[project.pk])
        title = (_("已逾期：{name}（{state}，期限 {due}）") if overdue else _("即将到期：{name}（{state}，期限 {due}）")).format(
            name=project.name, state=project.get_state_display(), due=project.next_due)
        key = f"p{project.pk}:{project.state}:{today}"
        sent += notify(people, title=title, body=_("待办方：{who}").format(who=label), url=url, dedupe_key=key)
        if overdue:
            sent += notify(_supervisors(project, today), title=_("督办：{t}").format(t=title),
                           body=_("{who}未在期限内办理，请督促。").format(who=label), url=url, dedupe_key="esc:" + key)
    for opinion in Opinion.objects.filter(submitted_at__isnull=True, due_on__lt=today).select_related(
            "project", "organisation", "expert"):
        url = reverse("projects:detail", args=[opinion.project_id])
        recipients = selectors.opinion_owers(opinion)
        title = _("意见已逾期：{name}（{kind}，期限 {due}）").format(name=opinion.project.name,
                                                          kind=opinion.get_kind_display(), due=opinion.due_on)
        sent += notify(recipients, title=title, url=url, dedupe_key=f"o{opinion.pk}:{today}")
        sent += notify(selectors.people(selectors.lead_department(today), Perm.REVIEW_PROJECTS),
                       title=_("督办：{who}意见逾期").format(who=opinion.addressee), body=title, url=url,
                       dedupe_key=f"esc:o{opinion.pk}:{today}")
    overdue_items = (
        (Inspection.objects.filter(rectified_on__isnull=True, rectification_due__lt=today), "rectification_due",
         _("整改已逾期：{name}（期限 {due}）"), "i"),
        (CryptoEvaluation.objects.filter(done_on__isnull=True, due_on__lt=today), "due_on",
         _("密评已逾期：{name}（应于 {due} 完成）"), "c"),
    )
    for queryset, due_field, title, prefix in overdue_items:
        for item in queryset.exclude(project__state=State.TERMINATED).select_related("project", "project__unit"):
            sent += notify(selectors.unit_people(item.project), title=title.format(
                name=item.project.name, due=getattr(item, due_field)),
                url=reverse("projects:detail", args=[item.project_id]), dedupe_key=f"{prefix}{item.pk}:{today}")
    stale = today - timedelta(days=PROGRESS_EVERY_DAYS)
    for project in Project.objects.filter(state=State.CONSTRUCTING, state_since__lt=stale).exclude(
            progress_reports__reported_on__gte=stale).select_related("unit"):
        sent += notify(selectors.unit_people(project), title=_("请报送进度表：{name}（已超过 {n} 天未报送）").format(
            name=project.name, n=PROGRESS_EVERY_DAYS), url=reverse("projects:detail", args=[project.pk]),
            dedupe_key=f"progress:{project.pk}:{today:%Y-%m}")
    return sent


def _supervisors(project: Project, today: date):
    if project.state in selectors.UNIT_TODO:
        return selectors.holders(project.unit, [Role.UNIT_HEAD])
    return selectors.people(selectors.lead_department(today), Perm.REVIEW_PROJECTS)


@shared_task(name="govproj.projects.tasks.send_deadline_reminders")
def send_deadline_reminders() -> int:
    return deadline_reminders(timezone.localdate())
