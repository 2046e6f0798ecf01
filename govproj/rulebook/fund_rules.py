"""Rules on a project's funds: applications, arrangement, changes, disbursement and performance
(Art. 17–24 and 32 of the rulebook in force; 钦政办〔2019〕5号 for zombie systems)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govproj.common.money import yuan

from .registry import V2023, V2024, Rule, Severity, registrar
from .vocabulary import FUND_CHANGES, FUND_MATERIALS, FUND_MATERIALS_REQUIRED, FUNDING_KINDS

RULES: list[Rule] = []
rule = registrar(RULES)


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
            return message.format(amt=yuan(f["payment_amount"]), left=yuan(f[limit]), pct=f.get("progress_percent", 0))

    check.__name__ = name
    rule("F9", Severity.BLOCK, "disbursement", title)(check)


for _name, _title, _limit, _message in (
    ("payment_over_contract", gettext_lazy("拨付不得超过合同约定"), "contract_available",
     gettext_lazy("本次拨付 {amt} 元超过合同尚可支付金额 {left} 元。")),
    ("payment_over_allocation", gettext_lazy("拨付不得超过项目预算（已下达资金）"), "allocation_available",
     gettext_lazy("本次拨付 {amt} 元超过已下达资金尚未拨付的余额 {left} 元。")),
    ("payment_over_plan", gettext_lazy("拨付不得超过用款计划"), "plan_available",
     gettext_lazy("本次拨付 {amt} 元超过截至本月用款计划尚未使用的额度 {left} 元。")),
    ("payment_over_progress", gettext_lazy("拨付不得超过工作进度"), "progress_available",
     gettext_lazy("本次拨付 {amt} 元超过按工作进度（{pct}%）可拨付的余额 {left} 元；请先报送进度表。")),
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
