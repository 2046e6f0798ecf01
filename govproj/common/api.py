"""Permission classes for JSON endpoints: the API asks the same role question as the pages."""

from rest_framework.permissions import BasePermission


class HasRolePermission(BasePermission):
    """The API asks the same role question as the pages: the view names ``required_perm``."""

    def has_permission(self, request, view):
        perm = getattr(view, "required_perm", "")
        return bool(request.user and request.user.is_authenticated and perm and request.user.has_perm(f"govproj.{perm}"))
