"""The daily fund-report reminder (Celery beat; ``govproj remind`` runs it with the project reminders)."""

from celery import shared_task
from django.utils import timezone

from .services import report_reminders


@shared_task(name="govproj.funds.tasks.send_report_reminders")
def send_report_reminders() -> int:
    return report_reminders(timezone.localdate())
