"""The daily yearly-catalogue reminder (Celery beat; ``govproj remind`` runs it with the other reminders)."""

from celery import shared_task
from django.utils import timezone

from .services import catalogue_reminders


@shared_task(name="govproj.sharing.tasks.send_catalogue_reminders")
def send_catalogue_reminders() -> int:
    return catalogue_reminders(timezone.localdate())
