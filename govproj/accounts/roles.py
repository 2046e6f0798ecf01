"""Roles, scopes and permissions: declared in one place (spec §1).

A role grants permissions; each role assignment also carries a scope that narrows which
objects those permissions reach. Views, exports and the API all ask the same two questions:
``user.has_perm(perm)`` and ``restrict(queryset, user, perm)``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    UNIT_STAFF = "unit_staff", _("建设单位经办人")
    UNIT_HEAD = "unit_head", _("建设单位负责人")
    LEAD_REVIEWER = "lead_reviewer", _("牵头部门审核")
    NDRC = "ndrc", _("发展改革委")
    MEMBER_DEPT = "member_dept", _("评估成员部门")
    EXPERT = "expert", _("专家/第三方")
    FINANCE = "finance", _("财政局")
    SECRECY = "secrecy", _("保密行政管理部门")
    GOVERNMENT = "government", _("市人民政府")
    OVERSIGHT = "oversight", _("监督")
    AGENT_BANK = "agent_bank", _("代理银行")
    SYSADMIN = "sysadmin", _("系统管理员")


class Scope(models.TextChoices):
    OWN_UNIT = "own_unit", _("本单位及下属单位")
    ASSIGNED = "assigned", _("分配给本人的事项")
    ALL = "all", _("全部")


class Perm(models.TextChoices):
    """Platform permissions, checked as ``user.has_perm("govproj.<value>")``."""

    VIEW_ORGS = "view_orgs", _("查看机构")
    VIEW_RULEBOOK = "view_rulebook", _("查看法规库")
    VIEW_PEOPLE = "view_people", _("查看人员")
    EXPORT_PEOPLE = "export_people", _("导出人员")
    VIEW_AUDIT = "view_audit", _("查看审计日志")
    EXPORT_AUDIT = "export_audit", _("导出审计日志")
    MANAGE_ACCOUNTS = "manage_accounts", _("管理账户与角色")
    ADMIN_SITE = "admin_site", _("进入系统管理后台")

    @property
    def full(self) -> str:
        return f"govproj.{self.value}"


DEFAULT_SCOPE: dict[str, str] = {
    Role.UNIT_STAFF: Scope.OWN_UNIT,
    Role.UNIT_HEAD: Scope.OWN_UNIT,
    Role.LEAD_REVIEWER: Scope.ALL,
    Role.NDRC: Scope.ALL,
    Role.MEMBER_DEPT: Scope.ASSIGNED,
    Role.EXPERT: Scope.ASSIGNED,
    Role.FINANCE: Scope.ALL,
    Role.SECRECY: Scope.ASSIGNED,
    Role.GOVERNMENT: Scope.ALL,
    Role.OVERSIGHT: Scope.ALL,
    Role.AGENT_BANK: Scope.OWN_UNIT,
    Role.SYSADMIN: Scope.ALL,
}

_EVERYONE = {Perm.VIEW_ORGS, Perm.VIEW_RULEBOOK}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    role: frozenset(_EVERYONE | extra)
    for role, extra in {
        Role.UNIT_STAFF: set(),
        Role.UNIT_HEAD: {Perm.VIEW_PEOPLE, Perm.VIEW_AUDIT},
        Role.LEAD_REVIEWER: {Perm.VIEW_PEOPLE},
        Role.NDRC: set(),
        Role.MEMBER_DEPT: set(),
        Role.EXPERT: set(),
        Role.FINANCE: {Perm.VIEW_PEOPLE},
        Role.SECRECY: set(),
        Role.GOVERNMENT: set(),
        # Oversight (Art. 25) reads and exports everything, and changes nothing.
        Role.OVERSIGHT: {Perm.VIEW_PEOPLE, Perm.EXPORT_PEOPLE, Perm.VIEW_AUDIT, Perm.EXPORT_AUDIT},
        Role.AGENT_BANK: set(),
        Role.SYSADMIN: {
            Perm.VIEW_PEOPLE,
            Perm.EXPORT_PEOPLE,
            Perm.VIEW_AUDIT,
            Perm.EXPORT_AUDIT,
            Perm.MANAGE_ACCOUNTS,
            Perm.ADMIN_SITE,
        },
    }.items()
}
