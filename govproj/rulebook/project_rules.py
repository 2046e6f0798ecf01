"""Rules on declaring, approving, building and accepting a project (钦政办规〔2023〕6号 and 〔2024〕1号),
and the sharing gate (S2) judged at approval."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govproj.common.money import yuan

from .registry import V2023, V2024, Rule, Severity, registrar
from .versions import RulebookVersion, version_on
from .vocabulary import ACCEPTANCE_MATERIALS, CHAPTER_FACTS, CHAPTERS, INFRASTRUCTURE, MATERIALS

RULES: list[Rule] = []
rule = registrar(RULES)


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
        return _("总投资 {amount} 元，在 400 万元以下，不再审批初步设计方案和投资概算。").format(amount=yuan(amount))


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
        return _("总投资 {amount} 元，在 50 万元以下，工程监理由{lead}统筹解决。").format(amount=yuan(amount), lead=ctx.lead)


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
