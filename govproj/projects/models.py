"""Projects and everything the lifecycle records about them (spec §2).

The state machine itself is declared in ``states.py``; models hold data and the invariants the
database can keep. Every model that belongs to a project is scoped through the project's unit
and through the people the project has been assigned to (invited departments, experts,
committee members), so ``restrict`` answers for all of them alike.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from govproj.rulebook.rules import BUILD_TYPE_LABELS, INFRASTRUCTURE

from .states import State

MONEY = {"max_digits": 16, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


def _not_before(errors: dict, later, earlier, field: str, message) -> None:
    """Add ``message`` under ``field`` when both dates are known and ``later`` comes before ``earlier``."""
    if later is not None and earlier is not None and later < earlier:
        errors[field] = message


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


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

        The sources are checked once any of them is filled in: a draft may leave them all empty (Art. 7 asks the
        evaluation to look at 资金来源, so they must be right by then, but not before the unit knows them).
        """
        errors = {}
        parts = [self.fund_central, self.fund_region, self.fund_municipal, self.fund_other]
        if self.total_investment is not None and all(x is not None for x in parts) and any(parts) \
                and sum(parts) != self.total_investment:
            errors["fund_municipal"] = _("各资金来源合计 {s:,.2f} 元，与总投资 {t:,.2f} 元不一致。").format(
                s=sum(parts), t=self.total_investment)
        _not_before(errors, self.acceptance_due, self.completed_on, "acceptance_due",
                    _("验收申请截止日不能早于完工日期。"))
        _raise(errors)

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


class AttachmentKind(models.TextChoices):
    PROPOSAL = "proposal", _("项目建议书")
    FEASIBILITY = "feasibility", _("可行性研究报告")
    PRELIMINARY_DESIGN = "preliminary_design", _("初步设计方案")
    ESTIMATE = "estimate", _("投资概算")
    CONSTRUCTION_PLAN = "construction_plan", _("建设方案")
    RESOURCE_CATALOG = "resource_catalog", _("信息资源目录")
    CRYPTO_PLAN = "crypto_plan", _("密码应用方案")
    XINCHUANG_PLAN = "xinchuang_plan", _("信创技术应用方案")
    XINCHUANG_EVALUATION = "xinchuang_evaluation", _("信创替代评估论证材料")
    EVALUATION_REPORT = "evaluation_report", _("咨询评估报告")
    REGION_REQUIREMENT = "region_requirement", _("自治区意见/建设要求文件")
    ENERGY = "energy", _("节能评估")
    SITE = "site", _("规划选址")
    LAND = "land", _("用地预审")
    EIA = "eia", _("环境影响评价")
    APPROVAL_DOC = "approval_doc", _("批复文件")
    SUPERVISION_CONTRACT = "supervision_contract", _("监理合同")
    SCHEDULE = "schedule", _("进度表")
    SUMMARY = "summary", _("项目建设总结")
    FINANCIAL_REPORT = "financial_report", _("财务报告")
    AUDIT_REPORT = "audit_report", _("审计报告")
    SECURITY_ASSESSMENT = "security_assessment", _("安全风险评估报告（等保测评/保密测评）")
    CRYPTO_ASSESSMENT = "crypto_assessment", _("密码应用安全性评估报告")
    XINCHUANG_FILING = "xinchuang_filing", _("信创备案证明")
    SECRECY_APPROVAL = "secrecy_approval", _("保密行政管理部门审批意见")
    ACCEPTANCE_REPORT = "acceptance_report", _("验收报告")
    INSPECTION = "inspection", _("现场检查材料")
    OTHER = "other", _("其他")


# Attachments whose conclusion counts: an assessment that did not pass is kept but does not satisfy Art. 22.
CONCLUDED_KINDS = {AttachmentKind.SECURITY_ASSESSMENT, AttachmentKind.CRYPTO_ASSESSMENT}


def attachment_path(instance, filename):
    return f"projects/{instance.project_id}/{instance.kind}/v{instance.version}/{filename}"


class Attachment(models.Model):
    """One version of one typed document; a new upload of the same kind adds a version, never replaces one."""

    scope_unit_field = "project__unit"
    scope_assignee_field = "project__participants__user"

    project = models.ForeignKey(Project, models.CASCADE, related_name="attachments")
    kind = models.CharField(_("材料类型"), max_length=30, choices=AttachmentKind.choices)
    version = models.PositiveIntegerField(_("版本"))
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    passed = models.BooleanField(_("评估结论为通过"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [models.UniqueConstraint(fields=["project", "kind", "version"], name="attachment_version_unique")]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version}：{self.original_name}"


class OpinionKind(models.TextChoices):
    EVALUATION = "evaluation", _("综合评估意见")
    SPECIAL = "special", _("专项申报意见")
    XINCHUANG = "xinchuang", _("信创替代例外审查")
    ACCEPTANCE = "acceptance", _("验收委员会意见")


class Conclusion(models.TextChoices):
    AGREE = "agree", _("同意")
    REVISE = "revise", _("修改后同意")
    DISAGREE = "disagree", _("不同意")


class Opinion(models.Model):
    """An opinion owed by a department (or by one invited expert), and once given, what it said."""

    scope_unit_field = "project__unit"
    scope_assignee_field = "project__participants__user"

    project = models.ForeignKey(Project, models.CASCADE, related_name="opinions")
    kind = models.CharField(_("意见类型"), max_length=20, choices=OpinionKind.choices)
    round = models.PositiveSmallIntegerField(_("轮次"), default=1)
    organisation = models.ForeignKey("orgs.Organisation", models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name=_("出具部门"))
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("邀请专家"))
    requested_on = models.DateField(_("征求日期"))
    due_on = models.DateField(_("反馈期限"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    submitted_on = models.DateField(_("反馈日期"), null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("经办人"))
    conclusion = models.CharField(_("结论"), max_length=10, choices=Conclusion.choices, blank=True)
    necessity = models.TextField(_("必要性"), blank=True)
    feasibility = models.TextField(_("可行性"), blank=True)
    security = models.TextField(_("安全性"), blank=True)
    sharing = models.TextField(_("协同共享范围"), blank=True)
    funding = models.TextField(_("资金来源"), blank=True)
    text = models.TextField(_("意见"), blank=True)

    class Meta:
        ordering = ["kind", "round", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(organisation__isnull=False) | Q(expert__isnull=False),
                                   name="opinion_has_addressee"),
        ]
        indexes = [models.Index(fields=["submitted_at", "due_on"])]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.organisation or self.expert}"

    def clean(self):
        errors = {}
        _not_before(errors, self.due_on, self.requested_on, "due_on", _("反馈期限不能早于征求日期。"))
        _not_before(errors, self.submitted_on, self.requested_on, "submitted_on", _("反馈日期不能早于征求日期。"))
        _raise(errors)

    @property
    def addressee(self) -> str:
        if self.expert_id:
            return f"{self.expert.full_name or self.expert.username}（{_('专家')}）"
        return self.organisation.short_name or self.organisation.name


class Event(models.Model):
    """The project's timeline: every step, decision, opinion and upload, with the findings it was judged on."""

    scope_unit_field = "project__unit"
    scope_assignee_field = "project__participants__user"

    project = models.ForeignKey(Project, models.CASCADE, related_name="events")
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    on = models.DateField(_("业务日期"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    actor_name = models.CharField(_("操作人"), max_length=100, blank=True)
    step = models.CharField(_("环节"), max_length=40)
    label = models.CharField(_("事项"), max_length=100)
    from_state = models.CharField(_("原状态"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("新状态"), max_length=20, choices=State.choices, blank=True)
    reason = models.TextField(_("理由/说明"), blank=True)
    rulebook = models.CharField(_("适用规则版本"), max_length=40, blank=True)
    findings = models.JSONField(_("规则发现"), default=list, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.on} {self.label}"


class AnnualPlan(models.Model):
    """The year's 年度工作方案 (Art. 7): frozen once sent to the municipal government."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("编制中")
        SUBMITTED = "submitted", _("已报市政府审定")
        APPROVED = "approved", _("市政府已审定")

    year = models.PositiveSmallIntegerField(_("方案年度"), unique=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_on = models.DateField(_("报送日期"), null=True, blank=True)
    decided_on = models.DateField(_("审定日期"), null=True, blank=True)
    decision_ref = models.CharField(_("审定文号/会议纪要"), max_length=100, blank=True)
    note = models.TextField(_("说明"), blank=True)
    lock_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("年度工作方案")

    def __str__(self):
        return _("“数字钦州”建设 {year} 年度工作方案").format(year=self.year)

    def clean(self):
        errors = {}
        _not_before(errors, self.decided_on, self.submitted_on, "decided_on", _("审定日期不能早于报送日期。"))
        _raise(errors)


class PlanEntry(models.Model):
    class Priority(models.TextChoices):
        URGENT = "urgent", _("急需")
        IMPORTANT = "important", _("重要")
        NORMAL = "normal", _("一般")

    plan = models.ForeignKey(AnnualPlan, models.CASCADE, related_name="entries")
    project = models.OneToOneField(Project, models.PROTECT, related_name="plan_entry")
    rank = models.PositiveIntegerField(_("排序"))
    priority = models.CharField(_("轻重缓急"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)

    class Meta:
        ordering = ["rank"]

    def __str__(self):
        return _("{plan}第 {rank} 项：{project}").format(plan=self.plan, rank=self.rank, project=self.project.name)


class ApprovalItemKind(models.TextChoices):
    PROPOSAL = "proposal", _("项目建议书")
    FEASIBILITY = "feasibility", _("可行性研究报告")
    PRELIMINARY_DESIGN = "preliminary_design", _("初步设计方案")
    ESTIMATE = "estimate", _("投资概算")
    ENERGY = "energy", _("节能评估")
    SITE = "site", _("规划选址")
    LAND = "land", _("用地预审")
    EIA = "eia", _("环境影响评价")


class ApprovalItem(models.Model):
    """One approval item of Art. 9, approved in order with the amount it approves."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待报送")
        SUBMITTED = "submitted", _("待审批")
        APPROVED = "approved", _("已批复")
        RETURNED = "returned", _("退回修改")

    scope_unit_field = "project__unit"
    scope_assignee_field = "project__participants__user"

    project = models.ForeignKey(Project, models.CASCADE, related_name="approval_items")
    kind = models.CharField(_("审批事项"), max_length=20, choices=ApprovalItemKind.choices)
    order = models.PositiveSmallIntegerField()
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attachment = models.ForeignKey(Attachment, models.PROTECT, null=True, blank=True, related_name="+")
    requested_amount = models.DecimalField(_("申报金额（元）"), null=True, blank=True, **MONEY)
    approved_amount = models.DecimalField(_("批复金额（元）"), null=True, blank=True, **MONEY)
    chapters = models.JSONField(_("已确认的独立章节"), default=list, blank=True)
    approval_ref = models.CharField(_("批复文号"), max_length=100, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    decided_on = models.DateField(_("批复日期"), null=True, blank=True)
    comment = models.TextField(_("审批意见"), blank=True)

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["project", "kind"], name="approval_item_unique")]

    def __str__(self):
        return _("审批事项“{kind}”（{project}）").format(kind=self.get_kind_display(), project=self.project.name)


class FiscalReview(models.Model):
    """财政投资评审 (Art. 13) with the time limit of 钦政办规〔2019〕1号 Art. 10."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="fiscal_reviews")
    submitted_on = models.DateField(_("送审日期"))
    submitted_amount = models.DecimalField(_("送审金额（元）"), **MONEY)
    due_on = models.DateField(_("评审期限"), null=True, blank=True)
    reviewed_amount = models.DecimalField(_("审定金额（元）"), null=True, blank=True, **MONEY)
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    comment = models.TextField(_("评审意见"), blank=True)

    class Meta:
        ordering = ["-submitted_on", "-id"]

    def __str__(self):
        return _("财政投资评审（{project}，{on} 送审）").format(project=self.project.name, on=self.submitted_on)

    def clean(self):
        errors = {}
        _not_before(errors, self.due_on, self.submitted_on, "due_on", _("评审期限不能早于送审日期。"))
        _not_before(errors, self.completed_on, self.submitted_on, "completed_on", _("完成日期不能早于送审日期。"))
        _raise(errors)


class ProgressReport(models.Model):
    """进度表 collected periodically (Art. 35)."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="progress_reports")
    period = models.CharField(_("报告期"), max_length=20)
    reported_on = models.DateField(_("报送日期"))
    percent = models.PositiveSmallIntegerField(_("形象进度（%）"), validators=[MinValueValidator(0)])
    summary = models.TextField(_("进展情况"))
    problems = models.TextField(_("存在问题"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-reported_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "period"], name="progress_period_unique"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="progress_percent_max_100"),
        ]

    def __str__(self):
        return _("进度表 {period}（{project}）").format(period=self.period, project=self.project.name)


class Inspection(models.Model):
    """现场检查 (Art. 35) and the follow-up of what it found."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="inspections")
    inspected_on = models.DateField(_("检查日期"))
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    findings = models.TextField(_("发现问题"))
    rectification_due = models.DateField(_("整改期限"), null=True, blank=True)
    rectified_on = models.DateField(_("整改完成日期"), null=True, blank=True)
    rectification = models.TextField(_("整改情况"), blank=True)

    class Meta:
        ordering = ["-inspected_on", "-id"]

    def __str__(self):
        return _("现场检查 {on}（{project}）").format(on=self.inspected_on, project=self.project.name)

    def clean(self):
        errors = {}
        _not_before(errors, self.rectification_due, self.inspected_on, "rectification_due",
                    _("整改期限不能早于检查日期。"))
        _not_before(errors, self.rectified_on, self.inspected_on, "rectified_on", _("整改完成日期不能早于检查日期。"))
        _raise(errors)


class CryptoEvaluation(models.Model):
    """密评 reports tracked with their due dates (Art. 16)."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="crypto_evaluations")
    due_on = models.DateField(_("应完成日期"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    passed = models.BooleanField(_("结论为通过"), null=True, blank=True)
    attachment = models.ForeignKey(Attachment, models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["due_on"]

    def __str__(self):
        return _("密码应用安全性评估（{project}，应完成 {due}）").format(project=self.project.name, due=self.due_on)

    def clean(self):
        """A 密评 that is done has a conclusion: Art. 22 counts only a passed one."""
        if self.done_on and self.passed is None:
            raise ValidationError({"passed": _("已完成的密评须填写结论。")})


class Postponement(models.Model):
    """延期验收申请 (Art. 22)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已同意")
        REFUSED = "refused", _("不同意")

    project = models.ForeignKey(Project, models.CASCADE, related_name="postponements")
    requested_on = models.DateField(_("申请日期"))
    requested_until = models.DateField(_("申请延期至"))
    reason = models.TextField(_("延期理由"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    decided_on = models.DateField(_("审核日期"), null=True, blank=True)
    comment = models.TextField(_("审核意见"), blank=True)

    class Meta:
        ordering = ["-requested_on", "-id"]

    def __str__(self):
        return _("延期验收申请：延期至 {until}（{project}）").format(until=self.requested_until,
                                                            project=self.project.name)

    def clean(self):
        errors = {}
        _not_before(errors, self.decided_on, self.requested_on, "decided_on", _("审核日期不能早于申请日期。"))
        _raise(errors)


class AcceptanceAttempt(models.Model):
    """One acceptance: every attempt is kept, failed ones included (Art. 22, 24(三))."""

    class Mode(models.TextChoices):
        COMMITTEE = "committee", _("组成验收委员会")
        THIRD_PARTY = "third_party", _("委托第三方")
        UNIT_GUIDED = "unit_guided", _("指导建设单位组织")

    project = models.ForeignKey(Project, models.CASCADE, related_name="acceptances")
    number = models.PositiveSmallIntegerField(_("第几次验收"))
    applied_on = models.DateField(_("申请日期"))
    rulebook = models.CharField(_("适用规则版本"), max_length=40)
    organiser = models.ForeignKey("orgs.Organisation", models.PROTECT, related_name="+", verbose_name=_("组织验收部门"))
    late = models.BooleanField(_("逾期申请"), default=False)
    mode = models.CharField(_("组织方式"), max_length=20, choices=Mode.choices, blank=True)
    members = models.TextField(_("验收委员会成员"), blank=True)
    started_on = models.DateField(_("验收日期"), null=True, blank=True)
    passed = models.BooleanField(_("通过"), null=True, blank=True)
    conclusion = models.TextField(_("验收结论"), blank=True)
    concluded_on = models.DateField(_("结论日期"), null=True, blank=True)
    report_filed_on = models.DateField(_("验收报告备案日期"), null=True, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="acceptance_number_unique")]

    def __str__(self):
        return _("第 {n} 次验收（{project}）").format(n=self.number, project=self.project.name)

    def clean(self):
        errors = {}
        _not_before(errors, self.started_on, self.applied_on, "started_on", _("验收日期不能早于申请日期。"))
        _not_before(errors, self.concluded_on, self.started_on or self.applied_on, "concluded_on",
                    _("结论日期不能早于验收日期。"))
        _not_before(errors, self.report_filed_on, self.concluded_on, "report_filed_on",
                    _("验收报告备案日期不能早于结论日期。"))
        _raise(errors)


INFRASTRUCTURE_CHOICES = list(INFRASTRUCTURE.items())
