"""Rules: each a small pure function of a project's facts and the rulebook version in force.

A rule returns ``None`` when it has nothing to say, or the Chinese message of its finding; the
registry adds the rule id, severity and citation. ``evaluate`` picks the version by the
declaration date, runs the rules of that version and derives who approves what.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govproj.orgs.models import Organisation
from govproj.orgs.selectors import short_names

from .versions import Citation, RulebookVersion, all_versions, version_on

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


class Severity(models.TextChoices):
    BLOCK = "block", gettext_lazy("阻止")
    WARN = "warn", gettext_lazy("警告")
    INFO = "info", gettext_lazy("提示")


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    topic: str
    versions: frozenset[str] | None
    check: Callable
    title: str
    citation: tuple[str, int | str] | None = None

    @property
    def key(self) -> str:
        """The rule's own name: one requirement (L6) may be checked by several rules."""
        return self.check.__name__


@dataclass(frozen=True)
class Context:
    """What the rules need besides the raw facts: the version and the departments it names."""

    version: RulebookVersion
    lead: str
    unit_is_lead: bool


RULES: list[Rule] = []


def rule(rule_id: str, severity: str, topic: str, title: str, versions: tuple[str, ...] | None = None,
         citation: tuple[str, int | str] | None = None):
    """Register a rule; ``citation`` fixes the article (or part, see ``Citation``) for rules taken from another
    document."""

    def register(func):
        RULES.append(Rule(rule_id, severity, topic, frozenset(versions) if versions else None, func, title, citation))
        return func

    return register


V2023, V2024 = "钦政办规〔2023〕6号", "钦政办规〔2024〕1号"


def _declared_under_2024(f) -> bool:
    """Art. 6 (2024) binds the declaration: a project declared under the 2023 measures keeps their terms at
    later steps, even when those steps are judged by the 2024 version."""
    return version_on(f["declared_on"]).document == V2024


@rule("L2", Severity.BLOCK, "declaration", gettext_lazy("申报前征求自治区主管部门意见"), versions=(V2024,))
def region_opinion(f, ctx):
    if not _declared_under_2024(f):
        return None
    if not (f.get("region_opinion_recorded") or f.get("region_requirement_doc")):
        return _("申报前须先征求自治区对应主管部门意见，或提供自治区相关建设要求文件。")


@rule("L2", Severity.BLOCK, "declaration", gettext_lazy("自治区已统一建设的项目不再重复申报"), versions=(V2024,))
def region_duplicate(f, ctx):
    """``region_unified``: the region builds the project itself. The city's declared share of a unified project is
    ``unified_documents_cover_city`` (L10) and is not refused here."""
    if not _declared_under_2024(f):
        return None
    if f.get("region_unified"):
        return _("自治区层面已统一建设或计划统一建设的信息化项目，原则上不再重复申报建设。本市承建或分担统一项目建设内容的，不属此情形。")
    if f.get("region_duplicate_of"):
        return _("经{lead}比对研判，本项目与自治区统一建设项目“{name}”重复建设；自治区层面已统一建设或计划统一建设的信息化项目，原则上不再重复申报建设。").format(
            lead=ctx.lead, name=f["region_duplicate_of"])


# ``region_duplicate_of`` and ``region_similar*`` come from the region register and the lead department's
# judgements (govproj.similarity), never from a caller: they are platform facts, not in SCHEMA.
@rule("L2", Severity.WARN, "declaration", gettext_lazy("与自治区统一建设项目高度相似"), versions=(V2024,))
def region_similar(f, ctx):
    if f.get("region_similar") and _declared_under_2024(f):
        return _("本项目与自治区统一建设项目“{name}”（{status}）相似度 {score}%，可能属自治区层面已统一建设或计划统一建设的项目；请核实是否重复建设，由{lead}比对研判。").format(
            name=f["region_similar"], status=f.get("region_similar_status", ""), score=f.get("region_similar_score", 0),
            lead=ctx.lead)


@rule("L3", Severity.WARN, "annual", gettext_lazy("年度申报截止日期"))
def annual_late(f, ctx):
    if f["declaration_type"] != "annual":
        return None
    plan_year = f.get("plan_year") or f["declared_on"].year + 1
    deadline = ctx.version.annual_deadline_for(plan_year)
    if f["declared_on"] > deadline:
        return _("{year} 年度项目应于 {deadline} 前报送{lead}，本项目 {day} 申报已逾期，未经说明理由并经批准不能列入该年度工作方案。").format(
            year=plan_year, deadline=deadline.isoformat(), lead=ctx.lead, day=f["declared_on"].isoformat())


@rule("L6", Severity.BLOCK, "special", gettext_lazy("专项申报须先征求牵头部门和财政局意见"))
def special_opinions(f, ctx):
    if f["declaration_type"] != "special":
        return None
    missing = [name for key, name in (("lead_opinion_recorded", ctx.lead), ("finance_opinion_recorded", _("市财政局")))
               if not f.get(key)]
    if missing:
        return _("专项申报须先征求{names}意见（应在 {days} 个工作日内反馈）；未征求意见的，市人民政府原则上不予受理。").format(
            names="、".join(missing), days=ctx.version.special_opinion_workdays)


@rule("L6", Severity.BLOCK, "special", gettext_lazy("专项申报须提交建设方案"))
def special_plan(f, ctx):
    if f["declaration_type"] == "special" and not f.get("has_construction_plan"):
        return _("专项申报在报审时应提交建设方案等材料。")


@rule("L7", Severity.INFO, "approval", gettext_lazy("中央、自治区全额下达资金的项目直接报审批"), versions=(V2024,))
def centrally_funded(f, ctx):
    if f.get("centrally_funded"):
        return _("中央、自治区已下达全额建设资金，无需市人民政府审定，可直接报{lead}审批。").format(lead=ctx.lead)


@rule("L8", Severity.INFO, "approval", gettext_lazy("建设单位为牵头部门时由市发展改革委审批"), versions=(V2024,))
def lead_is_unit(f, ctx):
    if ctx.unit_is_lead:
        return _("项目建设单位为{lead}，由市发展改革委审批并组织验收。").format(lead=ctx.lead)


@rule("L9", Severity.INFO, "approval", gettext_lazy("400万元以下项目不审批初步设计和概算"))
def small_project(f, ctx):
    amount = f.get("total_investment")
    if amount is not None and amount <= ctx.version.no_preliminary_design_max_investment:
        return _("总投资 {amount:,.2f} 元，在 400 万元以下，不再审批初步设计方案和投资概算。").format(amount=amount)


@rule("L10", Severity.INFO, "approval", gettext_lazy("国家、自治区统一编报的项目无需重复编报"))
def unified_documents(f, ctx):
    if f.get("unified_documents_cover_city"):
        return _("国家、自治区统一编报的项目建议书、可行性研究报告、初步设计方案等已包含我市承建或分担的建设内容，原则上无需重复编报；这些文件不列为本项目的审批事项。")


@rule("L11", Severity.INFO, "approval", gettext_lazy("已纳入规划或情况紧急的项目可简化审批"), versions=(V2023,))
def plan_shortcut(f, ctx):
    if f.get("urgent_major"):
        return _("属国家、自治区有明确要求或涉及重大战略、国家安全且情况紧急的项目，可直接编报可行性研究报告、初步设计方案和投资概算。")
    if f.get("in_national_or_region_plan"):
        return _("已纳入国家、自治区政务信息化建设规划或“数字钦州”有关规划的项目，可以直接编报可行性研究报告。")


@rule("L12", Severity.INFO, "approval", gettext_lazy("土建或高耗能项目须办理节能、选址、用地、环评审批"))
def civil_works(f, ctx):
    if f.get("new_civil_works") or f.get("high_energy"):
        return _("项目涉及新建土建工程或属高耗能项目，须办理节能评估、规划选址、用地预审、环境影响评价等审批。")


@rule("L13", Severity.BLOCK, "materials", gettext_lazy("审批必备材料"))
def required_materials(f, ctx):
    missing = [str(MATERIALS[m][1]) for m in ctx.version.approval_required_materials if not f.get(MATERIALS[m][0])]
    if missing:
        return _("缺少审批必备条件：{items}。可行性研究报告、初步设计方案应包含相应独立章节。").format(items="、".join(missing))


@rule("L13", Severity.BLOCK, "materials", gettext_lazy("可研和初设须含独立章节"))
def approval_chapters(f, ctx):
    gaps = []
    for key, document in CHAPTER_FACTS.items():
        if key in f:
            missing = [str(CHAPTERS[c]) for c in ctx.version.approval_required_chapters if c not in f[key]]
            if missing:
                gaps.append(_("{document}缺少{chapters}").format(document=document, chapters="、".join(missing)))
    if gaps:
        return _("{gaps}等独立章节，不予批复。").format(gaps="；".join(gaps))


@rule("L14", Severity.BLOCK, "xinchuang", gettext_lazy("无法实现信创替代须经保密行政管理部门批准"))
def xinchuang_exception(f, ctx):
    if f.get("xinchuang_exception_approved") is False:
        return _("现阶段无法实现安全可靠替代及采用信创技术的，应充分评估论证并经市保密行政管理部门批准。")


@rule("L17", Severity.BLOCK, "infrastructure", gettext_lazy("不得私自新建或扩建基础设施"))
def new_infrastructure(f, ctx):
    items = f.get("new_infrastructure") or []
    if items and not f.get("infrastructure_exception_approved"):
        return _("申报内容包含新建或扩建{items}，原则上不允许；应依托电子政务外网/内网、“壮美广西·钦州市云”和共性应用建设，确需建设的须记录经批准的例外。").format(
            items="、".join(str(INFRASTRUCTURE[i]) for i in items))


@rule("L18", Severity.INFO, "supervision", gettext_lazy("50万元以下项目监理由牵头部门统筹"))
def central_supervision(f, ctx):
    amount = f.get("total_investment")
    if amount is not None and amount <= ctx.version.central_supervision_max_investment:
        return _("总投资 {amount:,.2f} 元，在 50 万元以下，工程监理由{lead}统筹解决。").format(amount=amount, lead=ctx.lead)


@rule("L24", Severity.INFO, "classified", gettext_lazy("涉密项目的资质与保密测评"))
def classified(f, ctx):
    if f.get("classified"):
        return _("涉密项目须由具有相应涉密信息系统集成资质的单位设计、承建和监理；建成后须通过保密测评并报市保密行政管理部门审批。")


@rule("L15", Severity.BLOCK, "platform", gettext_lazy("新建项目须在广西投资项目在线审批监管平台报批或备案"))
def platform_code(f, ctx):
    if f.get("build_type") == "new" and not f.get("region_platform_code"):
        return _("新建项目须在广西投资项目在线审批监管平台报批或者备案，请填写平台项目代码。")


@rule("L18", Severity.BLOCK, "supervision", gettext_lazy("项目须委托工程监理"))
def supervision_contract(f, ctx):
    amount = f.get("total_investment")
    if (f.get("has_supervision_contract") is False and amount is not None
            and amount > ctx.version.central_supervision_max_investment):
        return _("项目实行工程监理制，总投资超过 50 万元的，建设单位须委托工程监理单位并上传监理合同。")


def acceptance_required(f, version: RulebookVersion) -> list[str]:
    """Materials an acceptance application must carry under ``version`` (Art. 22; Art. 34 when classified)."""
    required = list(version.acceptance_required_materials)
    if f.get("classified"):
        required.append("secrecy_approval")
    return required


@rule("L21", Severity.BLOCK, "acceptance", gettext_lazy("验收申请须附齐材料"))
def acceptance_materials(f, ctx):
    if "acceptance_materials" not in f:
        return None
    missing = [str(ACCEPTANCE_MATERIALS[m]) for m in acceptance_required(f, ctx.version)
               if m not in f["acceptance_materials"]]
    if missing:
        return _("验收申请缺少：{items}。").format(items="、".join(missing))


@rule("L21", Severity.WARN, "acceptance", gettext_lazy("建成后半年内申请验收"))
def acceptance_late(f, ctx):
    due, day = f.get("acceptance_due"), f.get("decided_on")
    if due and day and day > due:
        return _("项目应于 {due} 前申请验收（建成后 {months} 个月内），现已逾期且无获准的延期；请说明原因。").format(
            due=due.isoformat(), months=ctx.version.acceptance_months)


# ``shareable_resources`` and ``collaboration_scenario`` come from the project's information-resource catalogue
# (govproj.sharing) once it has one; until then the declaration's ``supports_sharing`` flag is judged.
@rule("S2", Severity.BLOCK, "sharing", gettext_lazy("不支持共享的项目不予审批、不予安排资金"))
def no_sharing(f, ctx):
    if f.get("produces_data") is False:
        return None
    if "shareable_resources" in f:
        if not f["shareable_resources"] and not f.get("collaboration_scenario"):
            return _("项目信息资源目录共 {n} 项信息资源，没有无条件共享或有条件共享的资源，也未说明业务协同场景，属不支持信息共享和业务协同的项目：{lead}不予审批，市财政局不予安排资金。不产生任何数据的项目须在信息资源目录中明确声明。").format(
                n=f.get("catalogue_resources", 0), lead=ctx.lead)
    elif f.get("supports_sharing") is False:
        return _("项目不支持信息共享和业务协同，{lead}不予审批，市财政局不予安排资金（不产生任何数据的项目除外，须明确说明）。").format(lead=ctx.lead)


# ---------------------------------------------------------------- funds

@rule("F3", Severity.BLOCK, "funding", gettext_lazy("经费申请须附齐申报材料"), versions=(V2024,))
def fund_materials(f, ctx):
    if "funding_kind" not in f or "fund_materials" not in f:
        return None
    missing = [str(FUND_MATERIALS[m]) for m in FUND_MATERIALS_REQUIRED[f["funding_kind"]] if m not in f["fund_materials"]]
    if missing:
        return _("{kind}申请缺少：{items}。").format(kind=FUNDING_KINDS[f["funding_kind"]], items="、".join(missing))


@rule("F5", Severity.BLOCK, "funding", gettext_lazy("未列入年度工作方案或未经审批的项目不予安排经费"), versions=(V2023,))
def fund_plan_gate(f, ctx):
    if "funding_kind" not in f:
        return None
    gaps = []
    if f.get("in_annual_plan") is False:
        gaps.append(_("未列入年度建设工作方案"))
    if f.get("project_approved") is False:
        gaps.append(_("未经市发展改革委审批"))
    if gaps:
        return _("项目{gaps}，市财政局原则上不予安排经费。").format(gaps="且".join(gaps))


@rule("L25", Severity.BLOCK, "security", gettext_lazy("不符合密码应用和网络安全要求的系统不安排运维经费"))
def om_non_compliant(f, ctx):
    if f.get("funding_kind") == "om" and f.get("system_non_compliant"):
        return _("该信息系统已被有关部门认定为不符合密码应用和网络安全要求或存在重大安全隐患，市财政局不安排运行维护经费。")


# ``zombie_systems`` comes from the system register's determinations in force on the day (govproj.sharing), never
# from a caller: a platform fact, not in SCHEMA. 钦政办〔2019〕5号 has no articles and binds under both versions.
@rule("S5", Severity.BLOCK, "systems", gettext_lazy("“僵尸”系统须关停，不再安排运维经费"),
      citation=("钦政办〔2019〕5号", "二（二）1"))
def om_zombie_system(f, ctx):
    if f.get("funding_kind") == "om" and f.get("zombie_systems"):
        return _("信息系统“{names}”已被认定为“僵尸”系统，须及时关停，财政部门不再安排运行维护经费（钦政办〔2019〕5号）。").format(
            names="”“".join(f["zombie_systems"]))


@rule("F6", Severity.BLOCK, "fund_change", gettext_lazy("资金下达后调整须经市人民政府批准"))
def fund_change_unapproved(f, ctx):
    if f.get("fund_change") and not f.get("fund_change_approved"):
        return _("建设资金核定下达后，{change}须经市人民政府批准同意；未批准前不生效。").format(
            change=FUND_CHANGES[f["fund_change"]])


def _payment_rule(name: str, title, limit: str, message) -> None:
    """Art. 21: one bound of a payment (contract, budget, spending plan, progress), registered as its own rule."""

    def check(f, ctx):
        if "payment_amount" in f and limit in f and f["payment_amount"] > f[limit]:
            return message.format(amt=f["payment_amount"], left=f[limit], pct=f.get("progress_percent", 0))

    check.__name__ = name
    rule("F9", Severity.BLOCK, "disbursement", title)(check)


for _name, _title, _limit, _message in (
    ("payment_over_contract", gettext_lazy("拨付不得超过合同约定"), "contract_available",
     gettext_lazy("本次拨付 {amt:,.2f} 元超过合同尚可支付金额 {left:,.2f} 元。")),
    ("payment_over_allocation", gettext_lazy("拨付不得超过项目预算（已下达资金）"), "allocation_available",
     gettext_lazy("本次拨付 {amt:,.2f} 元超过已下达资金尚未拨付的余额 {left:,.2f} 元。")),
    ("payment_over_plan", gettext_lazy("拨付不得超过用款计划"), "plan_available",
     gettext_lazy("本次拨付 {amt:,.2f} 元超过截至本月用款计划尚未使用的额度 {left:,.2f} 元。")),
    ("payment_over_progress", gettext_lazy("拨付不得超过工作进度"), "progress_available",
     gettext_lazy("本次拨付 {amt:,.2f} 元超过按工作进度（{pct}%）可拨付的余额 {left:,.2f} 元；请先报送进度表。")),
):
    _payment_rule(_name, _title, _limit, _message)


@rule("F11", Severity.WARN, "performance", gettext_lazy("没有按计划完成建设任务"))
def performance_not_completed(f, ctx):
    planned, year = f.get("planned_completion"), f.get("evaluation_year")
    if not planned or not year or planned.year > year:
        return None
    done, decided = f.get("completed_on"), f.get("decided_on")
    if done is None and decided and planned >= decided:
        return None  # not yet due: an evaluation opened mid-year cannot call it late
    if done is None or done > planned:
        return _("计划于 {planned} 完成建设，{state}；如无合理原因，绩效评价为不合格。").format(
            planned=planned.isoformat(),
            state=_("实际于 {d} 完工").format(d=done.isoformat()) if done else _("至今未完工"))


@rule("F11", Severity.WARN, "performance", gettext_lazy("没有按要求提交项目材料"))
def performance_materials_missing(f, ctx):
    labels = {"fund_reports": _("资金使用情况季度报告/预算执行情况报告"), "progress_reports": _("进度表"),
              "acceptance_application": _("验收申请（逾期未申请且无获准延期）")}
    missing = f.get("missing_materials") or []
    if missing:
        return _("未按要求提交：{items}。").format(items="、".join(str(labels[m]) for m in missing))


@rule("F11", Severity.WARN, "performance", gettext_lazy("连续2次未能通过总体验收"))
def performance_failed_acceptance(f, ctx):
    if (f.get("failed_acceptances_in_row") or 0) >= 2:
        return _("连续 {n} 次未能通过总体验收。").format(n=f["failed_acceptances_in_row"])


@rule("F11", Severity.WARN, "performance", gettext_lazy("擅自变更建设内容"))
def performance_unauthorised_change(f, ctx):
    if f.get("unauthorised_changes"):
        return _("有 {n} 项建设内容变更未按第二十条规定的程序办理。").format(n=f["unauthorised_changes"])


PERFORMANCE_RULES = {
    "not_completed": "performance_not_completed",
    "materials_missing": "performance_materials_missing",
    "failed_acceptance_twice": "performance_failed_acceptance",
    "unauthorised_change": "performance_unauthorised_change",
}


def _org(name_or_code: str) -> Organisation | None:
    return Organisation.objects.filter(
        Q(code=name_or_code) | Q(name=name_or_code) | Q(short_name=name_or_code)
    ).first()


def _approval_items(f, version: RulebookVersion) -> list[str]:
    """Art. 9. Documents the state or region compiled for the city's share are not compiled again (L10); the
    estimate goes with the preliminary design it belongs to. The civil-works approvals are no such documents."""
    items = []
    if not f.get("unified_documents_cover_city"):
        items = [_("项目建议书"), _("可行性研究报告"), _("初步设计方案"), _("投资概算")]
        if version.plan_listed_may_start_at_fs and (f.get("in_national_or_region_plan") or f.get("urgent_major")):
            items = items[1:]
        amount = f.get("total_investment")
        if amount is not None and amount <= version.no_preliminary_design_max_investment:
            items = [i for i in items if i not in (_("初步设计方案"), _("投资概算"))]
    if f.get("new_civil_works") or f.get("high_energy"):
        items += [_("节能评估"), _("规划选址"), _("用地预审"), _("环境影响评价")]
    return items


def rules_for(document: str) -> list[Rule]:
    return [r for r in RULES if r.versions is None or document in r.versions]


def citation_of(r: Rule, version: RulebookVersion) -> Citation:
    return Citation(*r.citation) if r.citation else version.cite(r.topic)


def evaluate(facts: dict) -> dict:
    """Findings and derived routing for one project.

    The version is the one in force on the deciding date of the step being judged (``decided_on``,
    e.g. the day approval or acceptance is applied for), or on the declaration date when no later
    step is being judged.
    """
    version = version_on(facts.get("decided_on") or facts["declared_on"])
    unit = _org(facts["unit"])
    unit_is_lead = unit is not None and unit.code == version.lead_department
    names = short_names([version.lead_department, version.lead_self_substitute, *version.evaluation_departments])
    lead = names[version.lead_department]
    ctx = Context(version, lead, unit_is_lead)
    findings = []
    for r in rules_for(version.document):
        message = r.check(facts, ctx)
        if message:
            findings.append({"rule": r.id, "key": r.key, "severity": r.severity, "message": str(message),
                             "citation": citation_of(r, version).as_dict()})
    order = {Severity.BLOCK: 0, Severity.WARN: 1, Severity.INFO: 2}
    findings.sort(key=lambda x: order[x["severity"]])
    substitute = names[version.lead_self_substitute] if unit_is_lead and version.lead_self_substitute else lead
    amount = facts.get("total_investment")
    return {
        "rulebook": version.document,
        "lead_department": lead,
        "approver": substitute,
        "acceptance_organiser": substitute,
        "evaluation_departments": [names[c] for c in version.evaluation_departments],
        "required_approval_items": [str(i) for i in _approval_items(facts, version)],
        "supervision": "lead_department_arranges"
        if amount is not None and amount <= version.central_supervision_max_investment else "unit_entrusts",
        "findings": findings,
    }


def catalogue() -> list[dict]:
    """Every rule with the versions it belongs to and its citation in each, for the rulebook pages."""
    rows = []
    for r in RULES:
        for v in all_versions():
            if r.versions is None or v.document in r.versions:
                rows.append({"rule": r.id, "title": str(r.title), "severity": r.severity,
                             "citation": citation_of(r, v)})
    return rows

