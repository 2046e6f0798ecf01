"""The project itself, its declared facts and where it stands (spec §2)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from govproj.common.money import yuan
from govproj.rulebook.vocabulary import BUILD_TYPE_LABELS, INFRASTRUCTURE

from ..states import State
from .base import MONEY, not_before, raise_errors


class Category(models.TextChoices):
    """Art. 2: what a Digital Qinzhou project is."""

    INFRASTRUCTURE = "infrastructure", _("信息化基础设施")
    EGOV = "egov", _("电子政务工程")
    SMART_APP = "smart_app", _("智慧化信息应用")
    INFO_SERVICE = "info_service", _("新型信息服务")


class DeclarationType(models.TextChoices):
    ANNUAL = "annual", _("年度申报")
    SPECIAL = "special", _("专项申报")


class Network(models.TextChoices):
    EXTRANET = "extranet", _("电子政务外网")
    INTRANET = "intranet", _("电子政务内网")
    BOTH = "both", _("外网和内网")
    NONE = "none", _("不涉及网络")


BUILD_TYPE_CHOICES = list(BUILD_TYPE_LABELS.items())


class Project(models.Model):
    scope_unit_field = "unit"
    scope_assignee_field = "participants__user"

    code = models.CharField(_("项目编号"), max_length=20, unique=True, null=True, blank=True)
    name = models.CharField(_("项目名称"), max_length=200)
    unit = models.ForeignKey("orgs.Organisation", models.PROTECT, related_name="projects", verbose_name=_("建设单位"))
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children",
                               verbose_name=_("上级项目"))
    build_type = models.CharField(_("建设性质"), max_length=20, choices=BUILD_TYPE_CHOICES, default="new")
    category = models.CharField(_("项目类别"), max_length=20, choices=Category.choices)
    declaration_type = models.CharField(_("申报类型"), max_length=10, choices=DeclarationType.choices)
    plan_year = models.PositiveSmallIntegerField(_("计划年度"))
    content = models.TextField(_("建设内容"), blank=True)
    functions = models.TextField(_("主要功能模块"), blank=True)
    total_investment = models.DecimalField(_("总投资（元）"), **MONEY)
    fund_central = models.DecimalField(_("中央资金（元）"), default=Decimal("0"), **MONEY)
    fund_region = models.DecimalField(_("自治区资金（元）"), default=Decimal("0"), **MONEY)
    fund_municipal = models.DecimalField(_("市级财政资金（元）"), default=Decimal("0"), **MONEY)
    fund_other = models.DecimalField(_("其他财政性资金（元）"), default=Decimal("0"), **MONEY)
    region_platform_code = models.CharField(_("广西投资项目在线审批监管平台代码"), max_length=40, blank=True)
    classified = models.BooleanField(_("涉密项目"), default=False)

    # Facts the rules read (Art. 6, 9, 11, 14, 29).
    region_opinion = models.TextField(_("自治区主管部门意见"), blank=True,
                                      help_text=_("记录征求自治区对应主管部门意见的情况；或上传自治区建设要求文件。"))
    # Two facts the old single flag mixed up: Art. 6 ¶2 (2024) refuses a project the region builds itself, while
    # Art. 9 (both versions) lets the city's declared share of a unified project go without its own documents.
    region_unified = models.BooleanField(
        _("属自治区层面已统一建设或计划统一建设的项目"), default=False,
        help_text=_("钦政办规〔2024〕1号第六条（2024年12月6日起申报的项目适用）：自治区层面已统一建设或计划统一建设的"
                    "信息化项目，原则上不再重复申报建设。本市承建或分担统一项目建设内容的，不勾选此项，"
                    "勾选“国家/自治区统一编报的文件已包含我市建设内容”。"))
    unified_documents_cover_city = models.BooleanField(
        _("国家/自治区统一编报的文件已包含我市建设内容"), default=False,
        help_text=_("钦政办规〔2024〕1号第九条（〔2023〕6号第九条同）：国家、自治区统一建设或组织实施的项目，"
                    "有关单位统一编报的项目建议书、可行性研究报告、初步设计方案等已包含我市承建或分担建设内容的，"
                    "我市原则上无需重复编报，相应审批事项不再报批。"))
    centrally_funded = models.BooleanField(_("中央/自治区已下达全额建设资金"), default=False)
    in_national_or_region_plan = models.BooleanField(_("已纳入国家/自治区或“数字钦州”有关规划"), default=False)
    urgent_major = models.BooleanField(_("重大战略/国家安全且情况紧急"), default=False)
    produces_data = models.BooleanField(_("项目产生数据"), default=True)
    supports_sharing = models.BooleanField(_("支持信息共享和业务协同"), default=True)
    new_civil_works = models.BooleanField(_("涉及新建土建工程"), default=False)
    high_energy = models.BooleanField(_("属高耗能项目"), default=False)
    xinchuang_exception_needed = models.BooleanField(_("存在无法实现信创替代的产品"), default=False)
    xinchuang_exception_approved = models.BooleanField(_("信创例外已获保密部门批准"), null=True, blank=True)
    new_infrastructure = models.JSONField(_("新建/扩建基础设施"), default=list, blank=True)
    infrastructure_exception_reason = models.TextField(_("基础设施建设例外批准理由"), blank=True)
    network = models.CharField(_("依托网络"), max_length=10, choices=Network.choices, default=Network.EXTRANET)
    uses_gov_cloud = models.BooleanField(_("部署于“壮美广西·钦州市云”"), default=True)
    common_apps = models.TextField(_("依托的全市共性应用"), blank=True)
    region_data_exchange = models.BooleanField(_("通过自治区数据共享交换平台共享数据"), default=True)
    late_override_reason = models.TextField(_("逾期申报列入方案的理由"), blank=True)

    # Where the project stands.
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    state_since = models.DateField(_("进入当前状态日期"), null=True, blank=True)
    declared_on = models.DateField(_("申报日期"), null=True, blank=True)
    rulebook = models.CharField(_("适用规则版本"), max_length=40, blank=True)
    next_due = models.DateField(_("当前环节期限"), null=True, blank=True, db_index=True)
    next_actor = models.CharField(_("待办方"), max_length=100, blank=True)
    approver = models.ForeignKey("orgs.Organisation", models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("审批部门"))
    approved_investment = models.DecimalField(_("批复总投资（元）"), null=True, blank=True, **MONEY)
    completed_on = models.DateField(_("完工日期"), null=True, blank=True)
    acceptance_due = models.DateField(_("验收申请截止日"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=0, editable=False)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True,
                                   verbose_name=_("创建人"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)  # the similarity index syncs by it

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["-plan_year", "-id"]
        indexes = [
            models.Index(fields=["plan_year", "state"]),
            models.Index(fields=["unit", "state"]),
            models.Index(fields=["build_type"]),
            models.Index(fields=["declaration_type"]),
            models.Index(fields=["total_investment"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(total_investment__gte=0), name="project_investment_non_negative"),
        ]

    def __str__(self):
        return f"{self.code or _('（未申报）')} {self.name}"

    def clean(self):
        """Declared funding sources add up to the total investment; the acceptance deadline follows completion.

        A unit that does not know its sources yet may leave them all empty; once any is filled in, they must add up,
        whoever writes them (form, API, import or demo).
        """
        errors = {}
        parts = [self.fund_central, self.fund_region, self.fund_municipal, self.fund_other]
        if self.total_investment is not None and all(x is not None for x in parts) and any(parts) \
                and sum(parts) != self.total_investment:
            errors["fund_municipal"] = _("各资金来源合计 {s} 元，与总投资 {t} 元不一致。").format(
                s=yuan(sum(parts)), t=yuan(self.total_investment))
        not_before(errors, self.acceptance_due, self.completed_on, "acceptance_due",
                    _("验收申请截止日不能早于完工日期。"))
        raise_errors(errors)

    @property
    def funding_total(self) -> Decimal:
        return self.fund_central + self.fund_region + self.fund_municipal + self.fund_other


class Participant(models.Model):
    """A person the project has been put before: it makes the project visible to them (Scope.ASSIGNED)."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="project_participations")
    reason = models.CharField(max_length=40)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "user", "reason"], name="participant_unique")]

    def __str__(self):
        return _("{who}参与办理（{project}）").format(who=self.user.full_name or self.user.username,
                                                  project=self.project.name)


INFRASTRUCTURE_CHOICES = list(INFRASTRUCTURE.items())
