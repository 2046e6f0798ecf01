"""Authorisation from roles: ``user.has_perm("govproj.view_audit")`` is answered by the user's roles."""

from django.contrib.auth.backends import ModelBackend

from govproj.common.roles import ROLE_PERMISSIONS, Role
from govproj.common.scoping import role_grants


class RoleBackend(ModelBackend):
    """Password authentication as Django's, permissions from the role table in ``roles.py``.

    System administrators also hold Django's model permissions, which the admin site checks.
    """

    def _role_perms(self, user_obj) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous:
            return set()
        perms: set[str] = set()
        for grant in role_grants(user_obj):
            perms.update(f"govproj.{p}" for p in ROLE_PERMISSIONS[grant.role])
        return perms

    def _is_sysadmin(self, user_obj) -> bool:
        return any(grant.role == Role.SYSADMIN for grant in role_grants(user_obj))

    def has_perm(self, user_obj, perm, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous:
            return False
        if perm.startswith("govproj."):
            return perm in self._role_perms(user_obj)
        if self._is_sysadmin(user_obj):
            return True
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj, app_label):
        if not user_obj.is_active or user_obj.is_anonymous:
            return False
        if app_label == "govproj":
            return bool(self._role_perms(user_obj))
        return self._is_sysadmin(user_obj) or super().has_module_perms(user_obj, app_label)
