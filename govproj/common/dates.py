"""The deciding date of a service call: the date it was given (tests, the CLI, back-dated records) or today."""

from datetime import date

from django.utils import timezone


def on_or_today(on: date | None) -> date:
    return on or timezone.localdate()
