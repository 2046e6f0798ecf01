"""The project page's action panel: which actions a user may take now, with their forms.

Each action names the service it runs and the step of the lifecycle machine (a transition or an operation
bound to some states) whose state and actor decide whether it is open: the page asks ``workflow.can``, as
the service checks it. An action on one record (an approval item, a postponement request) asks that record's
own machine. ``ProjectActionView`` posts one of them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy

from govproj.common import workflow
from govproj.common.roles import Perm

from . import forms, selectors, services
from .models import ApprovalItem, Inspection, Opinion, Postponement


@dataclass(frozen=True)
class ActionSpec:
    label: str
    form: type
    run: Callable
    step: str | None = None  # the lifecycle step (or state-bound operation) whose ``workflow.can`` opens it
    available: Callable | None = None  # what else must hold that is no state (e.g. a declared infrastructure)
    objects: Callable | None = None  # per-object actions: the objects this user may act on
    object_field: str = ""
    multipart: bool = False


def decided_yes(data) -> bool:
    return data["decision"] == "yes"


ACTIONS: dict[str, ActionSpec] = {
    "submit": ActionSpec(gettext_lazy("提交申报"), forms.ConfirmForm,
                         lambda d, p, u, v: services.submit(by=u, project=p, expected_version=v), step="submit"),
    "withdraw": ActionSpec(gettext_lazy("撤回申报"), forms.ConfirmForm,
                           lambda d, p, u, v: services.withdraw(by=u, project=p, reason=d["reason"],
                                                                expected_version=v),
                           step="withdraw"),
    "redraft": ActionSpec(gettext_lazy("重新编辑"), forms.ConfirmForm,
                          lambda d, p, u, v: services.redraft(by=u, project=p, expected_version=v), step="redraft"),
    "start_evaluation": ActionSpec(gettext_lazy("启动综合评估"), forms.EvaluationStartForm,
                                   lambda d, p, u, v: services.start_evaluation(
                                       by=u, project=p, experts=list(d["experts"]), expected_version=v),
                                   step="start_evaluation"),
    "opinion": ActionSpec(gettext_lazy("出具意见"), forms.OpinionForm,
                          lambda d, p, u, v: services.opinion_give(
                              by=u, opinion=d["opinion"], conclusion=d["conclusion"], text=d["text"],
                              necessity=d["necessity"], feasibility=d["feasibility"], security=d["security"],
                              sharing=d["sharing"], funding=d["funding"]),
                          objects=lambda p, u: [o for o in p.opinions.all() if not o.submitted_at
                                                and services.may_answer(u, o)],
                          object_field="opinion"),
    "conclude_evaluation": ActionSpec(gettext_lazy("作出评估结论"), forms.ConcludeEvaluationForm,
                                      lambda d, p, u, v: services.conclude_evaluation(
                                          by=u, project=p, outcome=d["outcome"], reason=d["reason"],
                                          expected_version=v), step="conclude_evaluation"),
    "remind": ActionSpec(gettext_lazy("催办尚未反馈意见的部门/专家"), forms.ConfirmForm,
                         lambda d, p, u, v: services.remind_pending(by=u, project=p),
                         available=lambda p, u: any(not o.submitted_at for o in p.opinions.all())
                         and u.has_perm(Perm.REVIEW_PROJECTS.full)
                         and u.organisation_id == selectors.lead_department(timezone.localdate()).pk),
    "infrastructure_exception": ActionSpec(
        gettext_lazy("批准基础设施建设例外"), forms.ReasonForm,
        lambda d, p, u, v: services.record_infrastructure_exception(by=u, project=p, reason=d["reason"]),
        step="infrastructure_exception",
        available=lambda p, u: p.new_infrastructure and not p.infrastructure_exception_reason),
    "plan_add": ActionSpec(gettext_lazy("列入年度工作方案"), forms.PlanAddForm,
                           lambda d, p, u, v: services.plan_add(by=u, project=p, priority=d["priority"],
                                                                override_reason=d["override_reason"]),
                           step="add_to_plan"),
    "plan_remove": ActionSpec(gettext_lazy("移出年度工作方案"), forms.ConfirmForm,
                              lambda d, p, u, v: services.plan_remove(by=u, project=p, reason=d["reason"]),
                              step="remove_from_plan"),
    "submit_special": ActionSpec(gettext_lazy("报市政府审定"), forms.ConfirmForm,
                                 lambda d, p, u, v: services.submit_special(by=u, project=p, expected_version=v),
                                 step="submit_special"),
    "government_decide": ActionSpec(gettext_lazy("市政府审定专项申报"), forms.DecisionForm,
                                    lambda d, p, u, v: services.government_decide(
                                        by=u, project=p, approve=decided_yes(d), decision_ref=d["decision_ref"],
                                        reason=d["reason"], expected_version=v),
                                    step="government_decide",
                                    available=lambda p, u: p.declaration_type == "special"),
    "start_approval": ActionSpec(gettext_lazy("报请立项审批"), forms.ConfirmForm,
                                 lambda d, p, u, v: services.start_approval(by=u, project=p, expected_version=v),
                                 step="start_approval"),
    "item_submit": ActionSpec(gettext_lazy("报送审批事项"), forms.ItemSubmitForm,
                              lambda d, p, u, v: services.item_submit(
                                  by=u, item=d["item"], requested_amount=d["requested_amount"], chapters=d["chapters"],
                                  attachment=services.attachment_upload(by=u, project=p, kind=d["item"].kind,
                                                                        upload=d["file"])),
                              objects=lambda p, u: [i for i in services.submittable_items(p)
                                                    if workflow.can(u, i, "submit")],
                              object_field="item", multipart=True),
    "item_decide": ActionSpec(gettext_lazy("审批"), forms.ItemDecideForm,
                              lambda d, p, u, v: services.item_decide(
                                  by=u, item=d["item"], approve=decided_yes(d), approved_amount=d["approved_amount"],
                                  approval_ref=d["approval_ref"], chapters=d["chapters"], comment=d["comment"]),
                              objects=lambda p, u: [i for i in p.approval_items.all() if workflow.can(u, i, "decide")],
                              object_field="item"),
    "xinchuang_request": ActionSpec(gettext_lazy("申请信创替代例外（报保密行政管理部门）"), forms.ConfirmForm,
                                    lambda d, p, u, v: services.request_xinchuang_exception(by=u, project=p),
                                    step="xinchuang_request"),
    "issue_approval": ActionSpec(gettext_lazy("批复立项"), forms.ApprovalForm,
                                 lambda d, p, u, v: services.issue_approval(by=u, project=p,
                                                                            approval_ref=d["approval_ref"],
                                                                            expected_version=v),
                                 step="issue_approval"),
    "submit_fiscal_review": ActionSpec(gettext_lazy("报送财政投资评审"), forms.AmountForm,
                                       lambda d, p, u, v: services.submit_fiscal_review(
                                           by=u, project=p, amount=d["amount"], expected_version=v),
                                       step="submit_fiscal_review"),
    "complete_fiscal_review": ActionSpec(gettext_lazy("完成财政投资评审"), forms.FiscalReviewForm,
                                         lambda d, p, u, v: services.complete_fiscal_review(
                                             by=u, project=p, reviewed_amount=d["reviewed_amount"],
                                             comment=d["comment"], expected_version=v),
                                         step="complete_fiscal_review"),
    "start_construction": ActionSpec(gettext_lazy("开工建设"), forms.ConfirmForm,
                                     lambda d, p, u, v: services.start_construction(by=u, project=p,
                                                                                    expected_version=v),
                                     step="start_construction"),
    "progress": ActionSpec(gettext_lazy("报送进度表"), forms.ProgressForm,
                           lambda d, p, u, v: services.progress_report(by=u, project=p, **d),
                           step="progress"),
    "inspection": ActionSpec(gettext_lazy("登记现场检查"), forms.InspectionForm,
                             lambda d, p, u, v: services.inspection_record(by=u, project=p, **d),
                             step="inspection"),
    "rectify": ActionSpec(gettext_lazy("报送整改情况"), forms.RectifyForm,
                          lambda d, p, u, v: services.inspection_rectify(by=u, inspection=d["inspection"],
                                                                         rectification=d["rectification"]),
                          step="rectify", objects=lambda p, u: [i for i in p.inspections.all() if not i.rectified_on],
                          object_field="inspection"),
    "crypto": ActionSpec(gettext_lazy("登记密码应用安全性评估"), forms.CryptoForm,
                         lambda d, p, u, v: services.crypto_evaluation_record(by=u, project=p, **d),
                         step="crypto"),
    "complete": ActionSpec(gettext_lazy("登记完工"), forms.CompleteForm,
                           lambda d, p, u, v: services.complete(by=u, project=p, completed_on=d["completed_on"],
                                                                expected_version=v), step="complete"),
    "postpone": ActionSpec(gettext_lazy("申请延期验收"), forms.PostponeForm,
                           lambda d, p, u, v: services.postponement_request(by=u, project=p, **d),
                           step="postpone_request"),
    "postpone_decide": ActionSpec(gettext_lazy("审核延期验收申请"), forms.PostponeDecideForm,
                                  lambda d, p, u, v: services.postponement_decide(
                                      by=u, postponement=d["postponement"], approve=decided_yes(d),
                                      comment=d["comment"]),
                                  objects=lambda p, u: [x for x in p.postponements.all()
                                                        if workflow.can(u, x, "decide")],
                                  object_field="postponement"),
    "apply_acceptance": ActionSpec(gettext_lazy("申请验收"), forms.ConfirmForm,
                                   lambda d, p, u, v: services.apply_acceptance(by=u, project=p, expected_version=v),
                                   step="apply_acceptance"),
    "start_acceptance": ActionSpec(gettext_lazy("组织验收"), forms.AcceptanceStartForm,
                                   lambda d, p, u, v: services.start_acceptance(
                                       by=u, project=p, mode=d["mode"], members=d["members"],
                                       experts=list(d["experts"]), expected_version=v), step="start_acceptance"),
    "conclude_acceptance": ActionSpec(gettext_lazy("作出验收结论"), forms.AcceptanceConcludeForm,
                                      lambda d, p, u, v: services.conclude_acceptance(
                                          by=u, project=p, passed=decided_yes(d), conclusion=d["conclusion"],
                                          expected_version=v), step="conclude_acceptance"),
    "file_report": ActionSpec(gettext_lazy("验收报告备案并归档"), forms.ConfirmForm,
                              lambda d, p, u, v: services.file_report(by=u, project=p, expected_version=v),
                              step="file_report"),
    "start_operation": ActionSpec(gettext_lazy("转入运维"), forms.ConfirmForm,
                                  lambda d, p, u, v: services.start_operation(by=u, project=p, expected_version=v),
                                  step="start_operation"),
    "upload": ActionSpec(gettext_lazy("上传材料"), forms.UploadForm,
                         lambda d, p, u, v: services.attachment_upload(by=u, project=p, kind=d["kind"],
                                                                       upload=d["file"], passed=d["passed"],
                                                                       note=d["note"]),
                         step="upload", multipart=True),
    "terminate": ActionSpec(gettext_lazy("终止项目"), forms.ReasonForm,
                            lambda d, p, u, v: services.terminate(by=u, project=p, reason=d["reason"],
                                                                  expected_version=v), step="terminate"),
}
OBJECT_MODELS = {"opinion": Opinion, "item": ApprovalItem, "inspection": Inspection, "postponement": Postponement}


def open_actions(project, user, bound: dict | None = None) -> list[dict]:
    """The actions this user may take now, each with its (possibly bound) form(s)."""
    bound = bound or {}
    result = []
    for name, spec in ACTIONS.items():
        if spec.step and not workflow.can(user, project, spec.step):
            continue
        if spec.available and not spec.available(project, user):
            continue
        if spec.objects:
            for obj in spec.objects(project, user):
                key = f"{name}-{obj.pk}"
                form = bound.get(key) or spec.form(initial={spec.object_field: obj.pk}, prefix=key)
                result.append({"name": name, "key": key, "label": spec.label, "form": form, "object": obj,
                               "multipart": spec.multipart})
            continue
        form = bound.get(name) or spec.form(prefix=name)
        result.append({"name": name, "key": name, "label": spec.label, "form": form, "object": None,
                       "multipart": spec.multipart})
    return result
