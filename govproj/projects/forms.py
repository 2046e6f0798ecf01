"""One form per step; each keeps what the user typed when the step is refused."""

from django import forms
from django.utils.translation import gettext_lazy as _

from govproj.accounts.models import User
from govproj.common.roles import Role
from govproj.rulebook.vocabulary import CHAPTERS

from .models import (
    INFRASTRUCTURE_CHOICES,
    AcceptanceAttempt,
    AttachmentKind,
    Conclusion,
    PlanEntry,
    Project,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO = [("yes", _("同意")), ("no", _("不同意"))]


class ExpertsField(forms.ModelMultipleChoiceField):
    """People holding the expert role, shown with their unit."""

    def __init__(self, label):
        super().__init__(label=label, required=False, widget=forms.CheckboxSelectMultiple, queryset=User.objects.filter(
            is_active=True, role_assignments__role=Role.EXPERT).distinct().order_by("username"))

    def label_from_instance(self, obj):
        return f"{obj.full_name or obj.username}（{obj.organisation or ''}）"


class ProjectForm(forms.ModelForm):
    """The declaration; ``Project.clean`` checks the funding sources, so the service refuses what the form does."""

    new_infrastructure = forms.MultipleChoiceField(label=_("新建/扩建基础设施（第十四条原则上不允许）"), required=False,
                                                   choices=INFRASTRUCTURE_CHOICES, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Project
        fields = ["name", "declaration_type", "plan_year", "build_type", "category", "parent", "content", "functions",
                  "total_investment", "fund_central", "fund_region", "fund_municipal", "fund_other",
                  "region_platform_code", "region_opinion", "region_unified", "unified_documents_cover_city",
                  "centrally_funded", "in_national_or_region_plan", "urgent_major", "produces_data", "supports_sharing",
                  "new_civil_works", "high_energy", "classified", "new_infrastructure", "network", "uses_gov_cloud",
                  "common_apps", "region_data_exchange"]
        widgets = {"content": forms.Textarea(attrs={"rows": 3}), "functions": forms.Textarea(attrs={"rows": 3}),
                   "region_opinion": forms.Textarea(attrs={"rows": 2}),
                   "common_apps": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents if parents is not None else Project.objects.none()
        self.fields["parent"].required = False
        self.fields["plan_year"].min_value = 2020


class ConfirmForm(forms.Form):
    reason = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("材料类型"), choices=AttachmentKind.choices)
    file = forms.FileField(label=_("文件"))
    passed = forms.TypedChoiceField(label=_("评估结论（测评类报告填写）"), required=False, empty_value=None,
                                    choices=[("", _("不适用")), ("true", _("通过")), ("false", _("未通过"))],
                                    coerce=lambda v: v == "true")
    note = forms.CharField(label=_("说明"), required=False, max_length=200)


class EvaluationStartForm(forms.Form):
    experts = ExpertsField(_("邀请专家（可选）"))


class OpinionForm(forms.Form):
    opinion = forms.IntegerField(widget=forms.HiddenInput)
    conclusion = forms.ChoiceField(label=_("结论"), choices=Conclusion.choices, widget=forms.RadioSelect)
    necessity = forms.CharField(label=_("必要性"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    feasibility = forms.CharField(label=_("可行性"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    security = forms.CharField(label=_("安全性"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    sharing = forms.CharField(label=_("协同共享范围"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    funding = forms.CharField(label=_("资金来源"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    text = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ConcludeEvaluationForm(forms.Form):
    outcome = forms.ChoiceField(label=_("评估结论"), widget=forms.RadioSelect, choices=[
        ("pass", _("通过")), ("return", _("退回修改")), ("reject", _("不予通过"))])
    reason = forms.CharField(label=_("理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PlanAddForm(forms.Form):
    priority = forms.ChoiceField(label=_("轻重缓急"), choices=PlanEntry.Priority.choices)
    override_reason = forms.CharField(label=_("逾期申报列入理由（逾期时必填）"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("审定结果"), choices=YES_NO, widget=forms.RadioSelect)
    decision_ref = forms.CharField(label=_("审定文号/会议纪要"), required=False, max_length=100)
    reason = forms.CharField(label=_("意见/理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ItemSubmitForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    file = forms.FileField(label=_("审批材料"))
    requested_amount = forms.DecimalField(label=_("申报金额（元）"), required=False, min_value=0, max_digits=16,
                                          decimal_places=2)
    chapters = forms.MultipleChoiceField(label=_("已包含的独立章节（可研、初设）"), required=False,
                                         choices=list(CHAPTERS.items()), widget=forms.CheckboxSelectMultiple)


class ItemDecideForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("审批结果"), choices=[("yes", _("批复")), ("no", _("退回修改"))],
                                 widget=forms.RadioSelect)
    approved_amount = forms.DecimalField(label=_("批复金额（元）"), required=False, min_value=0, max_digits=16,
                                         decimal_places=2)
    approval_ref = forms.CharField(label=_("批复文号"), required=False, max_length=100)
    chapters = forms.MultipleChoiceField(label=_("经核对确已包含的独立章节"), required=False,
                                         choices=list(CHAPTERS.items()), widget=forms.CheckboxSelectMultiple)
    comment = forms.CharField(label=_("审批意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ApprovalForm(forms.Form):
    approval_ref = forms.CharField(label=_("批复文号"), max_length=100)


class AmountForm(forms.Form):
    amount = forms.DecimalField(label=_("送审金额（元）"), min_value=0, max_digits=16, decimal_places=2)


class FiscalReviewForm(forms.Form):
    reviewed_amount = forms.DecimalField(label=_("审定金额（元）"), min_value=0, max_digits=16, decimal_places=2)
    comment = forms.CharField(label=_("评审意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ProgressForm(forms.Form):
    period = forms.CharField(label=_("报告期（如 2025年第3季度）"), max_length=20)
    percent = forms.IntegerField(label=_("形象进度（%）"), min_value=0, max_value=100)
    summary = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 2}))
    problems = forms.CharField(label=_("存在问题"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class InspectionForm(forms.Form):
    findings = forms.CharField(label=_("检查发现"), widget=forms.Textarea(attrs={"rows": 2}))
    rectification_due = forms.DateField(label=_("整改期限"), required=False, widget=DATE)


class RectifyForm(forms.Form):
    inspection = forms.IntegerField(widget=forms.HiddenInput)
    rectification = forms.CharField(label=_("整改情况"), widget=forms.Textarea(attrs={"rows": 2}))


class CryptoForm(forms.Form):
    due_on = forms.DateField(label=_("密评应完成日期"), widget=DATE)
    done_on = forms.DateField(label=_("完成日期"), required=False, widget=DATE)
    passed = forms.TypedChoiceField(label=_("结论"), required=False, empty_value=None, coerce=lambda v: v == "true",
                                    choices=[("", _("尚未完成")), ("true", _("通过")), ("false", _("未通过"))])


class CompleteForm(forms.Form):
    completed_on = forms.DateField(label=_("完工日期"), widget=DATE)


class PostponeForm(forms.Form):
    until = forms.DateField(label=_("申请延期至"), widget=DATE)
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))


class PostponeDecideForm(forms.Form):
    postponement = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("审核结果"), choices=YES_NO, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AcceptanceStartForm(forms.Form):
    mode = forms.ChoiceField(label=_("组织方式"), choices=AcceptanceAttempt.Mode.choices)
    members = forms.CharField(label=_("验收委员会成员（姓名、单位）"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    experts = ExpertsField(_("在平台出具意见的委员"))


class AcceptanceConcludeForm(forms.Form):
    decision = forms.ChoiceField(label=_("验收结论"), choices=[("yes", _("通过")), ("no", _("不通过，继续建设"))],
                                 widget=forms.RadioSelect)
    conclusion = forms.CharField(label=_("验收意见"), widget=forms.Textarea(attrs={"rows": 3}))
