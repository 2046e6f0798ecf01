"""Celery application.

Without ``REDIS_URL`` the settings make every task run eagerly in-process, so the quick start
and the tests need no broker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govproj.settings")

app = Celery("govproj")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
