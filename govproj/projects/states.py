"""The lifecycle's states and transitions, declared in one place (spec §2).

Every change of ``Project.state`` goes through ``services._core.advance`` with one of the names
below; the table says from which states a step may start, where it may lead and who acts.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


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


@dataclass(frozen=True)
class Step:
    label: str
    sources: frozenset[str]
    targets: frozenset[str]
    actor: str
    gates: tuple[str, ...] = ()  # rule keys whose block findings refuse the step
    warns: tuple[str, ...] = ()  # rule keys whose warnings are recorded with the step


def _s(*states):
    return frozenset(states)


S = State
STEPS: dict[str, Step] = {
    "submit": Step(_("提交申报"), _s(S.DRAFT, S.RETURNED), _s(S.DECLARED, S.SPECIAL_REVIEW), Actor.UNIT,
                   ("region_opinion", "region_duplicate", "special_plan"),
                   ("annual_late", "new_infrastructure", "region_similar")),
    "withdraw": Step(_("撤回申报"), _s(S.DECLARED, S.SPECIAL_REVIEW), _s(S.WITHDRAWN), Actor.UNIT),
    "redraft": Step(_("重新编辑"), _s(S.WITHDRAWN), _s(S.DRAFT), Actor.UNIT),
    "start_evaluation": Step(_("启动综合评估"), _s(S.DECLARED), _s(S.EVALUATING), Actor.LEAD),
    # L17 is judged here and at approval, so the lead department can record an approved exception first.
    "conclude_evaluation": Step(_("作出评估结论"), _s(S.EVALUATING), _s(S.PASSED, S.RETURNED, S.TERMINATED),
                                Actor.LEAD, ("region_opinion", "region_duplicate", "new_infrastructure")),
    "add_to_plan": Step(_("列入年度工作方案"), _s(S.PASSED), _s(S.IN_PLAN), Actor.LEAD, (), ("annual_late",)),
    "remove_from_plan": Step(_("移出年度工作方案"), _s(S.IN_PLAN), _s(S.PASSED), Actor.LEAD),
    "submit_plan": Step(_("随年度工作方案报市政府审定"), _s(S.IN_PLAN), _s(S.GOV_REVIEW), Actor.LEAD),
    "submit_special": Step(_("专项申报报市政府审定"), _s(S.SPECIAL_REVIEW), _s(S.GOV_REVIEW), Actor.LEAD,
                           ("special_opinions", "special_plan")),
    "government_decide": Step(_("市政府审定"), _s(S.GOV_REVIEW), _s(S.GOV_APPROVED, S.IN_PLAN, S.TERMINATED),
                              Actor.GOVERNMENT),
    "start_approval": Step(_("报请立项审批"),
                           _s(S.GOV_APPROVED, S.DECLARED, S.SPECIAL_REVIEW, S.EVALUATING, S.PASSED),
                           _s(S.APPROVING), Actor.UNIT, ("region_opinion", "region_duplicate")),
    "issue_approval": Step(_("批复立项"), _s(S.APPROVING), _s(S.APPROVED), Actor.APPROVER,
                           ("required_materials", "xinchuang_exception", "new_infrastructure", "no_sharing",
                            "platform_code")),
    "submit_fiscal_review": Step(_("报送财政投资评审"), _s(S.APPROVED), _s(S.FISCAL_REVIEW), Actor.UNIT),
    "complete_fiscal_review": Step(_("完成财政投资评审"), _s(S.FISCAL_REVIEW), _s(S.REVIEWED), Actor.FINANCE),
    "start_construction": Step(_("开工建设"), _s(S.REVIEWED), _s(S.CONSTRUCTING), Actor.UNIT,
                               ("supervision_contract",)),
    "complete": Step(_("完工"), _s(S.CONSTRUCTING), _s(S.COMPLETED), Actor.UNIT),
    "apply_acceptance": Step(_("申请验收"), _s(S.COMPLETED), _s(S.ACCEPTANCE_APPLIED), Actor.UNIT,
                             ("acceptance_materials",), ("acceptance_late",)),
    "start_acceptance": Step(_("组织验收"), _s(S.ACCEPTANCE_APPLIED), _s(S.ACCEPTING), Actor.APPROVER),
    "conclude_acceptance": Step(_("作出验收结论"), _s(S.ACCEPTING), _s(S.ACCEPTED, S.CONSTRUCTING), Actor.APPROVER),
    "file_report": Step(_("验收报告备案并归档"), _s(S.ACCEPTED), _s(S.ARCHIVED), Actor.UNIT),
    "start_operation": Step(_("转入运维"), _s(S.ARCHIVED), _s(S.OPERATING), Actor.UNIT),
    "terminate": Step(_("终止项目"), frozenset(set(State) - FINAL - {S.ARCHIVED, S.OPERATING}), _s(S.TERMINATED),
                      Actor.LEAD),
}

# The only steps a special declaration takes before municipal approval, and the annual path's.
SPECIAL_ONLY = {"submit_special"}
ANNUAL_ONLY = {"start_evaluation", "conclude_evaluation", "add_to_plan", "remove_from_plan", "submit_plan"}
