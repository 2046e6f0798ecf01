"""govproj: the 数字钦州 project and fund management platform."""

from .celery import app as celery_app

__all__ = ["celery_app"]
