"""The rule trial form, built from the same schema the CLI and the API accept."""

from django import forms
from django.utils.translation import gettext_lazy as _

from govproj.orgs.models import Organisation

from .vocabulary import (
    ACCEPTANCE_MATERIALS,
    BUILD_TYPE_LABELS,
    CHAPTERS,
    FUND_CHANGES,
    FUND_MATERIALS,
    FUNDING_KINDS,
    INFRASTRUCTURE,
    REQUIRED,
    SCHEMA,
)

LABELS = {
    "name": _("项目名称"),
    "unit": _("建设单位"),
    "declaration_type": _("申报类型"),
    "declared_on": _("申报日期"),
    "decided_on": _("判定日期（审批/验收等环节发生日）"),
    "build_type": _("建设性质"),
    "region_platform_code": _("广西投资项目在线审批监管平台代码"),
    "completed_on": _("完工日期"),
    "acceptance_due": _("验收申请截止日"),
    "acceptance_materials": _("验收申请已附材料"),
    "infrastructure_exception_approved": _("基础设施建设例外已经批准"),
    "has_supervision_contract": _("已上传监理合同"),
    "feasibility_chapters": _("可行性研究报告已含独立章节"),
    "design_chapters": _("初步设计方案已含独立章节"),
    "plan_year": _("计划年度"),
    "total_investment": _("总投资（元）"),
    "region_opinion_recorded": _("已征求自治区主管部门意见"),
    "region_requirement_doc": _("已提供自治区建设要求文件"),
    "region_unified": _("属自治区层面已统一建设或计划统一建设的项目（2024 第六条）"),
    "unified_documents_cover_city": _("国家/自治区统一编报的文件已包含我市建设内容（第九条）"),
    "centrally_funded": _("中央/自治区已全额下达资金"),
    "in_national_or_region_plan": _("已纳入国家/自治区或数字钦州规划"),
    "urgent_major": _("情况紧急的重大任务"),
    "has_resource_catalog": _("已编制信息资源目录"),
    "has_crypto_plan": _("已编制密码应用方案"),
    "has_xinchuang_plan": _("已编制信创技术应用方案"),
    "xinchuang_exception_approved": _("信创替代例外已经保密部门批准"),
    "produces_data": _("项目产生数据"),
    "supports_sharing": _("支持信息共享和业务协同"),
    "new_civil_works": _("涉及新建土建工程"),
    "high_energy": _("属高耗能项目"),
    "classified": _("涉密项目"),
    "lead_opinion_recorded": _("已取得牵头部门意见"),
    "finance_opinion_recorded": _("已取得市财政局意见"),
    "has_construction_plan": _("已提交建设方案"),
    "new_infrastructure": _("新建/扩建基础设施"),
    "funding_kind": _("申请经费类别"),
    "fund_materials": _("经费申请已附材料"),
    "in_annual_plan": _("已列入年度建设工作方案（或经市政府审定）"),
    "project_approved": _("已经立项审批"),
    "system_non_compliant": _("信息系统已被认定不符合安全要求"),
    "fund_change": _("资金调整类型"),
    "fund_change_approved": _("资金调整已经市人民政府批准"),
    "payment_amount": _("本次拨付金额（元）"),
    "contract_available": _("合同尚可支付（元）"),
    "allocation_available": _("已下达资金余额（元）"),
    "plan_available": _("用款计划余额（元）"),
    "progress_available": _("按进度可拨付余额（元）"),
    "progress_percent": _("工作进度（%）"),
    "planned_completion": _("计划完成日期"),
    "evaluation_year": _("绩效评价年度"),
    "missing_materials": _("未按要求提交的材料"),
    "failed_acceptances_in_row": _("连续未通过验收次数"),
    "unauthorised_changes": _("擅自变更建设内容次数"),
}
LIST_CHOICES = {
    "new_infrastructure": INFRASTRUCTURE,
    "acceptance_materials": ACCEPTANCE_MATERIALS,
    "fund_materials": FUND_MATERIALS,
    "missing_materials": {"fund_reports": _("资金使用情况报告"), "progress_reports": _("进度表"),
                          "acceptance_application": _("验收申请")},
}
CHOICE_LABELS = {"funding_kind": FUNDING_KINDS, "fund_change": FUND_CHANGES}
YEAR_KEYS = {"plan_year", "evaluation_year"}
TRI_STATE = [("", _("未填写")), ("true", _("是")), ("false", _("否"))]


class EvaluationForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = Organisation.objects.filter(is_active=True).order_by("kind", "code").values_list("short_name", "short_name")
        for key, kind in SCHEMA.items():
            label = LABELS[key]
            required = key in REQUIRED
            if key == "unit":
                field = forms.ChoiceField(label=label, choices=[("", "---------"), *units])
            elif key == "declaration_type":
                field = forms.ChoiceField(label=label, choices=[("annual", _("年度申报")), ("special", _("专项申报"))])
            elif key == "build_type":
                field = forms.ChoiceField(label=label, choices=[("", "---------"), *BUILD_TYPE_LABELS.items()])
            elif key in CHOICE_LABELS:
                field = forms.ChoiceField(label=label, choices=[("", "---------"), *CHOICE_LABELS[key].items()])
            elif isinstance(kind, tuple) and kind[0] == "list":
                choices = LIST_CHOICES.get(key, CHAPTERS)
                field = forms.MultipleChoiceField(label=label, required=False, widget=forms.CheckboxSelectMultiple,
                                                  choices=list(choices.items()))
            elif kind == "date":
                field = forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
            elif kind == "decimal":
                field = forms.DecimalField(label=label, required=False, min_value=0, decimal_places=2, max_digits=14)
            elif kind == "int":
                low, high = (2000, 2100) if key in YEAR_KEYS else (0, 100)
                field = forms.IntegerField(label=label, required=False, min_value=low, max_value=high)
            elif kind == "bool":
                field = forms.TypedChoiceField(label=label, required=False, choices=TRI_STATE,
                                               coerce=lambda v: v == "true", empty_value=None)
            else:
                field = forms.CharField(label=label, max_length=200)
            field.required = required
            self.fields[key] = field

    def facts(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", [])}
