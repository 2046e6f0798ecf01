"""The facts a rule may read (``SCHEMA``) and the labels of their coded values.

The CLI, the API and the trial form accept exactly these keys; the project, fund and sharing pages
show the same labels, so a code never reaches a user.
"""

from django.utils.translation import gettext_lazy

INFRASTRUCTURE = {
    "machine_room": gettext_lazy("计算机机房"),
    "department_network": gettext_lazy("部门专网"),
    "computing_platform": gettext_lazy("运算平台"),
    "storage_backup": gettext_lazy("存储备份平台"),
    "security_platform": gettext_lazy("安全平台"),
    "website_platform": gettext_lazy("网站平台"),
    "internet_egress": gettext_lazy("互联网出口"),
}
ACCEPTANCE_MATERIALS = {
    "summary": gettext_lazy("项目建设总结"),
    "financial_report": gettext_lazy("财务报告"),
    "audit_report": gettext_lazy("审计报告"),
    "security_assessment": gettext_lazy("结论为通过的安全风险评估报告"),
    "crypto_assessment": gettext_lazy("密码应用安全性评估报告"),
    "xinchuang_filing": gettext_lazy("市保密行政管理部门出具的信创备案证明"),
    "secrecy_approval": gettext_lazy("市保密行政管理部门审批意见（涉密项目）"),
}
CHAPTERS = {
    "sharing": gettext_lazy("信息资源共享开放分析篇"),
    "crypto": gettext_lazy("密码应用方案"),
    "xinchuang": gettext_lazy("信创技术应用方案"),
}
CHAPTER_FACTS = {
    "feasibility_chapters": gettext_lazy("可行性研究报告"),
    "design_chapters": gettext_lazy("初步设计方案"),
}
BUILD_TYPE_LABELS = {
    "new": gettext_lazy("新建"),
    "expand": gettext_lazy("扩建"),
    "renovate": gettext_lazy("改造"),
    "upgrade": gettext_lazy("升级"),
    "dev_service": gettext_lazy("开发服务"),
}
FUNDING_KINDS = {
    "construction": gettext_lazy("项目建设经费"),
    "equipment": gettext_lazy("设备采购经费"),
    "om": gettext_lazy("项目运维经费"),
}
FUND_MATERIALS = {
    "region_requirements": gettext_lazy("国家和自治区有关项目建设要求"),
    "construction_plan": gettext_lazy("项目建设方案"),
    "contract": gettext_lazy("已签订的项目合同"),
}
# Art. 18 (2024) lists the three; a construction application may come before procurement, so its
# contracts are not yet signed (judgment call recorded on the funds issue).
FUND_MATERIALS_REQUIRED = {
    "construction": ("region_requirements", "construction_plan"),
    "equipment": ("region_requirements", "construction_plan", "contract"),
    "om": ("construction_plan", "contract"),
}
FUND_CHANGES = {
    "add": gettext_lazy("新增项目资金"),
    "change": gettext_lazy("调整项目额度"),
    "transfer": gettext_lazy("项目间调剂使用"),
}
PERFORMANCE_GROUNDS = {
    "not_completed": gettext_lazy("无合理原因，没有按计划完成建设任务"),
    "materials_missing": gettext_lazy("没有按照本办法要求提交项目材料"),
    "failed_acceptance_twice": gettext_lazy("连续2次未能通过总体验收"),
    "unauthorised_change": gettext_lazy("擅自变更建设内容"),
}

MATERIALS = {
    "resource_catalog": ("has_resource_catalog", gettext_lazy("信息资源目录")),
    "crypto_plan": ("has_crypto_plan", gettext_lazy("密码应用方案")),
    "xinchuang_plan": ("has_xinchuang_plan", gettext_lazy("信创技术应用方案")),
}

SCHEMA = {
    "name": "str",
    "unit": "str",
    "declaration_type": ("choice", ["annual", "special"]),
    "declared_on": "date",
    "decided_on": "date",
    "plan_year": "int",
    "build_type": ("choice", list(BUILD_TYPE_LABELS)),
    "region_platform_code": "str",
    "completed_on": "date",
    "acceptance_due": "date",
    "acceptance_materials": ("list", list(ACCEPTANCE_MATERIALS)),
    **{key: ("list", list(CHAPTERS)) for key in CHAPTER_FACTS},
    "total_investment": "decimal",
    **{key: "bool" for key in (
        "region_opinion_recorded", "region_requirement_doc", "region_unified", "unified_documents_cover_city",
        "centrally_funded", "in_national_or_region_plan", "urgent_major", "has_resource_catalog", "has_crypto_plan",
        "has_xinchuang_plan", "xinchuang_exception_approved", "produces_data", "supports_sharing",
        "new_civil_works", "high_energy", "classified", "lead_opinion_recorded", "finance_opinion_recorded",
        "has_construction_plan", "infrastructure_exception_approved", "has_supervision_contract")},
    "new_infrastructure": ("list", list(INFRASTRUCTURE)),
    # Funds (Art. 17–21, 24, 32): present only when a funding step is judged.
    "funding_kind": ("choice", list(FUNDING_KINDS)),
    "fund_materials": ("list", list(FUND_MATERIALS)),
    **{key: "bool" for key in ("in_annual_plan", "project_approved", "system_non_compliant", "fund_change_approved")},
    "fund_change": ("choice", list(FUND_CHANGES)),
    **{key: "decimal" for key in ("payment_amount", "contract_available", "allocation_available", "plan_available",
                                  "progress_available")},
    "progress_percent": "int",
    "planned_completion": "date",
    "evaluation_year": "int",
    "missing_materials": ("list", ["fund_reports", "progress_reports", "acceptance_application"]),
    "failed_acceptances_in_row": "int",
    "unauthorised_changes": "int",
}
REQUIRED = ("name", "unit", "declaration_type", "declared_on")
