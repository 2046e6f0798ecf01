"""Spending the allocated money: contracts, monthly spending plans and payments."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from govproj.common.money import yuan

from .base import MONEY, PERCENT, POSITIVE, by_user
from .ledger import Allocation, FundDocument


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
    recorded_by = by_user()

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
    recorded_by = by_user()
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
