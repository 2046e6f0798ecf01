"""The app's statuses and their machines, declared in one place (spec §2).

Every change of ``Project.state`` goes through ``services._core.advance`` with one of the names in
``STEPS``; the table says from which states a step may start, where it may lead and who acts.
``OPERATIONS`` are what may be done to a project only in some states without moving it; with ``STEPS``
they make the lifecycle machine that ``workflow.can`` asks for the page, the API and the command line.
The annual plan, the approval items and the postponement requests change status only by their own
machines (``workflow.move``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from govproj.common.workflow import Machine, Step, step


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
    UNIT_OR_REVIEWER = "unit_or_reviewer", _("建设单位或审查部门")


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

# Art. 14: an infrastructure exception is approved after declaration and before the approval is issued.
EXCEPTION_STATES = frozenset({S.DECLARED, S.SPECIAL_REVIEW, S.EVALUATING, S.PASSED, S.IN_PLAN, S.GOV_REVIEW,
                              S.GOV_APPROVED, S.APPROVING})
# Art. 11: the 信创 exception is asked for "在项目报批阶段", from the preparatory work until the approval is issued.
APPLICATION_STATES = frozenset({S.DRAFT, S.RETURNED, *EXCEPTION_STATES})
# Art. 35: the lead department inspects the project's "建设、运行和维护", from the start of construction on.
SUPERVISED_STATES = frozenset({S.CONSTRUCTING, S.COMPLETED, S.ACCEPTANCE_APPLIED, S.ACCEPTING, S.ACCEPTED,
                               S.ARCHIVED, S.OPERATING})


def _operation(label, states, actor) -> Step:
    """A step that changes no state: allowed only in ``states``, and the project stays where it is."""
    return step(label, states, states, actor)


OPERATIONS: dict[str, Step] = {
    "upload": _operation(_("上传材料"), frozenset(set(State) - FINAL), Actor.UNIT_OR_REVIEWER),
    "infrastructure_exception": _operation(_("批准基础设施建设例外"), EXCEPTION_STATES, Actor.LEAD),
    "xinchuang_request": _operation(_("申请信创替代例外"), APPLICATION_STATES, Actor.UNIT),
    # Art. 35: 进度表 are collected while the project is being built.
    "progress": _operation(_("报送进度表"), (S.CONSTRUCTING, S.COMPLETED), Actor.UNIT),
    "inspection": _operation(_("登记现场检查"), SUPERVISED_STATES, Actor.LEAD),
    "rectify": _operation(_("报送整改情况"), SUPERVISED_STATES, Actor.UNIT),
    # Art. 16: 密评 is planned with the construction and repeated while the system runs.
    "crypto": _operation(_("登记密码应用安全性评估"),
                         (S.CONSTRUCTING, S.COMPLETED, S.ACCEPTED, S.ARCHIVED, S.OPERATING), Actor.UNIT),
    # Art. 22: a unit that cannot apply for acceptance in time asks for a postponement before applying.
    "postpone_request": _operation(_("申请延期验收"), S.COMPLETED, Actor.UNIT),
}
LIFECYCLE = Machine({**STEPS, **OPERATIONS}, field="state")

# The only steps a special declaration takes before municipal approval, and the annual path's.
SPECIAL_ONLY = {"submit_special"}
ANNUAL_ONLY = {"start_evaluation", "conclude_evaluation", "add_to_plan", "remove_from_plan", "submit_plan"}


# ---------------------------------------------------------------- the records that follow the lifecycle


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("编制中")
    SUBMITTED = "submitted", _("已报市政府审定")
    APPROVED = "approved", _("市政府已审定")


class ItemStatus(models.TextChoices):
    PENDING = "pending", _("待报送")
    SUBMITTED = "submitted", _("待审批")
    APPROVED = "approved", _("已批复")
    RETURNED = "returned", _("退回修改")


class PostponementStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已同意")
    REFUSED = "refused", _("不同意")


# Art. 7: the lead department drafts the year's plan and sends it whole; the government approves or returns it.
PLAN = Machine({
    "reorder": step(_("调整年度工作方案排序"), PlanStatus.DRAFT, PlanStatus.DRAFT, Actor.LEAD),
    "submit": step(_("报市人民政府审定"), PlanStatus.DRAFT, PlanStatus.SUBMITTED, Actor.LEAD),
    "decide": step(_("审定年度工作方案"), PlanStatus.SUBMITTED, (PlanStatus.APPROVED, PlanStatus.DRAFT),
                   Actor.GOVERNMENT),
})
# Art. 9: the unit submits each approval item; the approver approves it or returns it for revision.
ITEM = Machine({
    "submit": step(_("报送审批事项"), (ItemStatus.PENDING, ItemStatus.RETURNED), ItemStatus.SUBMITTED, Actor.UNIT),
    "decide": step(_("审批"), ItemStatus.SUBMITTED, (ItemStatus.APPROVED, ItemStatus.RETURNED), Actor.APPROVER),
})
# Art. 22: the acceptance organiser decides a postponement request.
POSTPONEMENT = Machine({
    "decide": step(_("审核延期验收申请"), PostponementStatus.PENDING,
                   (PostponementStatus.APPROVED, PostponementStatus.REFUSED), Actor.APPROVER),
})
