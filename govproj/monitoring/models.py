"""Budget-execution dynamic monitoring of treasury payments (钦市财规〔2023〕1号, spec §4 M1–M5).

The treasury's records come in as files: payments with the Article 7 elements, budget indicators,
spending plans, the units' registered bank accounts and the agent banks' feedback. Screening turns
payments into doubts (one per payment and warning rule); a confirmed doubt is handled by the
graded responses of Articles 15–16 and recorded on its 监控处理单 (Art. 17).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .rules import RULES

MONEY = {"max_digits": 16, "decimal_places": 2}


def _rule_title(rule_id: str) -> str:
    return RULES[rule_id].title if rule_id in RULES else rule_id


def _by(related_name="+", verbose_name=_("经办人"), **extra):
    return models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name=related_name,
                             verbose_name=verbose_name, **extra)


class ImportBatch(models.Model):
    """One imported file: what it was, who brought it in, and how many rows were new."""

    class Kind(models.TextChoices):
        PAYMENTS = "payments", _("支付数据")
        INDICATORS = "indicators", _("预算指标")
        PLANS = "plans", _("用款计划")
        ACCOUNTS = "accounts", _("银行账户")
        FEEDBACK = "feedback", _("代理银行反馈")

    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices, db_index=True)
    filename = models.CharField(_("文件名"), max_length=200)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    created = models.PositiveIntegerField(_("新增"), default=0)
    skipped = models.PositiveIntegerField(_("已存在"), default=0)
    imported_at = models.DateTimeField(_("导入时间"), auto_now_add=True, db_index=True)
    imported_by = _by(verbose_name=_("导入人"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")
        ordering = ["-imported_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.filename}"


class Indicator(models.Model):
    """预算指标: the budget a unit may spend under one subject (Art. 9 (一) 1)."""

    code = models.CharField(_("指标编码"), max_length=60, unique=True)
    unit = models.ForeignKey("orgs.Organisation", models.PROTECT, verbose_name=_("预算单位"), null=True, blank=True,
                             related_name="+")
    unit_name = models.CharField(_("预算单位名称"), max_length=120, db_index=True)
    subject = models.CharField(_("预算科目"), max_length=60, db_index=True)
    purpose = models.CharField(_("指标用途"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    amount = models.DecimalField(_("指标金额（元）"), **MONEY, validators=[MinValueValidator(Decimal("0"))])
    batch = models.ForeignKey(ImportBatch, models.PROTECT, related_name="+", null=True, blank=True)

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("预算指标")
        verbose_name_plural = _("预算指标")
        ordering = ["code"]

    def __str__(self):
        return f"{_('预算指标')} {self.code}"


class SpendingPlan(models.Model):
    """用款计划: the month's approved spending under one indicator (Art. 9 (一) 9)."""

    code = models.CharField(_("计划编码"), max_length=60, unique=True)
    indicator_code = models.CharField(_("指标编码"), max_length=60, db_index=True)
    month = models.DateField(_("计划月份"), help_text=_("该月第一天"))
    amount = models.DecimalField(_("计划金额（元）"), **MONEY, validators=[MinValueValidator(Decimal("0"))])
    batch = models.ForeignKey(ImportBatch, models.PROTECT, related_name="+", null=True, blank=True)

    class Meta:
        verbose_name = _("用款计划")
        verbose_name_plural = _("用款计划")
        ordering = ["code"]

    def __str__(self):
        return f"{_('用款计划')} {self.code}"


class BankAccount(models.Model):
    """A budget unit's registered bank account (Art. 9 (一) 12–13)."""

    class Kind(models.TextChoices):
        ZERO_BALANCE = "zero_balance", _("零余额账户")
        REAL_FUND = "real_fund", _("实有资金账户")
        BASIC = "basic", _("基本存款账户")

    account = models.CharField(_("账号"), max_length=40, unique=True)
    unit = models.ForeignKey("orgs.Organisation", models.PROTECT, verbose_name=_("开户单位"), related_name="+")
    kind = models.CharField(_("账户类型"), max_length=12, choices=Kind.choices, db_index=True)
    bank = models.CharField(_("开户银行"), max_length=120, db_index=True)
    opened_on = models.DateField(_("开户日期"), null=True, blank=True)
    closed_on = models.DateField(_("销户日期"), null=True, blank=True)
    batch = models.ForeignKey(ImportBatch, models.PROTECT, related_name="+", null=True, blank=True)

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("银行账户")
        verbose_name_plural = _("银行账户")
        ordering = ["unit", "account"]
        indexes = [models.Index(fields=["unit", "kind"])]

    def __str__(self):
        return f"{self.account}（{self.get_kind_display()}）"


class Payment(models.Model):
    """One treasury payment with the monitored elements of Article 7, as the treasury sent it."""

    voucher = models.CharField(_("凭证号"), max_length=60, unique=True)
    payer = models.ForeignKey("orgs.Organisation", models.PROTECT, verbose_name=_("付款单位"), null=True, blank=True,
                              related_name="+", help_text=_("按付款人名称匹配的机构；未匹配时为空"))
    payer_name = models.CharField(_("付款人名称"), max_length=120)
    payer_account = models.CharField(_("付款人账号"), max_length=40)
    indicator_code = models.CharField(_("预算指标"), max_length=60)
    plan_code = models.CharField(_("用款计划"), max_length=60, blank=True)
    subject = models.CharField(_("预算科目"), max_length=60)
    paid_at = models.DateTimeField(_("支付时间"), db_index=True)
    amount = models.DecimalField(_("支付金额（元）"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))])
    method = models.CharField(_("支付方式"), max_length=30, blank=True)
    pay_type = models.CharField(_("支付类型"), max_length=30, blank=True)
    settlement = models.CharField(_("结算方式"), max_length=30, blank=True)
    purpose = models.CharField(_("用途"), max_length=300, blank=True)
    project_name = models.CharField(_("项目名称"), max_length=200, blank=True, db_index=True)
    payee_name = models.CharField(_("收款人名称"), max_length=200)
    payee_account = models.CharField(_("收款人账号"), max_length=40, db_index=True)
    payee_bank = models.CharField(_("收款人开户银行"), max_length=120, blank=True)
    large_approval_no = models.CharField(_("大额审批单号"), max_length=60, blank=True)
    agent_bank = models.CharField(_("代理银行"), max_length=120, blank=True, db_index=True)
    batch = models.ForeignKey(ImportBatch, models.PROTECT, related_name="payments", null=True, blank=True)

    scope_unit_field = "payer"

    class Meta:
        verbose_name = _("支付数据")
        verbose_name_plural = _("支付数据")
        ordering = ["-paid_at", "-id"]
        # Screening totals every payment by indicator, plan, payer or payer and payee. Each index below ends
        # with the columns those totals read, so SQLite answers them from the index alone instead of
        # fetching a million table rows one by one; the leading columns serve the pages' filters too.
        indexes = [
            models.Index(fields=["payer", "payee_account", "paid_at"]),
            models.Index(fields=["payer_name", "payee_account", "paid_at", "amount"]),
            models.Index(fields=["payer_name", "paid_at", "amount"]),
            models.Index(fields=["indicator_code", "amount"]),
            models.Index(fields=["plan_code", "paid_at", "amount"]),
        ]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="monitoring_payment_positive")]

    def __str__(self):
        return f"{_('支付')} {self.voucher}"


class BankFeedback(models.Model):
    """The agent bank's report of how it executed a payment instruction (Art. 9 (二) 2–3)."""

    voucher = models.CharField(_("凭证号"), max_length=60, unique=True)
    bank = models.CharField(_("代理银行"), max_length=120, db_index=True)
    executed_at = models.DateTimeField(_("实际支付时间"))
    amount = models.DecimalField(_("实际支付金额（元）"), **MONEY)
    payee_name = models.CharField(_("收款人名称"), max_length=200)
    payee_account = models.CharField(_("收款人账号"), max_length=40)
    status = models.CharField(_("支付状态"), max_length=30, blank=True)
    batch = models.ForeignKey(ImportBatch, models.PROTECT, related_name="+", null=True, blank=True)

    class Meta:
        verbose_name = _("代理银行反馈")
        verbose_name_plural = _("代理银行反馈")
        ordering = ["voucher"]

    def __str__(self):
        return f"{_('代理银行反馈')} {self.voucher}"


class RuleSetting(models.Model):
    """One version of a warning rule's severity and parameters, in force from ``valid_from``.

    Finance edits a rule by adding a version; a payment is judged by the version in force on its
    payment date, so changing a threshold never rewrites the past.
    """

    class Severity(models.TextChoices):
        WARN = "warn", _("预警")
        INTERCEPT = "intercept", _("拦截")

    rule = models.CharField(_("规则"), max_length=40, db_index=True)
    valid_from = models.DateField(_("生效日期"))
    severity = models.CharField(_("处理方式"), max_length=10, choices=Severity.choices)
    enabled = models.BooleanField(_("启用"), default=True)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    note = models.CharField(_("调整说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("设置时间"), auto_now_add=True)
    created_by = _by(verbose_name=_("设置人"), null=True, blank=True)

    class Meta:
        verbose_name = _("预警规则设置")
        verbose_name_plural = _("预警规则设置")
        ordering = ["rule", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["rule", "valid_from"], name="monitoring_rule_version")]

    def __str__(self):
        return _("预警规则“{rule}”（自 {day} 起）").format(rule=_rule_title(self.rule), day=self.valid_from)


class Doubt(models.Model):
    """疑点 (Art. 10): one payment caught by one warning rule, and its verification (Art. 11–12)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待核实")
        VERIFYING = "verifying", _("核实中")
        CONFIRMED = "confirmed", _("确认违规")
        DISMISSED = "dismissed", _("排除疑点")

    payment = models.ForeignKey(Payment, models.PROTECT, related_name="doubts", verbose_name=_("支付数据"))
    rule = models.CharField(_("预警规则"), max_length=40, db_index=True)
    setting = models.ForeignKey(RuleSetting, models.PROTECT, related_name="+", verbose_name=_("规则版本"))
    severity = models.CharField(_("处理方式"), max_length=10, choices=RuleSetting.Severity.choices, db_index=True)
    message = models.TextField(_("预警说明"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    assignee = _by("monitoring_doubts", _("核实人"), null=True, blank=True)
    found_at = models.DateTimeField(_("预警时间"), auto_now_add=True, db_index=True)
    conclusion = models.TextField(_("核实结论"), blank=True)
    concluded_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=0)

    scope_unit_field = "payment__payer"
    scope_assignee_field = "assignee"

    class Meta:
        verbose_name = _("监控疑点")
        verbose_name_plural = _("监控疑点")
        ordering = ["-found_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["payment", "rule"], name="monitoring_one_doubt_per_rule")]
        indexes = [models.Index(fields=["status", "rule"]), models.Index(fields=["assignee", "status"])]

    def __str__(self):
        return f"{self.payment.voucher} {_rule_title(self.rule)}"


class Verification(models.Model):
    """One verification step (Art. 11) with its written record and attachments (Art. 12)."""

    class Method(models.TextChoices):
        MATERIALS = "materials", _("调阅材料")
        PHONE = "phone", _("电话核实")
        INTERVIEW = "interview", _("约谈和实地核证")
        ASSIST = "assist", _("部门协查")

    doubt = models.ForeignKey(Doubt, models.CASCADE, related_name="verifications")
    method = models.CharField(_("核实方式"), max_length=10, choices=Method.choices)
    on = models.DateField(_("核实日期"))
    contact = models.CharField(_("核实对象"), max_length=200, blank=True)
    record = models.TextField(_("核实记录"))
    by = _by()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("核实记录")
        verbose_name_plural = _("核实记录")
        ordering = ["on", "id"]

    def __str__(self):
        return f"{_('核实记录')}：{self.get_method_display()} {self.on}"

    def clean(self):
        """A record tells what was verified (Art. 12), which cannot have happened after today."""
        if self.on and self.on > timezone.localdate():
            raise ValidationError({"on": _("核实日期不能晚于今天。")})


def _attachment_path(instance, filename):
    return f"monitoring/{instance.sha256[:2]}/{instance.sha256}/{filename}"


class Attachment(models.Model):
    """A file kept with a verification or a rectification result: materials, call notes, evidence."""

    verification = models.ForeignKey(Verification, models.CASCADE, related_name="attachments", null=True, blank=True)
    action = models.ForeignKey("HandlingAction", models.CASCADE, related_name="attachments", null=True, blank=True)
    file = models.FileField(_("文件"), upload_to=_attachment_path, max_length=300)
    name = models.CharField(_("文件名"), max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    uploaded_by = _by()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        constraints = [models.CheckConstraint(
            condition=models.Q(verification__isnull=False, action__isnull=True)
            | models.Q(verification__isnull=True, action__isnull=False), name="monitoring_attachment_one_owner")]

    def __str__(self):
        return f"{_('附件')}：{self.name}"


class Case(models.Model):
    """监控处理单 (Art. 17): the handling of one confirmed doubt, from first notice to closure."""

    class Party(models.TextChoices):
        UNIT = "unit", _("预算单位")
        BANK = "bank", _("代理银行")

    class Status(models.TextChoices):
        OPEN = "open", _("整改中")
        SUBMITTED = "submitted", _("已报整改结果")
        CLOSED = "closed", _("已办结")

    doubt = models.OneToOneField(Doubt, models.PROTECT, related_name="case")
    number = models.CharField(_("处理单编号"), max_length=40, unique=True)
    party = models.CharField(_("处理对象"), max_length=6, choices=Party.choices)
    party_name = models.CharField(_("处理对象名称"), max_length=200)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    deadline = models.DateField(_("整改期限"), null=True, blank=True, db_index=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closing_note = models.TextField(_("办结意见"), blank=True)
    lock_version = models.PositiveIntegerField(default=0)

    scope_unit_field = "doubt__payment__payer"

    class Meta:
        verbose_name = _("监控处理单")
        verbose_name_plural = _("监控处理单")
        ordering = ["-opened_at", "-id"]

    def __str__(self):
        return f"{_('监控处理单')} {self.number}"


class HandlingAction(models.Model):
    """One graded response (Art. 15 for budget units, Art. 16 for agent banks) or a rectification result."""

    class Kind(models.TextChoices):
        # Article 15: budget units, in rising order
        PHONE_NOTICE = "phone_notice", _("电话通知规范整改")
        CORRECT = "correct", _("追回资金、调整账目或补办手续")
        WRITTEN_OPINION = "written_opinion", _("书面整改意见（限期整改）")
        SUSPEND_PLAN = "suspend_plan", _("暂缓批复用款计划")
        SUSPEND_FUNDS = "suspend_funds", _("暂缓拨付资金")
        REVOKE_ACCOUNT = "revoke_account", _("撤销违规账户")
        CIRCULATE = "circulate", _("通报")
        REFER = "refer", _("移交有关部门处理")
        # Article 16: agent banks
        BANK_REFUND = "bank_refund", _("按原渠道退回资金或重新办理")
        BANK_TRANSMISSION = "bank_transmission", _("立即整改信息传输")
        BANK_SCORE = "bank_score", _("纳入代理银行服务质量考评")
        # The party's answer (Art. 15 (三), 22 (四))
        RESULT = "result", _("整改结果")
        REVIEW = "review", _("整改结果审核意见")

    case = models.ForeignKey(Case, models.CASCADE, related_name="actions")
    kind = models.CharField(_("处理方式"), max_length=20, choices=Kind.choices, db_index=True)
    on = models.DateField(_("日期"))
    text = models.TextField(_("内容"))
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    score = models.DecimalField(_("考评扣分"), max_digits=5, decimal_places=1, null=True, blank=True)
    by = _by()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("处理记录")
        verbose_name_plural = _("处理记录")
        ordering = ["on", "id"]

    def __str__(self):
        return f"{self.case.number} {self.get_kind_display()}"

    def clean(self):
        """A written opinion sets the rectification deadline (Art. 15 (三)); a bank's score is the deduction
        its service assessment takes (Art. 16 (三))."""
        errors = {}
        if self.kind == self.Kind.WRITTEN_OPINION and (self.deadline is None or (self.on and self.deadline <= self.on)):
            errors["deadline"] = _("书面整改意见须规定晚于今天的整改期限（第十五条第三项）。")
        if self.kind == self.Kind.BANK_SCORE and self.score is None:
            errors["score"] = _("请填写考评扣分。")
        if errors:
            raise ValidationError(errors)
