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
    COUNTY_DATA = "county_data", _("县区政务数据牵头")
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
    VIEW_PROJECTS = "view_projects", _("查看项目")
    EXPORT_PROJECTS = "export_projects", _("导出项目")
    DECLARE_PROJECTS = "declare_projects", _("申报和建设项目")
    REVIEW_PROJECTS = "review_projects", _("牵头审核、审批和验收")
    GIVE_OPINIONS = "give_opinions", _("出具评估、审查意见")
    GOVERNMENT_DECIDE = "government_decide", _("市政府审定")
    FISCAL_REVIEW = "fiscal_review", _("财政投资评审")
    VIEW_PLANS = "view_plans", _("查看年度工作方案")
    VIEW_FUNDS = "view_funds", _("查看资金台账")
    EXPORT_FUNDS = "export_funds", _("导出资金台账")
    MANAGE_FUNDS = "manage_funds", _("经费申报通知、核定、安排和调整")
    DETERMINE_SECURITY = "determine_security", _("认定信息系统不符合安全要求")
    VIEW_MONITORING = "view_monitoring", _("查看支付监控")
    EXPORT_MONITORING = "export_monitoring", _("导出支付监控")
    MANAGE_MONITORING = "manage_monitoring", _("支付数据导入、预警规则、疑点核实和违规处理")
    RECTIFY_PAYMENTS = "rectify_payments", _("报送支付违规整改结果")
    MANAGE_REGION_REGISTER = "manage_region_register", _("维护自治区统一建设项目登记")
    VIEW_SHARING = "view_sharing", _("查看信息资源目录与共享")
    REQUEST_SHARING = "request_sharing", _("申请使用共享信息资源")
    GRANT_SHARING = "grant_sharing", _("授权本单位信息资源共享使用")
    MANAGE_SHARING = "manage_sharing", _("汇总发布政务信息资源目录、考核通报和维护信息系统登记")
    EXPORT_SHARING = "export_sharing", _("导出信息资源目录与共享台账")

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
    Role.COUNTY_DATA: Scope.OWN_UNIT,
    Role.SYSADMIN: Scope.ALL,
}

_EVERYONE = {Perm.VIEW_ORGS, Perm.VIEW_RULEBOOK}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    role: frozenset(_EVERYONE | extra)
    for role, extra in {
        Role.UNIT_STAFF: {Perm.VIEW_PROJECTS, Perm.DECLARE_PROJECTS, Perm.VIEW_FUNDS, Perm.VIEW_MONITORING,
                          Perm.RECTIFY_PAYMENTS},
        Role.UNIT_HEAD: {Perm.VIEW_PEOPLE, Perm.VIEW_AUDIT, Perm.VIEW_PROJECTS, Perm.EXPORT_PROJECTS,
                         Perm.DECLARE_PROJECTS, Perm.VIEW_FUNDS, Perm.EXPORT_FUNDS, Perm.VIEW_MONITORING,
                         Perm.RECTIFY_PAYMENTS},
        Role.LEAD_REVIEWER: {Perm.VIEW_PEOPLE, Perm.VIEW_PROJECTS, Perm.EXPORT_PROJECTS, Perm.REVIEW_PROJECTS,
                             Perm.GIVE_OPINIONS, Perm.VIEW_PLANS, Perm.VIEW_FUNDS, Perm.EXPORT_FUNDS,
                             Perm.MANAGE_FUNDS, Perm.DETERMINE_SECURITY, Perm.MANAGE_REGION_REGISTER},
        Role.NDRC: {Perm.VIEW_PROJECTS, Perm.EXPORT_PROJECTS, Perm.REVIEW_PROJECTS, Perm.GIVE_OPINIONS,
                    Perm.VIEW_PLANS, Perm.VIEW_FUNDS, Perm.EXPORT_FUNDS, Perm.MANAGE_FUNDS},
        Role.MEMBER_DEPT: {Perm.VIEW_PROJECTS, Perm.GIVE_OPINIONS, Perm.DETERMINE_SECURITY},
        Role.EXPERT: {Perm.VIEW_PROJECTS, Perm.GIVE_OPINIONS},
        Role.FINANCE: {Perm.VIEW_PEOPLE, Perm.VIEW_PROJECTS, Perm.EXPORT_PROJECTS, Perm.GIVE_OPINIONS,
                       Perm.FISCAL_REVIEW, Perm.VIEW_PLANS, Perm.VIEW_FUNDS, Perm.EXPORT_FUNDS, Perm.MANAGE_FUNDS,
                       Perm.VIEW_MONITORING, Perm.EXPORT_MONITORING, Perm.MANAGE_MONITORING},
        Role.SECRECY: {Perm.VIEW_PROJECTS, Perm.GIVE_OPINIONS, Perm.DETERMINE_SECURITY},
        Role.GOVERNMENT: {Perm.VIEW_PROJECTS, Perm.EXPORT_PROJECTS, Perm.GOVERNMENT_DECIDE, Perm.VIEW_PLANS,
                          Perm.VIEW_FUNDS, Perm.EXPORT_FUNDS},
        # Oversight (Art. 25) reads and exports everything, and changes nothing.
        Role.OVERSIGHT: {Perm.VIEW_PEOPLE, Perm.EXPORT_PEOPLE, Perm.VIEW_AUDIT, Perm.EXPORT_AUDIT,
                         Perm.VIEW_PROJECTS, Perm.EXPORT_PROJECTS, Perm.VIEW_PLANS, Perm.VIEW_FUNDS,
                         Perm.EXPORT_FUNDS, Perm.VIEW_MONITORING, Perm.EXPORT_MONITORING},
        Role.AGENT_BANK: set(),
        Role.COUNTY_DATA: set(),
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

# Information resources and sharing (Art. 29–31; 钦政办〔2019〕5号): every department reads the catalogue and
# may ask for a resource; a unit's responsible person authorises its own; the lead department compiles the
# yearly catalogue and keeps the system register. A county government's data lead (granted over the county's own
# organisation) compiles and publishes that county's yearly catalogue (二（一）4: county catalogue by end of November).
_SHARING = {
    Role.UNIT_STAFF: {Perm.VIEW_SHARING, Perm.REQUEST_SHARING},
    Role.UNIT_HEAD: {Perm.VIEW_SHARING, Perm.REQUEST_SHARING, Perm.GRANT_SHARING, Perm.EXPORT_SHARING},
    Role.LEAD_REVIEWER: {Perm.VIEW_SHARING, Perm.REQUEST_SHARING, Perm.MANAGE_SHARING, Perm.EXPORT_SHARING},
    Role.NDRC: {Perm.VIEW_SHARING, Perm.REQUEST_SHARING, Perm.EXPORT_SHARING},
    Role.MEMBER_DEPT: {Perm.VIEW_SHARING, Perm.REQUEST_SHARING},
    Role.FINANCE: {Perm.VIEW_SHARING, Perm.REQUEST_SHARING},
    Role.SECRECY: {Perm.VIEW_SHARING, Perm.REQUEST_SHARING},
    Role.GOVERNMENT: {Perm.VIEW_SHARING, Perm.EXPORT_SHARING},
    Role.OVERSIGHT: {Perm.VIEW_SHARING, Perm.EXPORT_SHARING},
    Role.COUNTY_DATA: {Perm.VIEW_SHARING, Perm.REQUEST_SHARING, Perm.MANAGE_SHARING, Perm.EXPORT_SHARING},
}
ROLE_PERMISSIONS = {role: perms | _SHARING.get(role, frozenset()) for role, perms in ROLE_PERMISSIONS.items()}
