"""The special fund's ledger, from the yearly pool to each payment (spec §3, F1–F11).

Running totals are kept on the rows they bound (a year's pool, a project's allocation, a
contract) so that the database itself refuses an overspend: each row carries a check constraint
``pool ≥ allocated``, ``allocated ≥ contracted ≥ paid``, ``contract ≥ paid``, and every service
moves them with one conditional ``UPDATE … SET x = x + n`` — two payments racing for the same
money cannot both pass. The detail rows (pool lines, payments, recoveries, adjustments) are the
ledger; the totals are checked against them in the tests.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from govproj.common.money import yuan
from govproj.rulebook.rules import (
    FUND_CHANGES,
    FUND_MATERIALS,
    FUNDING_KINDS,
    PERFORMANCE_GROUNDS,
)

CENT = Decimal("0.01")


def money(value) -> Decimal:
    """Yuan to the fen, rounding half up (the convention of Chinese fiscal accounting)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


MONEY = {"max_digits": 16, "decimal_places": 2, "default": Decimal("0"),
         "validators": [MinValueValidator(Decimal("0"))]}
POSITIVE = {"max_digits": 16, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0.01"))]}
PERCENT = {"max_digits": 5, "decimal_places": 2,
           "validators": [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]}

FundingKind = models.TextChoices("FundingKind", [(k.upper(), (k, v)) for k, v in FUNDING_KINDS.items()])
FundChange = models.TextChoices("FundChange", [(k.upper(), (k, v)) for k, v in FUND_CHANGES.items()])


def _by(related_name="+"):
    return models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name=related_name,
                             verbose_name=_("经办人"))


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
    recorded_by = _by()

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
    created_by = _by()

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
    created_by = _by()
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
    uploaded_by = _by()
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


class Adjustment(models.Model):
    """F6 (Art. 19): adding, changing or moving allocated money; without the municipal approval it has no effect."""

    scope_unit_field = "project__unit"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("报市人民政府审批")
        APPROVED = "approved", _("已批准并生效")
        REJECTED = "rejected", _("未批准")

    fund = models.ForeignKey(FundYear, models.PROTECT, related_name="adjustments", verbose_name=_("年度"))
    change = models.CharField(_("调整类型"), max_length=10, choices=FundChange.choices)
    project = models.ForeignKey("projects.Project", models.PROTECT, related_name="fund_adjustments",
                                verbose_name=_("调入/调整项目"))
    kind = models.CharField(_("经费类别"), max_length=20, choices=FundingKind.choices)
    source = models.ForeignKey(Allocation, models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("调出资金"))
    amount = models.DecimalField(_("金额（元）"), help_text=_("新增、调剂为增加的金额；调整额度为调整后的额度。"),
                                 max_digits=16, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    reason = models.TextField(_("调整理由（特殊情况说明）"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.SUBMITTED,
                              db_index=True)
    requested_on = models.DateField(_("申请日期"))
    requested_by = _by()
    decided_on = models.DateField(_("审批日期"), null=True, blank=True)
    decision_ref = models.CharField(_("批准文号"), max_length=100, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)
    before = models.JSONField(_("调整前"), default=dict, blank=True)
    after = models.JSONField(_("调整后"), default=dict, blank=True)

    class Meta:
        verbose_name = _("资金调整")
        ordering = ["-requested_on", "-id"]

    def __str__(self):
        return f"{self.project.name}：{self.get_change_display()} {yuan(self.amount)} 元"

    def clean(self):
        """Art. 19: a transfer names another project's money to move; adding or moving money moves more than 0."""
        errors = {}
        if self.change == "transfer" and (self.source is None or self.source.project_id == self.project_id):
            errors["source"] = _("项目间调剂须选择另一个项目的已下达资金作为调出方。")
        if self.change != "change" and self.amount <= 0:
            errors["amount"] = _("金额必须大于 0。")
        if errors:
            raise ValidationError(errors)


class Recovery(models.Model):
    """F7 (Art. 19): unspent money of a project not carried out, or a surplus, returned to the general budget."""

    scope_unit_field = "allocation__project__unit"

    class Reason(models.TextChoices):
        NOT_STARTED = "not_started", _("已纳入计划但未实施")
        SURPLUS = "surplus", _("项目资金结余")

    allocation = models.ForeignKey(Allocation, models.PROTECT, related_name="recoveries")
    reason = models.CharField(_("收回原因"), max_length=20, choices=Reason.choices)
    method = models.CharField(_("处理方式"), max_length=10)
    amount = models.DecimalField(_("收回金额（元）"), **POSITIVE)
    recovered_on = models.DateField(_("收回日期"))
    ref = models.CharField(_("文号/凭证"), max_length=100, blank=True)
    note = models.TextField(_("说明"), blank=True)
    rulebook = models.CharField(_("适用规则版本"), max_length=40)
    recorded_by = _by()

    class Meta:
        verbose_name = _("资金收回")
        ordering = ["-recovered_on", "-id"]

    def __str__(self):
        return _("{allocation}：{method}收回 {amount} 元").format(
            allocation=self.allocation, method=self.method, amount=yuan(self.amount))


class ContentChange(models.Model):
    """F8 (Art. 20): a change of a project's main content, routed by ``rulebook.adjustment.decide_adjustment``."""

    scope_unit_field = "project__unit"

    class Path(models.TextChoices):
        FILE = "unit_adjusts_and_files", _("建设单位调整并备案")
        REDESIGN = "redo_preliminary_design", _("重新编报初步设计并提出调整申请")
        MUNICIPAL = "municipal_consent_and_redo_fs", _("报市人民政府同意后重新编制可研和初设")
        UNAUTHORISED = "unauthorised", _("擅自变更（检查发现）")

    class Status(models.TextChoices):
        FILED = "filed", _("已备案")
        CONSENT_PENDING = "consent_pending", _("待市人民政府同意")
        APPROVAL_PENDING = "approval_pending", _("待审批")
        APPROVED = "approved", _("已批准")
        REJECTED = "rejected", _("未批准")
        FOUND = "found", _("已认定擅自变更")

    project = models.ForeignKey("projects.Project", models.PROTECT, related_name="content_changes",
                                verbose_name=_("项目"))
    description = models.TextField(_("调整内容"))
    approved_estimate = models.DecimalField(_("概算批复总投资（元）"), max_digits=16, decimal_places=2)
    new_total = models.DecimalField(_("调整后总投资（元）"), max_digits=16, decimal_places=2,
                                    validators=[MinValueValidator(Decimal("0"))])
    adjusted_amount = models.DecimalField(_("资金调整数额（元）"), max_digits=16, decimal_places=2,
                                          validators=[MinValueValidator(Decimal("0"))])
    goals_unchanged = models.BooleanField(_("建设目标不变"))
    reason = models.CharField(_("调整情形"), max_length=4, choices=[
        ("1", _("（一）根据市委、市人民政府部署，确需改变建设内容")),
        ("2", _("（二）确需对原项目技术方案进行完善优化")),
        ("3", _("（三）在已批复建设规划框架下调整相关建设内容及进度")),
        ("none", _("不属于上述情形"))])
    path = models.CharField(_("办理程序"), max_length=40, choices=Path.choices)
    explanation = models.TextField(_("程序判定说明"))
    rulebook = models.CharField(_("适用规则版本"), max_length=40)
    body = models.CharField(_("受理部门"), max_length=60)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, db_index=True)
    requested_on = models.DateField(_("提出日期"))
    requested_by = _by()
    consent_on = models.DateField(_("市人民政府同意日期"), null=True, blank=True)
    consent_ref = models.CharField(_("同意文号"), max_length=100, blank=True)
    decided_on = models.DateField(_("审批日期"), null=True, blank=True)
    decision_ref = models.CharField(_("批复文号"), max_length=100, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)

    class Meta:
        verbose_name = _("建设内容调整")
        ordering = ["-requested_on", "-id"]

    def __str__(self):
        return _("{project}建设内容调整（{on:%Y-%m-%d}，{path}）").format(
            project=self.project.name, on=self.requested_on, path=self.get_path_display())


class Contract(models.Model):
    """F9 (Art. 21): a contract paid from an allocation; ``fund_amount`` is the part the fund pays."""

    scope_unit_field = "allocation__project__unit"

    allocation = models.ForeignKey(Allocation, models.PROTECT, related_name="contracts", verbose_name=_("资金"))
    number = models.CharField(_("合同编号"), max_length=60)
    title = models.CharField(_("合同名称"), max_length=200)
    supplier = models.CharField(_("供应商"), max_length=200)
    amount = models.DecimalField(_("合同金额（元）"), **POSITIVE)
    fund_amount = models.DecimalField(_("专项资金承担金额（元）"), **POSITIVE)
    advance_percent = models.DecimalField(_("预付款比例（%）"), default=Decimal("0"), **PERCENT)
    procurement = models.CharField(_("采购方式"), max_length=40, blank=True)
    signed_on = models.DateField(_("签订日期"))
    paid = models.DecimalField(_("已拨付（元）"), **MONEY)
    document = models.ForeignKey(FundDocument, models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("合同文本"))
    recorded_by = _by()

    class Meta:
        verbose_name = _("合同")
        ordering = ["signed_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["allocation", "number"], name="contract_number_unique"),
            models.CheckConstraint(condition=Q(amount__gte=F("fund_amount")), name="contract_fund_within_amount"),
            models.CheckConstraint(condition=Q(fund_amount__gte=F("paid")) & Q(paid__gte=0),
                                   name="contract_covers_payments"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def clean(self):
        """Art. 21: the fund pays its share of a contract, never more than the contract itself."""
        if self.fund_amount > self.amount:
            raise ValidationError({"fund_amount": _("专项资金承担金额不能超过合同金额。")})


class SpendingPlan(models.Model):
    """A month of the 用款计划 of an allocation: what may be paid by the end of that month."""

    allocation = models.ForeignKey(Allocation, models.PROTECT, related_name="spending_plans")
    month = models.DateField(_("月份"), help_text=_("该月第一天"))
    amount = models.DecimalField(_("计划用款（元）"), **MONEY)

    class Meta:
        verbose_name = _("用款计划")
        ordering = ["month"]
        constraints = [models.UniqueConstraint(fields=["allocation", "month"], name="spending_plan_month_unique")]

    def __str__(self):
        return _("{allocation} {year}年{month}月用款计划").format(
            allocation=self.allocation, year=self.month.year, month=self.month.month)

    def clean(self):
        """The spending plan spends the money of its own year only."""
        if self.month.year != self.allocation.fund.year:
            raise ValidationError({"month": _("用款计划只能在资金所属年度 {y} 年内编制。").format(
                y=self.allocation.fund.year)})


class Payment(models.Model):
    scope_unit_field = "contract__allocation__project__unit"

    contract = models.ForeignKey(Contract, models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("拨付金额（元）"), **POSITIVE)
    paid_on = models.DateField(_("拨付日期"), db_index=True)
    voucher = models.CharField(_("支付凭证号"), max_length=60, unique=True)
    purpose = models.CharField(_("用途"), max_length=200)
    progress_percent = models.PositiveSmallIntegerField(_("拨付时工作进度（%）"))
    rulebook = models.CharField(_("适用规则版本"), max_length=40)
    recorded_by = _by()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("资金拨付")
        ordering = ["-paid_on", "-id"]

    def __str__(self):
        return _("拨付 {amount} 元（支付凭证号 {voucher}）").format(amount=yuan(self.amount), voucher=self.voucher)

    def clean(self):
        """Art. 21: money is paid under a contract, so never before the contract was signed."""
        if self.paid_on < self.contract.signed_on:
            raise ValidationError({"paid_on": _("拨付日期不能早于合同签订日期。")})


class FundReport(models.Model):
    """F10 (Art. 27): quarterly fund-use reports and the year-end budget-execution report of a project."""

    scope_unit_field = "project__unit"

    class Period(models.TextChoices):
        Q1 = "Q1", _("第一季度")
        Q2 = "Q2", _("第二季度")
        Q3 = "Q3", _("第三季度")
        Q4 = "Q4", _("第四季度")
        YEAR = "Y", _("年度预算执行情况")

    project = models.ForeignKey("projects.Project", models.PROTECT, related_name="fund_reports")
    year = models.PositiveSmallIntegerField(_("年度"))
    period = models.CharField(_("报告期"), max_length=2, choices=Period.choices)
    due_on = models.DateField(_("报送期限"), db_index=True)
    submitted_on = models.DateField(_("报送日期"), null=True, blank=True)
    used_amount = models.DecimalField(_("截至报告期累计使用（元）"), null=True, blank=True, max_digits=16,
                                      decimal_places=2)
    summary = models.TextField(_("资金使用情况"), blank=True)
    problems = models.TextField(_("存在问题"), blank=True)
    recipients = models.CharField(_("报送部门"), max_length=100)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+")

    class Meta:
        verbose_name = _("资金使用报告")
        ordering = ["due_on", "project_id"]
        constraints = [models.UniqueConstraint(fields=["project", "year", "period"], name="fund_report_unique")]
        indexes = [models.Index(fields=["year", "submitted_on"])]

    def __str__(self):
        return _("{project} {year}年{period}资金使用情况报告").format(
            project=self.project.name, year=self.year, period=self.get_period_display())

    def clean(self):
        """Art. 27: a submitted report says how the money was used, and not before its period's last month."""
        if self.submitted_on is None:
            return
        errors = {}
        if self.submitted_on < self.last_month:
            errors["submitted_on"] = _("报告期尚未开始，不能提前报送。")
        if not self.summary.strip():
            errors["summary"] = _("请填写资金使用情况。")
        if errors:
            raise ValidationError(errors)

    @property
    def last_month(self) -> date:
        """The first day of the period's last month: a report may be sent from then on."""
        if self.period == self.Period.YEAR:
            return date(self.year, 12, 1)
        return date(self.year, int(self.period[1]) * 3, 1)


class NonCompliance(models.Model):
    """L25 (Art. 32): a department's finding that a system fails the crypto/security requirements."""

    class Kind(models.TextChoices):
        CRYPTO = "crypto", _("不符合密码应用要求")
        SECURITY = "security", _("不符合网络安全要求")
        HAZARD = "hazard", _("存在重大安全隐患")

    scope_unit_field = "project__unit"

    project = models.ForeignKey("projects.Project", models.PROTECT, related_name="non_compliances",
                                verbose_name=_("信息系统（项目）"))
    department = models.ForeignKey("orgs.Organisation", models.PROTECT, related_name="+", verbose_name=_("认定部门"))
    kind = models.CharField(_("认定类型"), max_length=10, choices=Kind.choices)
    determined_on = models.DateField(_("认定日期"))
    ref = models.CharField(_("认定文号"), max_length=100, blank=True)
    description = models.TextField(_("认定情况"))
    recorded_by = _by()
    resolved_on = models.DateField(_("整改完成日期"), null=True, blank=True)
    resolution = models.TextField(_("整改复核意见"), blank=True)

    class Meta:
        verbose_name = _("安全不合规认定")
        ordering = ["-determined_on", "-id"]
        indexes = [models.Index(fields=["project", "resolved_on"])]

    def __str__(self):
        return f"{self.project.name}：{self.get_kind_display()}"

    def clean(self):
        """Art. 32: a finding is lifted on the determining department's review, after it was made."""
        if self.resolved_on is None:
            return
        errors = {}
        if self.resolved_on < self.determined_on:
            errors["resolved_on"] = _("整改完成日期不能早于认定日期。")
        if not self.resolution.strip():
            errors["resolution"] = _("请填写复核意见。")
        if errors:
            raise ValidationError(errors)


class PerformanceEvaluation(models.Model):
    """F11 (Art. 24): finance's evaluation of a funded project for one year."""

    scope_unit_field = "project__unit"

    class Status(models.TextChoices):
        OPEN = "open", _("评价中")
        CONCLUDED = "concluded", _("已完成")

    class Result(models.TextChoices):
        QUALIFIED = "qualified", _("合格")
        UNQUALIFIED = "unqualified", _("不合格")

    GROUNDS = PERFORMANCE_GROUNDS

    project = models.ForeignKey("projects.Project", models.PROTECT, related_name="performance_evaluations",
                                verbose_name=_("项目"))
    year = models.PositiveSmallIntegerField(_("评价年度"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField(_("启动日期"))
    opened_by = _by()
    rulebook = models.CharField(_("适用规则版本"), max_length=40)
    detected = models.JSONField(_("平台检出的不合格情形"), default=list, blank=True)
    confirmed = models.JSONField(_("确认的不合格情形"), default=list, blank=True)
    dismissed_reason = models.TextField(_("未采纳检出情形的理由（合理原因等）"), blank=True)
    other_violation = models.TextField(_("其他违反本办法的情况"), blank=True)
    execution_rate = models.DecimalField(_("预算执行率（%）"), null=True, blank=True, max_digits=6, decimal_places=2)
    result = models.CharField(_("评价结果"), max_length=12, choices=Result.choices, blank=True)
    conclusion = models.TextField(_("评价意见"), blank=True)
    concluded_on = models.DateField(_("完成日期"), null=True, blank=True)
    concluded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+")

    class Meta:
        verbose_name = _("绩效评价")
        ordering = ["-year", "project_id"]
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="evaluation_unique")]

    def __str__(self):
        return _("{p} {y}年度绩效评价").format(p=self.project.name, y=self.year)

    def clean(self):
        """Art. 24: a conclusion names known grounds only, says why it set a detected one aside, and gives its view."""
        if self.status != self.Status.CONCLUDED:
            return
        errors = {}
        unknown = set(self.confirmed) - set(PERFORMANCE_GROUNDS)
        if unknown:
            errors["confirmed"] = _("未知的不合格情形：{u}").format(u="、".join(sorted(unknown)))
        if {f["ground"] for f in self.detected} - set(self.confirmed) and not self.dismissed_reason.strip():
            errors["dismissed_reason"] = _("平台检出的情形未予采纳的，请写明合理原因。")
        if not self.conclusion.strip():
            errors["conclusion"] = _("请填写评价意见。")
        if errors:
            raise ValidationError(errors)
