"""The tables of the monitoring lists, each exportable with the same columns it shows."""

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govproj.common.tables import MoneyColumn

from .models import Case, Doubt, Payment
from .rules import RULES


class DoubtsColumn(tables.Column):
    def render(self, record):
        doubts = list(record.doubts.all())
        if not doubts:
            return "—"
        return format_html_join(" ", '<a class="badge text-bg-{}" href="{}">{}</a>', (
            ("danger" if d.severity == "intercept" else "warning", reverse("monitoring:doubt", args=[d.pk]),
             RULES[d.rule].title if d.rule in RULES else d.rule) for d in doubts))

    def value(self, record):
        return "；".join(str(RULES[d.rule].title) if d.rule in RULES else d.rule for d in record.doubts.all())


class PaymentTable(tables.Table):
    voucher = tables.Column(verbose_name=gettext_lazy("凭证号"))
    payer_name = tables.Column(verbose_name=gettext_lazy("付款人名称"))
    paid_at = tables.DateTimeColumn(verbose_name=gettext_lazy("支付时间"), format="Y-m-d H:i")
    amount = MoneyColumn(verbose_name=gettext_lazy("支付金额（元）"))
    subject = tables.Column(verbose_name=gettext_lazy("预算科目"))
    indicator_code = tables.Column(verbose_name=gettext_lazy("预算指标"))
    payee_name = tables.Column(verbose_name=gettext_lazy("收款人名称"))
    payee_account = tables.Column(verbose_name=gettext_lazy("收款人账号"))
    purpose = tables.Column(verbose_name=gettext_lazy("用途"))
    agent_bank = tables.Column(verbose_name=gettext_lazy("代理银行"))
    doubts = DoubtsColumn(verbose_name=gettext_lazy("预警"), accessor="pk", orderable=False)

    class Meta:
        model = Payment
        fields = ["voucher", "payer_name", "paid_at", "amount", "subject", "indicator_code", "payee_name",
                  "payee_account", "purpose", "agent_bank", "doubts"]
        empty_text = gettext_lazy("没有符合条件的支付数据。财政局导入支付数据后在此显示。")
        attrs = {"class": "table table-sm table-hover", "id": "payments"}


class RuleColumn(tables.Column):
    def render(self, value):
        return RULES[value].title if value in RULES else value

    def value(self, value):
        return str(self.render(value))


class DoubtTable(tables.Table):
    voucher = tables.Column(verbose_name=gettext_lazy("凭证号"), accessor="payment__voucher",
                            linkify=("monitoring:doubt", {"pk": tables.A("pk")}))
    payer = tables.Column(verbose_name=gettext_lazy("付款人名称"), accessor="payment__payer_name")
    paid_at = tables.DateTimeColumn(verbose_name=gettext_lazy("支付时间"), accessor="payment__paid_at",
                                    format="Y-m-d H:i")
    amount = MoneyColumn(verbose_name=gettext_lazy("支付金额（元）"), accessor="payment__amount")
    rule = RuleColumn(verbose_name=gettext_lazy("预警规则"))
    severity = tables.Column(verbose_name=gettext_lazy("处理方式"))
    message = tables.Column(verbose_name=gettext_lazy("预警说明"))
    status = tables.Column(verbose_name=gettext_lazy("状态"))
    assignee = tables.Column(verbose_name=gettext_lazy("核实人"), default="—")
    found_at = tables.DateTimeColumn(verbose_name=gettext_lazy("预警时间"), format="Y-m-d H:i")

    def render_assignee(self, value):
        return value.get_full_name() or value.username

    def value_assignee(self, value):
        return (value.get_full_name() or value.username) if value else ""

    class Meta:
        model = Doubt
        fields = ["voucher", "payer", "paid_at", "amount", "rule", "severity", "message", "status", "assignee",
                  "found_at"]
        empty_text = gettext_lazy("没有符合条件的疑点。")
        attrs = {"class": "table table-sm table-hover", "id": "doubts"}
        row_attrs = {"class": lambda record: "table-danger" if record.severity == "intercept"
                     and record.status in ("pending", "verifying") else ""}


class CaseTable(tables.Table):
    number = tables.Column(verbose_name=gettext_lazy("处理单编号"), linkify=("monitoring:case", {"pk": tables.A("pk")}))
    party = tables.Column(verbose_name=gettext_lazy("处理对象"))
    party_name = tables.Column(verbose_name=gettext_lazy("处理对象名称"))
    voucher = tables.Column(verbose_name=gettext_lazy("凭证号"), accessor="doubt__payment__voucher")
    amount = MoneyColumn(verbose_name=gettext_lazy("支付金额（元）"), accessor="doubt__payment__amount")
    rule = RuleColumn(verbose_name=gettext_lazy("违规问题"), accessor="doubt__rule")
    status = tables.Column(verbose_name=gettext_lazy("状态"))
    deadline = tables.DateColumn(verbose_name=gettext_lazy("整改期限"), format="Y-m-d", default="—")
    opened_at = tables.DateTimeColumn(verbose_name=gettext_lazy("立单时间"), format="Y-m-d")

    def render_deadline(self, value, record):
        if value is None:
            return "—"
        if record.status == Case.Status.OPEN and value < timezone.localdate():
            return format_html('{} <span class="badge text-bg-danger">{}</span>', value.isoformat(), _("逾期"))
        return value.isoformat()

    def value_deadline(self, value):
        return value.isoformat() if value else ""

    class Meta:
        model = Case
        fields = ["number", "party", "party_name", "voucher", "amount", "rule", "status", "deadline", "opened_at"]
        empty_text = gettext_lazy("没有符合条件的监控处理单。")
        attrs = {"class": "table table-sm table-hover", "id": "cases"}
        row_attrs = {"class": lambda record: "table-danger" if record.status == "open" and record.deadline
                     and record.deadline < timezone.localdate() else ""}
