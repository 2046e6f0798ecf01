"""Changes to allocated money: Art. 19 adjustments, recoveries and Art. 20 content changes."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from govproj.common.money import yuan

from .base import POSITIVE, FundChange, FundingKind, by_user
from .ledger import Allocation, FundYear


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
    requested_by = by_user()
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
    recorded_by = by_user()

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
    requested_by = by_user()
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
