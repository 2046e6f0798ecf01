"""The yearly pool, the calls, the applications and their documents, the arrangement plan and the allocations."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from govproj.common.money import yuan
from govproj.rulebook.vocabulary import FUND_MATERIALS

from .base import MONEY, PERCENT, POSITIVE, FundingKind, by_user, money


class FundYear(models.Model):
    """F1 (Art. 17): the year's 大数据产业发展专项资金, pooled by the finance bureau."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    budget = models.DecimalField(_("专项资金预算（元）"), **MONEY)
    allocated = models.DecimalField(_("已下达（元）"), **MONEY)
    recovered = models.DecimalField(_("已收回总预算（元）"), **MONEY)
    lock_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("专项资金年度预算")
        verbose_name_plural = _("专项资金年度预算")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=Q(allocated__gte=0) & Q(recovered__gte=0), name="fund_year_non_negative"),
            models.CheckConstraint(condition=Q(budget__gte=F("allocated") + F("recovered")),
                                   name="fund_year_pool_covers_allocations"),
        ]

    def __str__(self):
        return _("{year}年大数据产业发展专项资金").format(year=self.year)

    @property
    def available(self) -> Decimal:
        return self.budget - self.allocated - self.recovered


class PoolLine(models.Model):
    """One budget unit's informatization money pooled into the fund (Art. 17: contracted money excluded)."""

    fund = models.ForeignKey(FundYear, models.PROTECT, related_name="pool_lines")
    unit = models.ForeignKey("orgs.Organisation", models.PROTECT, related_name="+", verbose_name=_("原预算单位"))
    kind = models.CharField(_("资金类别"), max_length=20, choices=FundingKind.choices)
    amount = models.DecimalField(_("统筹金额（元）"), **POSITIVE)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    recorded_on = models.DateField(_("登记日期"))
    recorded_by = by_user()

    class Meta:
        verbose_name = _("统筹资金明细")
        ordering = ["fund", "unit__code", "kind"]

    def __str__(self):
        return _("{year}年专项资金统筹：{unit}{kind} {amount} 元").format(
            year=self.fund.year, unit=self.unit.short_name, kind=self.get_kind_display(), amount=yuan(self.amount))


class Call(models.Model):
    """F2 (Art. 18): the lead department's 经费申报通知."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        OPEN = "open", _("已发布")
        CLOSED = "closed", _("已截止")

    fund = models.ForeignKey(FundYear, models.PROTECT, related_name="calls", verbose_name=_("年度"))
    title = models.CharField(_("通知标题"), max_length=200)
    ref = models.CharField(_("文号"), max_length=60, blank=True)
    directions = models.TextField(_("年度重点支持方向"))
    construction_ratio = models.DecimalField(_("建设经费支持比例（%）"), default=Decimal("100"), **PERCENT)
    equipment_ratio = models.DecimalField(_("设备采购经费支持比例（%）"), default=Decimal("100"), **PERCENT)
    om_ratio = models.DecimalField(_("运维经费支持比例（%）"), default=Decimal("100"), **PERCENT)
    stage_plan = models.TextField(_("阶段安排计划"))
    deadline = models.DateField(_("申报截止日期"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    issued_on = models.DateField(_("发布日期"), null=True, blank=True)
    issuer = models.ForeignKey("orgs.Organisation", models.PROTECT, related_name="+", verbose_name=_("发布部门"))
    created_by = by_user()

    class Meta:
        verbose_name = _("经费申报通知")
        ordering = ["-fund__year", "-id"]

    def __str__(self):
        return self.title

    def ratio(self, kind: str) -> Decimal:
        return getattr(self, f"{kind}_ratio")


class Application(models.Model):
    """F3–F4 (Art. 18): a unit's request for money for one project, and its verification."""

    scope_unit_field = "project__unit"

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已申报待核定")
        VERIFIED = "verified", _("已核定")
        WITHDRAWN = "withdrawn", _("已撤回")

    call = models.ForeignKey(Call, models.PROTECT, related_name="applications", verbose_name=_("申报通知"))
    project = models.ForeignKey("projects.Project", models.PROTECT, related_name="fund_applications",
                                verbose_name=_("项目"))
    kind = models.CharField(_("经费类别"), max_length=20, choices=FundingKind.choices)
    cost_basis = models.DecimalField(_("核定基数：项目投资或合同金额（元）"), **POSITIVE)
    requested = models.DecimalField(_("申请金额（元）"), **POSITIVE)
    planned_completion = models.DateField(_("计划完成日期"))
    description = models.TextField(_("资金用途和建设内容"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    submitted_on = models.DateField(_("申报日期"), null=True, blank=True)
    verified_amount = models.DecimalField(_("核定金额（元）"), null=True, blank=True, max_digits=16, decimal_places=2,
                                          validators=[MinValueValidator(Decimal("0"))])
    verification_note = models.TextField(_("核定意见（核减理由）"), blank=True)
    third_party = models.CharField(_("委托第三方评审机构"), max_length=120, blank=True)
    verified_on = models.DateField(_("核定日期"), null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name=_("核定人"))
    rulebook = models.CharField(_("适用规则版本"), max_length=40, blank=True)
    findings = models.JSONField(_("规则发现"), default=list, blank=True)
    created_by = by_user()
    lock_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("经费申请")
        ordering = ["-id"]
        indexes = [models.Index(fields=["call", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(verified_amount__isnull=True) | Q(verified_amount__lte=F("requested")),
                                   name="application_verified_within_request"),
        ]

    def __str__(self):
        return f"{self.project.name}（{self.get_kind_display()}）"

    def clean(self):
        """Art. 18: the verified amount stays within the request and the call's support ratio; a cut says why."""
        if self.verified_amount is None:
            return
        errors = []
        if self.verified_amount > self.requested:
            errors.append(_("核定金额 {v} 元不能超过申请金额 {r} 元。").format(
                v=yuan(self.verified_amount), r=yuan(self.requested)))
        cap = self.verification_cap
        if self.verified_amount > cap:
            errors.append(_("核定金额 {v} 元超过申报通知的支持比例 {p}% 对应的上限 {c} 元。").format(
                v=yuan(self.verified_amount), p=f"{self.call.ratio(self.kind).normalize():f}", c=yuan(cap)))
        found = {"verified_amount": errors} if errors else {}
        if self.verified_amount < self.requested and not self.verification_note.strip():
            found["verification_note"] = _("核减了申请金额，请写明核减理由。")
        if found:
            raise ValidationError(found)

    @property
    def verification_cap(self) -> Decimal:
        """The most the call's support ratio allows for this application, to the fen (rounding half up)."""
        return money(self.cost_basis * self.call.ratio(self.kind) / 100)


class FundDocument(models.Model):
    """A file behind an application, a contract or a report (typed, hashed, never overwritten)."""

    class Kind(models.TextChoices):
        REGION_REQUIREMENTS = "region_requirements", FUND_MATERIALS["region_requirements"]
        CONSTRUCTION_PLAN = "construction_plan", FUND_MATERIALS["construction_plan"]
        CONTRACT = "contract", FUND_MATERIALS["contract"]
        THIRD_PARTY_REVIEW = "third_party_review", _("第三方评审报告")
        FUND_REPORT = "fund_report", _("资金使用情况报告")
        OTHER = "other", _("其他材料")

    scope_unit_field = "unit"

    unit = models.ForeignKey("orgs.Organisation", models.PROTECT, related_name="+")
    application = models.ForeignKey(Application, models.PROTECT, null=True, blank=True, related_name="documents")
    kind = models.CharField(_("材料类型"), max_length=30, choices=Kind.choices)
    file = models.FileField(_("文件"), upload_to="funds/%Y/%m/", max_length=300)
    original_name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = by_user()
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("资金材料")
        ordering = ["kind", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.original_name}"


class ArrangementPlan(models.Model):
    """F5 (Art. 18): the 经费安排计划 built from verified applications, approved by the municipal government."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("编制中")
        SUBMITTED = "submitted", _("报市人民政府审定")
        APPROVED = "approved", _("市人民政府已审定")
        ALLOCATED = "allocated", _("资金已下达")

    fund = models.ForeignKey(FundYear, models.PROTECT, related_name="plans", verbose_name=_("年度"))
    batch = models.PositiveSmallIntegerField(_("批次"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_on = models.DateField(_("报送日期"), null=True, blank=True)
    decided_on = models.DateField(_("审定日期"), null=True, blank=True)
    decision_ref = models.CharField(_("审定文号/会议纪要"), max_length=100, blank=True)
    return_reason = models.TextField(_("退回意见"), blank=True)
    allocated_on = models.DateField(_("下达日期"), null=True, blank=True)
    allocation_ref = models.CharField(_("资金下达文号"), max_length=100, blank=True)
    lock_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("经费安排计划")
        ordering = ["-fund__year", "batch"]
        constraints = [models.UniqueConstraint(fields=["fund", "batch"], name="plan_batch_unique")]

    def __str__(self):
        return _("{year}年专项资金安排计划（第{batch}批）").format(year=self.fund.year, batch=self.batch)


class PlanLine(models.Model):
    scope_unit_field = "application__project__unit"

    plan = models.ForeignKey(ArrangementPlan, models.CASCADE, related_name="lines")
    application = models.OneToOneField(Application, models.PROTECT, related_name="plan_line")
    amount = models.DecimalField(_("安排金额（元）"), **POSITIVE)

    class Meta:
        ordering = ["application__project__unit__code", "application_id"]

    def __str__(self):
        return _("{plan}：{project} {amount} 元").format(plan=self.plan, project=self.application.project.name,
                                                    amount=yuan(self.amount))

    def clean(self):
        """Art. 18: only a verified application of the plan's year, and never more than was verified."""
        app = self.application
        if app.status != Application.Status.VERIFIED or app.call.fund_id != self.plan.fund_id:
            raise ValidationError({"application": _("只有本年度已核定的经费申请才能列入安排计划。")})
        if self.amount <= 0 or self.amount > app.verified_amount:
            raise ValidationError({"amount": _("安排金额应大于 0 且不超过核定金额 {v} 元。").format(
                v=yuan(app.verified_amount))})


class Allocation(models.Model):
    """Money of one year's fund arranged to one project for one purpose."""

    scope_unit_field = "project__unit"

    fund = models.ForeignKey(FundYear, models.PROTECT, related_name="allocations", verbose_name=_("年度"))
    project = models.ForeignKey("projects.Project", models.PROTECT, related_name="allocations", verbose_name=_("项目"))
    kind = models.CharField(_("经费类别"), max_length=20, choices=FundingKind.choices)
    amount = models.DecimalField(_("下达金额（元）"), **MONEY)
    contracted = models.DecimalField(_("已签合同（专项资金承担，元）"), **MONEY)
    paid = models.DecimalField(_("已拨付（元）"), **MONEY)
    recovered = models.DecimalField(_("已收回（元）"), **MONEY)
    allocated_on = models.DateField(_("首次下达日期"))

    class Meta:
        verbose_name = _("资金下达")
        ordering = ["-fund__year", "project__unit__code", "project_id"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "project", "kind"], name="allocation_unique"),
            models.CheckConstraint(condition=Q(amount__gte=F("contracted")), name="allocation_covers_contracts"),
            models.CheckConstraint(condition=Q(contracted__gte=F("paid")), name="allocation_contracts_cover_payments"),
            models.CheckConstraint(condition=Q(paid__gte=0) & Q(recovered__gte=0), name="allocation_non_negative"),
        ]
        indexes = [models.Index(fields=["project", "fund"])]

    def __str__(self):
        return f"{self.fund.year} {self.project.name}（{self.get_kind_display()}）"

    @property
    def uncontracted(self) -> Decimal:
        return self.amount - self.contracted

    @property
    def unpaid(self) -> Decimal:
        return self.amount - self.paid
