"""The lifecycle's states and transitions, declared in one place (spec §2).

Every change of ``Project.state`` goes through ``services._core.advance`` with one of the names
below; the table says from which states a step may start, where it may lead and who acts.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from govproj.common.workflow import Step, step


class State(models.TextChoices):
    DRAFT = "draft", _("草稿")
    DECLARED = "declared", _("已申报")
    SPECIAL_REVIEW = "special_review", _("专项征求意见中")
    EVALUATING = "evaluating", _("综合评估中")
    RETURNED = "returned", _("退回修改")
    PASSED = "passed", _("评估通过")
    IN_PLAN = "in_plan", _("列入年度工作方案")
    GOV_REVIEW = "gov_review", _("报市政府审定")
    GOV_APPROVED = "gov_approved", _("市政府已审定")
    APPROVING = "approving", _("立项审批中")
    APPROVED = "approved", _("已批复")
    FISCAL_REVIEW = "fiscal_review", _("财政投资评审中")
    REVIEWED = "reviewed", _("评审完成待开工")
    CONSTRUCTING = "constructing", _("建设中")
    COMPLETED = "completed", _("已完工")
    ACCEPTANCE_APPLIED = "acceptance_applied", _("已申请验收")
    ACCEPTING = "accepting", _("验收中")
    ACCEPTED = "accepted", _("验收通过")
    ARCHIVED = "archived", _("已归档")
    OPERATING = "operating", _("运维")
    TERMINATED = "terminated", _("已终止")
    WITHDRAWN = "withdrawn", _("已撤回")


FINAL = frozenset({State.TERMINATED})


class Actor(models.TextChoices):
    """Who may take a step; ``services`` resolves each to a concrete check of role, unit and scope."""

    UNIT = "unit", _("建设单位")
    LEAD = "lead", _("牵头部门")
    APPROVER = "approver", _("审批部门")
    GOVERNMENT = "government", _("市人民政府")
    FINANCE = "finance", _("市财政局")


S = State
STEPS: dict[str, Step] = {
    "submit": step(_("提交申报"), (S.DRAFT, S.RETURNED), (S.DECLARED, S.SPECIAL_REVIEW), Actor.UNIT,
                   ("region_opinion", "region_duplicate", "special_plan"),
                   ("annual_late", "new_infrastructure", "region_similar")),
    "withdraw": step(_("撤回申报"), (S.DECLARED, S.SPECIAL_REVIEW), S.WITHDRAWN, Actor.UNIT),
    "redraft": step(_("重新编辑"), S.WITHDRAWN, S.DRAFT, Actor.UNIT),
    "start_evaluation": step(_("启动综合评估"), S.DECLARED, S.EVALUATING, Actor.LEAD),
    # L17 is judged here and at approval, so the lead department can record an approved exception first.
    "conclude_evaluation": step(_("作出评估结论"), S.EVALUATING, (S.PASSED, S.RETURNED, S.TERMINATED),
                                Actor.LEAD, ("region_opinion", "region_duplicate", "new_infrastructure")),
    "add_to_plan": step(_("列入年度工作方案"), S.PASSED, S.IN_PLAN, Actor.LEAD, (), ("annual_late",)),
    "remove_from_plan": step(_("移出年度工作方案"), S.IN_PLAN, S.PASSED, Actor.LEAD),
    "submit_plan": step(_("随年度工作方案报市政府审定"), S.IN_PLAN, S.GOV_REVIEW, Actor.LEAD),
    "submit_special": step(_("专项申报报市政府审定"), S.SPECIAL_REVIEW, S.GOV_REVIEW, Actor.LEAD,
                           ("special_opinions", "special_plan")),
    "government_decide": step(_("市政府审定"), S.GOV_REVIEW, (S.GOV_APPROVED, S.IN_PLAN, S.TERMINATED),
                              Actor.GOVERNMENT),
    "start_approval": step(_("报请立项审批"),
                           (S.GOV_APPROVED, S.DECLARED, S.SPECIAL_REVIEW, S.EVALUATING, S.PASSED),
                           S.APPROVING, Actor.UNIT, ("region_opinion", "region_duplicate")),
    "issue_approval": step(_("批复立项"), S.APPROVING, S.APPROVED, Actor.APPROVER,
                           ("required_materials", "xinchuang_exception", "new_infrastructure", "no_sharing",
                            "platform_code")),
    "submit_fiscal_review": step(_("报送财政投资评审"), S.APPROVED, S.FISCAL_REVIEW, Actor.UNIT),
    "complete_fiscal_review": step(_("完成财政投资评审"), S.FISCAL_REVIEW, S.REVIEWED, Actor.FINANCE),
    "start_construction": step(_("开工建设"), S.REVIEWED, S.CONSTRUCTING, Actor.UNIT,
                               ("supervision_contract",)),
    "complete": step(_("完工"), S.CONSTRUCTING, S.COMPLETED, Actor.UNIT),
    "apply_acceptance": step(_("申请验收"), S.COMPLETED, S.ACCEPTANCE_APPLIED, Actor.UNIT,
                             ("acceptance_materials",), ("acceptance_late",)),
    "start_acceptance": step(_("组织验收"), S.ACCEPTANCE_APPLIED, S.ACCEPTING, Actor.APPROVER),
    "conclude_acceptance": step(_("作出验收结论"), S.ACCEPTING, (S.ACCEPTED, S.CONSTRUCTING), Actor.APPROVER),
    "file_report": step(_("验收报告备案并归档"), S.ACCEPTED, S.ARCHIVED, Actor.UNIT),
    "start_operation": step(_("转入运维"), S.ARCHIVED, S.OPERATING, Actor.UNIT),
    "terminate": step(_("终止项目"), frozenset(set(State) - FINAL - {S.ARCHIVED, S.OPERATING}), S.TERMINATED,
                      Actor.LEAD),
}

# The only steps a special declaration takes before municipal approval, and the annual path's.
SPECIAL_ONLY = {"submit_special"}
ANNUAL_ONLY = {"start_evaluation", "conclude_evaluation", "add_to_plan", "remove_from_plan", "submit_plan"}
