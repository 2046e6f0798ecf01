"""Login, logout, failed logins and lockouts go to the audit log.

Django and django-axes announce these only through signals, so receivers are the one place to
catch them.
"""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.dispatch import receiver

from govproj.audit import services as audit


def _named_user(username: str):
    return get_user_model().objects.filter(username=username).first() if username else None


@receiver(user_logged_in)
def _on_login(sender, request, user, **kwargs):
    audit.record(actor=user, action=audit.Action.LOGIN, obj=user, request=request)


@receiver(user_logged_out)
def _on_logout(sender, request, user, **kwargs):
    if user is not None and not getattr(request, "_govproj_idle_logout", False):
        audit.record(actor=user, action=audit.Action.LOGOUT, obj=user, request=request)


@receiver(user_login_failed)
def _on_login_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get("username", "")
    target = _named_user(username)
    audit.record(
        actor=None,
        action=audit.Action.LOGIN_FAILED,
        obj=target,
        object_type="accounts.user",
        object_repr=username,
        after={"username": username},
        request=request,
    )


@receiver(user_locked_out)
def _on_locked_out(sender, request, username, ip_address, **kwargs):
    audit.record(
        actor=None,
        action=audit.Action.LOCKED_OUT,
        obj=_named_user(username),
        object_type="accounts.user",
        object_repr=username or "",
        after={"username": username, "ip": ip_address},
        request=request,
    )
