"""One form per fund operation; choice lists are limited to what the page's object and user allow."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from govproj.common.money import yuan
from govproj.common.ops import Confirm, OpForm  # noqa: F401 - Confirm is used as forms.Confirm
from govproj.orgs.models import Organisation
from govproj.projects.forms import DATE, YES_NO
from govproj.projects.models import Project
from govproj.projects.services import is_unit_member
from govproj.rulebook.vocabulary import PERFORMANCE_GROUNDS

from .models import (
    Adjustment,
    Allocation,
    Application,
    ContentChange,
    Contract,
    FundChange,
    FundDocument,
    FundingKind,
    FundReport,
    NonCompliance,
    PlanLine,
    Recovery,
)

AMOUNT = {"max_digits": 16, "decimal_places": 2, "min_value": Decimal("0")}
MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")


class PoolForm(OpForm):
    year = forms.IntegerField(label=_("资金年度"), min_value=2020, max_value=2100)
    unit = forms.ModelChoiceField(label=_("原预算单位"), queryset=Organisation.objects.none())
    kind = forms.ChoiceField(label=_("资金类别"), choices=FundingKind.choices)
    amount = forms.DecimalField(label=_("统筹金额（元）"), **AMOUNT)
    note = forms.CharField(label=_("说明"), required=False, max_length=200)

    def setup(self):
        self.fields["unit"].queryset = Organisation.objects.filter(is_active=True).order_by("kind", "code")


class CallForm(OpForm):
    title = forms.CharField(label=_("通知标题"), max_length=200)
    ref = forms.CharField(label=_("文号"), required=False, max_length=60)
    directions = forms.CharField(label=_("年度重点支持方向"), widget=forms.Textarea(attrs={"rows": 3}))
    construction_ratio = forms.DecimalField(label=_("建设经费支持比例（%）"), initial=100, min_value=0, max_value=100)
    equipment_ratio = forms.DecimalField(label=_("设备采购经费支持比例（%）"), initial=100, min_value=0, max_value=100)
    om_ratio = forms.DecimalField(label=_("运维经费支持比例（%）"), initial=100, min_value=0, max_value=100)
    stage_plan = forms.CharField(label=_("阶段安排计划"), widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label=_("申报截止日期"), widget=DATE)
    year = forms.IntegerField(label=_("资金年度"), min_value=2020, max_value=2100)


class ApplicationForm(OpForm):
    project = forms.ModelChoiceField(label=_("项目"), queryset=Project.objects.none())
    kind = forms.ChoiceField(label=_("经费类别"), choices=FundingKind.choices)
    cost_basis = forms.DecimalField(label=_("核定基数：项目投资或合同金额（元）"), **AMOUNT)
    requested = forms.DecimalField(label=_("申请金额（元）"), **AMOUNT)
    planned_completion = forms.DateField(label=_("计划完成日期"), widget=DATE)
    description = forms.CharField(label=_("资金用途和建设内容"), widget=forms.Textarea(attrs={"rows": 3}))

    def setup(self):
        visible = Project.objects.exclude(state__in=("draft", "withdrawn", "terminated")).select_related("unit")
        units = [p.unit_id for p in visible if is_unit_member(self.user, p)] if self.user else []
        self.fields["project"].queryset = visible.filter(unit_id__in=set(units)).order_by("-plan_year", "name")


class UploadForm(OpForm):
    kind = forms.ChoiceField(label=_("材料类型"), choices=[(k, v) for k, v in FundDocument.Kind.choices
                                                         if k in ("region_requirements", "construction_plan",
                                                                  "contract", "other")])
    file = forms.FileField(label=_("文件"))


class VerifyForm(OpForm):
    verified_amount = forms.DecimalField(label=_("核定金额（元）"), **AMOUNT)
    note = forms.CharField(label=_("核定意见（核减的须写明理由）"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    third_party = forms.CharField(label=_("委托第三方评审机构（如有）"), required=False, max_length=120)
    report = forms.FileField(label=_("第三方评审报告"), required=False)


class PlanLineForm(OpForm):
    application = forms.ModelChoiceField(label=_("已核定的经费申请"), queryset=Application.objects.none())
    amount = forms.DecimalField(label=_("安排金额（元，默认核定金额）"), required=False, **AMOUNT)

    def setup(self):
        self.fields["application"].queryset = Application.objects.filter(
            status=Application.Status.VERIFIED, call__fund=self.obj.fund, plan_line__isnull=True).select_related(
            "project")
        self.fields["application"].label_from_instance = lambda a: f"{a.project.name}（{a.get_kind_display()}，" \
                                                                   f"{yuan(a.verified_amount)} 元）"


class LineForm(OpForm):
    line = forms.ModelChoiceField(label=_("移出的项目"), queryset=PlanLine.objects.none())

    def setup(self):
        self.fields["line"].queryset = self.obj.lines.select_related("application__project")
        self.fields["line"].label_from_instance = lambda line: (
            f"{line.application.project.name}（{yuan(line.amount)} 元）")


class DecisionForm(OpForm):
    decision = forms.ChoiceField(label=_("审定结果"), choices=YES_NO, widget=forms.RadioSelect)
    decision_ref = forms.CharField(label=_("文号/会议纪要"), required=False, max_length=100)
    reason = forms.CharField(label=_("意见/理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AllocateForm(OpForm):
    allocation_ref = forms.CharField(label=_("资金下达文号"), max_length=100)


class AdjustmentForm(OpForm):
    year = forms.IntegerField(label=_("资金年度"), min_value=2020, max_value=2100)
    change = forms.ChoiceField(label=_("调整类型"), choices=FundChange.choices)
    project = forms.ModelChoiceField(label=_("调入/调整项目"), queryset=Project.objects.none())
    kind = forms.ChoiceField(label=_("经费类别"), choices=FundingKind.choices)
    amount = forms.DecimalField(label=_("金额（元）：新增/调剂为增加额，调整额度为调整后的额度"), **AMOUNT)
    source = forms.ModelChoiceField(label=_("调出资金（项目间调剂时）"), required=False,
                                    queryset=Allocation.objects.none())
    reason = forms.CharField(label=_("调整理由（特殊情况说明）"), widget=forms.Textarea(attrs={"rows": 2}))

    def setup(self):
        self.fields["project"].queryset = Project.objects.exclude(
            state__in=("draft", "withdrawn", "terminated")).order_by("-plan_year", "name")
        self.fields["source"].queryset = Allocation.objects.select_related("project", "fund")


class AdjustmentDecideForm(DecisionForm):
    adjustment = forms.ModelChoiceField(label=_("资金调整事项"), queryset=Adjustment.objects.none())

    def setup(self):
        self.fields["adjustment"].queryset = Adjustment.objects.filter(
            status=Adjustment.Status.SUBMITTED).select_related("project")


class RecoveryForm(OpForm):
    allocation = forms.ModelChoiceField(label=_("资金"), queryset=Allocation.objects.none())
    reason = forms.ChoiceField(label=_("收回原因"), choices=Recovery.Reason.choices)
    amount = forms.DecimalField(label=_("收回金额（元）"), **AMOUNT)
    ref = forms.CharField(label=_("文号/凭证"), required=False, max_length=100)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def setup(self):
        self.fields["allocation"].queryset = self.obj.allocations.select_related("fund")


class ContentChangeForm(OpForm):
    description = forms.CharField(label=_("调整内容"), widget=forms.Textarea(attrs={"rows": 3}))
    new_total = forms.DecimalField(label=_("调整后总投资（元）"), **AMOUNT)
    adjusted_amount = forms.DecimalField(label=_("资金调整数额（元）"), **AMOUNT)
    goals_unchanged = forms.BooleanField(label=_("建设目标不变"), required=False)
    reason = forms.ChoiceField(label=_("调整情形（第二十条）"),
                               choices=ContentChange._meta.get_field("reason").choices)


class ContentDecideForm(OpForm):
    change = forms.ModelChoiceField(label=_("调整事项"), queryset=ContentChange.objects.none())
    decision = forms.ChoiceField(label=_("结果"), choices=YES_NO, widget=forms.RadioSelect)
    ref = forms.CharField(label=_("文号"), required=False, max_length=100)
    note = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    status = ContentChange.Status.APPROVAL_PENDING

    def setup(self):
        self.fields["change"].queryset = self.obj.content_changes.filter(status=self.status)
        self.fields["change"].label_from_instance = lambda c: f"{c.requested_on:%Y-%m-%d} {c.description[:30]}"


class ContentConsentForm(ContentDecideForm):
    status = ContentChange.Status.CONSENT_PENDING


class ContentFoundForm(OpForm):
    description = forms.CharField(label=_("擅自变更的内容"), widget=forms.Textarea(attrs={"rows": 2}))


class ContractForm(OpForm):
    allocation = forms.ModelChoiceField(label=_("资金"), queryset=Allocation.objects.none())
    number = forms.CharField(label=_("合同编号"), max_length=60)
    title = forms.CharField(label=_("合同名称"), max_length=200)
    supplier = forms.CharField(label=_("供应商"), max_length=200)
    amount = forms.DecimalField(label=_("合同金额（元）"), **AMOUNT)
    fund_amount = forms.DecimalField(label=_("专项资金承担金额（元，默认合同金额）"), required=False, **AMOUNT)
    advance_percent = forms.DecimalField(label=_("预付款比例（%）"), initial=0, min_value=0, max_value=100)
    procurement = forms.CharField(label=_("采购方式"), required=False, max_length=40)
    signed_on = forms.DateField(label=_("签订日期"), widget=DATE)
    file = forms.FileField(label=_("合同文本"), required=False)

    def setup(self):
        self.fields["allocation"].queryset = self.obj.allocations.select_related("fund")


class SpendingPlanForm(OpForm):
    allocation = forms.ModelChoiceField(label=_("资金"), queryset=Allocation.objects.none())
    month = forms.DateField(label=_("月份"), widget=MONTH, input_formats=["%Y-%m", "%Y-%m-%d"])
    amount = forms.DecimalField(label=_("计划用款（元）"), **AMOUNT)

    def setup(self):
        self.fields["allocation"].queryset = self.obj.allocations.select_related("fund")


class PaymentForm(OpForm):
    contract = forms.ModelChoiceField(label=_("合同"), queryset=Contract.objects.none())
    amount = forms.DecimalField(label=_("拨付金额（元）"), **AMOUNT)
    paid_on = forms.DateField(label=_("拨付日期"), widget=DATE)
    voucher = forms.CharField(label=_("支付凭证号"), max_length=60)
    purpose = forms.CharField(label=_("用途"), max_length=200)

    def setup(self):
        self.fields["contract"].queryset = Contract.objects.filter(allocation__project=self.obj)


class ReportForm(OpForm):
    report = forms.ModelChoiceField(label=_("报告期"), queryset=FundReport.objects.none())
    used_amount = forms.DecimalField(label=_("截至报告期累计使用（元）"), **AMOUNT)
    summary = forms.CharField(label=_("资金使用情况"), widget=forms.Textarea(attrs={"rows": 3}))
    problems = forms.CharField(label=_("存在问题"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def setup(self):
        self.fields["report"].queryset = self.obj.fund_reports.filter(submitted_on__isnull=True)
        self.fields["report"].label_from_instance = lambda r: (
            f"{r.year}年{r.get_period_display()}（期限 {r.due_on:%Y-%m-%d}）")


class NonComplianceForm(OpForm):
    project = forms.ModelChoiceField(label=_("信息系统（项目）"), queryset=Project.objects.none())
    kind = forms.ChoiceField(label=_("认定类型"), choices=NonCompliance.Kind.choices)
    ref = forms.CharField(label=_("认定文号"), required=False, max_length=100)
    description = forms.CharField(label=_("认定情况"), widget=forms.Textarea(attrs={"rows": 2}))

    def setup(self):
        self.fields["project"].queryset = Project.objects.filter(
            state__in=("accepted", "archived", "operating", "completed", "constructing")).order_by("name")


class ResolveForm(OpForm):
    finding = forms.ModelChoiceField(label=_("认定事项"), queryset=NonCompliance.objects.none())
    resolution = forms.CharField(label=_("整改复核意见"), widget=forms.Textarea(attrs={"rows": 2}))

    def setup(self):
        self.fields["finding"].queryset = NonCompliance.objects.filter(
            resolved_on__isnull=True, department_id=self.user.organisation_id).select_related("project")


class EvaluationOpenForm(OpForm):
    project = forms.ModelChoiceField(label=_("项目"), queryset=Project.objects.none())
    year = forms.IntegerField(label=_("评价年度"), min_value=2020, max_value=2100)

    def setup(self):
        self.fields["project"].queryset = Project.objects.filter(allocations__isnull=False).distinct().order_by("name")


class EvaluationConcludeForm(OpForm):
    confirmed = forms.MultipleChoiceField(label=_("确认的不合格情形（第二十四条）"), required=False,
                                          choices=list(PERFORMANCE_GROUNDS.items()),
                                          widget=forms.CheckboxSelectMultiple)
    dismissed_reason = forms.CharField(label=_("未采纳检出情形的理由（合理原因等）"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}))
    other_violation = forms.CharField(label=_("其他违反本办法的情况"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))
    conclusion = forms.CharField(label=_("评价意见"), widget=forms.Textarea(attrs={"rows": 3}))

    def setup(self):
        if self.obj is not None and not self.is_bound:
            self.initial["confirmed"] = list(self.obj.confirmed)

