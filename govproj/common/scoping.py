"""Narrow any queryset to what a user may reach (NetBox's ``RestrictedQuerySet.restrict`` idea).

A scoped model opts in by naming, as class attributes, the lookup from itself to the organisation
that owns it (``scope_unit_field``) and, where objects are assigned to people, the lookup to
the assignee (``scope_assignee_field``). A queryset that a view shows always passes through
``restrict``, so a forgotten check shows up as a 404 rather than a leak.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .roles import ROLE_PERMISSIONS, Scope


@dataclass(frozen=True)
class Grant:
    role: str
    scope: str
    unit_ids: frozenset[int]


def role_grants(user) -> list[Grant]:
    """The user's roles with their resolved scope units, cached on the user object for one request."""
    cached = getattr(user, "_govproj_grants", None)
    if cached is not None:
        return cached
    grants: list[Grant] = []
    if user.is_authenticated and user.is_active:
        for assignment in user.role_assignments.select_related("organisation", "user__organisation"):
            unit = assignment.organisation or user.organisation
            unit_ids = frozenset(unit.descendant_ids()) if unit and assignment.scope == Scope.OWN_UNIT else frozenset()
            grants.append(Grant(assignment.role, assignment.scope, unit_ids))
    user._govproj_grants = grants
    return grants


def restrict(queryset: QuerySet, user, perm: str) -> QuerySet:
    """Objects of ``queryset`` that ``user`` reaches through the roles granting ``perm``."""
    perm = perm.removeprefix("govproj.")
    model = queryset.model
    unit_field = getattr(model, "scope_unit_field", None)
    assignee_field = getattr(model, "scope_assignee_field", None)
    condition = Q(pk__in=[])
    for grant in role_grants(user):
        if perm not in ROLE_PERMISSIONS[grant.role]:
            continue
        # A model that belongs to no unit and no assignee (the organisation register, the
        # regulation library) is shared: holding the permission is enough.
        if grant.scope == Scope.ALL or not (unit_field or assignee_field):
            return queryset
        if grant.scope == Scope.OWN_UNIT and unit_field and grant.unit_ids:
            condition |= Q(**{f"{unit_field}__in": grant.unit_ids})
        elif grant.scope == Scope.ASSIGNED and assignee_field:
            # A subquery, not a join: an object assigned to the user twice must still appear once.
            condition |= Q(pk__in=model._default_manager.filter(**{assignee_field: user}).values("pk"))
    return queryset.filter(condition)
