"""Account operations: each audited in the same transaction as the change."""

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from govproj.audit import services as audit
from govproj.common.roles import DEFAULT_SCOPE, Role

from .models import RoleAssignment, User


@transaction.atomic
def user_create(*, by, username: str, password: str, full_name: str = "", organisation=None, **extra) -> User:
    user = User(username=username, full_name=full_name, organisation=organisation, **extra)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit.record_change(actor=by, obj=user, before=None)
    return user


@transaction.atomic
def role_grant(*, by, user: User, role: str, scope: str | None = None, organisation=None) -> RoleAssignment:
    """Grant ``role`` to ``user``; granting the same role again changes only its scope, if that differs."""
    scope = scope or DEFAULT_SCOPE[role]
    existing = RoleAssignment.objects.select_for_update().filter(user=user, role=role).first()
    if existing and existing.scope == scope and existing.organisation == organisation:
        return existing
    before = audit.snapshot(existing) if existing else None
    assignment = existing or RoleAssignment(user=user, role=role, granted_by=by)
    assignment.scope, assignment.organisation = scope, organisation
    assignment.save()
    if role == Role.SYSADMIN and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    audit.record(
        actor=by, action=audit.Action.GRANT, obj=assignment, before=before, after=audit.snapshot(assignment)
    )
    user.__dict__.pop("_govproj_grants", None)
    return assignment


@transaction.atomic
def role_revoke(*, by, user: User, role: str) -> None:
    assignment = RoleAssignment.objects.select_for_update().filter(user=user, role=role).first()
    if assignment is None:
        return
    audit.record(actor=by, action=audit.Action.REVOKE, obj=assignment, before=audit.snapshot(assignment))
    assignment.delete()
    if role == Role.SYSADMIN:
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    user.__dict__.pop("_govproj_grants", None)
