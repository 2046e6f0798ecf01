"""The daily overdue check of 监控处理单 (Celery beat; ``govproj remind`` runs it with the other reminders)."""

from celery import shared_task
from django.utils import timezone

from .services import escalate_overdue


@shared_task(name="govproj.monitoring.tasks.escalate_overdue_cases")
def escalate_overdue_cases() -> int:
    return escalate_overdue(timezone.localdate())
