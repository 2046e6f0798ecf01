"""Sending in-app notifications; e-mail too when the deployment configures it."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from .models import Notification


def notify(recipients, *, title: str, body: str = "", url: str = "", dedupe_key: str = "") -> int:
    """Notify each recipient once; with ``dedupe_key`` a repeated call is a no-op. Returns how many were sent."""
    sent = 0
    for user in {u.pk: u for u in recipients if u is not None and u.is_active}.values():
        try:
            with transaction.atomic():
                Notification.objects.create(recipient=user, title=title, body=body, url=url, dedupe_key=dedupe_key)
        except IntegrityError:
            continue
        sent += 1
        if settings.NOTIFY_BY_EMAIL and user.email:
            send_mail(title, f"{body}\n{url}", None, [user.email], fail_silently=True)
    return sent
