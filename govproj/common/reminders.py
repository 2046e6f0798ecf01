"""The daily reminder run: each domain app registers its job, so ``govproj remind`` knows no domain.

Apps call ``register`` from their ``AppConfig.ready``; Celery beat runs each app's own task, and the
command runs them all for one day (by hand, or from cron where no Redis is configured).
"""

from collections.abc import Callable
from datetime import date

_jobs: list[Callable[[date], int]] = []


def register(job: Callable[[date], int]) -> None:
    if job not in _jobs:
        _jobs.append(job)


def send_all(day: date) -> int:
    """Run every registered job for ``day``; the number of reminders sent."""
    return sum(job(day) for job in _jobs)
