"""Approval items, the 信创 exception and the approval itself (Art. 9–12), then fiscal review (Art. 13)."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from govproj.audit import services as audit
from govproj.common import workflow
from govproj.common.dates import on_or_today
from govproj.common.errors import WorkflowError, validate
from govproj.common.notify import notify
from govproj.common.roles import Perm
from govproj.orgs.models import Organisation
from govproj.rulebook import vocabulary
from govproj.rulebook.versions import version_on

from .. import selectors
from ..deadlines import (
    fiscal_review_workdays,
    workdays_after,
)
from ..models import (
    ApprovalItem,
    ApprovalItemKind,
    Attachment,
    AttachmentKind,
    FiscalReview,
    Opinion,
    OpinionKind,
    Project,
)
from ..states import State
from ._core import (
    ITEM_CHAPTER_FACT,
    add_participants,
    advance,
    check_step,
    current_kinds,
    judge,
    lock_step,
    next_round,
    record_event,
    refuse_on_blocks,
    update_next_actor,
)

# ---------------------------------------------------------------- approval (Art. 9–12)

ITEM_KINDS = {str(label): kind for kind, label in ApprovalItemKind.choices}
ITEM_ORDER = {ApprovalItemKind.PROPOSAL: 1, ApprovalItemKind.FEASIBILITY: 2, ApprovalItemKind.PRELIMINARY_DESIGN: 3,
              ApprovalItemKind.ESTIMATE: 3}
AMOUNT_ITEMS = {ApprovalItemKind.PROPOSAL, ApprovalItemKind.FEASIBILITY, ApprovalItemKind.ESTIMATE}


@transaction.atomic
def start_approval(*, by, project: Project, on: date | None = None, expected_version: int | None = None) -> Project:
    on = on_or_today(on)
    p = lock_step(project, "start_approval", by, on, expected_version)
    version = version_on(on)
    result = refuse_on_blocks(p, "start_approval", on, {"decided_on": on})
    approver = selectors.approver_for(p, on)
    items = [ITEM_KINDS[label] for label in result["required_approval_items"]]
    urgent = version.plan_listed_may_start_at_fs and p.urgent_major
    for kind in items:
        order = 0 if kind not in ITEM_ORDER else (2 if urgent and kind != ApprovalItemKind.FEASIBILITY and
                                                   ITEM_ORDER[kind] == 3 else ITEM_ORDER[kind])
        ApprovalItem.objects.get_or_create(project=p, kind=kind, defaults={"order": order})
    return advance(p, "start_approval", State.APPROVING, by=by, on=on, result=result, approver=approver,
                   data={"items": items, "approver": approver.code})


def _unapproved_before(item: ApprovalItem, items) -> list[ApprovalItem]:
    """Items approved in stages: proposal, then feasibility study, then design with estimate (Art. 9)."""
    if not item.order:
        return []
    return [i for i in items if 0 < i.order < item.order and i.status != ApprovalItem.Status.APPROVED]


def submittable_items(project: Project) -> list[ApprovalItem]:
    items = list(project.approval_items.all())
    return [i for i in items if project.state == State.APPROVING and i.status in (
        ApprovalItem.Status.PENDING, ApprovalItem.Status.RETURNED) and not _unapproved_before(i, items)]


def _item_for_update(item: ApprovalItem) -> ApprovalItem:
    return ApprovalItem.objects.select_for_update(of=("self",)).select_related("project", "project__unit",
                                                                   "project__approver").get(pk=item.pk)


@transaction.atomic
def item_submit(*, by, item: ApprovalItem, attachment: Attachment, requested_amount: Decimal | None = None,
                chapters=(), on: date | None = None) -> ApprovalItem:
    on = on_or_today(on)
    item = _item_for_update(item)
    p = item.project
    refusal = _("该审批事项当前不能报送。")
    if p.state != State.APPROVING:
        raise WorkflowError(refusal)
    check_step(by, item, "submit", on, refusal)
    earlier = _unapproved_before(item, p.approval_items.all())
    if earlier:
        raise WorkflowError(_("请先取得{items}的批复，再报送{kind}。").format(
            items="、".join(e.get_kind_display() for e in earlier), kind=item.get_kind_display()))
    if attachment.project_id != p.pk:
        raise WorkflowError(_("材料不属于该项目。"))
    if item.kind in AMOUNT_ITEMS and not requested_amount:
        raise WorkflowError(_("请填写{kind}的申报金额。").format(kind=item.get_kind_display()))
    workflow.move(item, "submit", validated=True, by=by, action=audit.Action.UPDATE, attachment=attachment,
                  requested_amount=requested_amount, chapters=[c for c in chapters if c in vocabulary.CHAPTERS])
    record_event(p, by=by, on=on, step="item_submit", label=_("报送{kind}").format(kind=item.get_kind_display()),
                 data={"item": item.pk, "amount": str(requested_amount or "")})
    update_next_actor(p, on)
    notify(selectors.people(p.approver, Perm.REVIEW_PROJECTS), title=_("待审批：{name}的{kind}").format(
        name=p.name, kind=item.get_kind_display()), url=reverse("projects:detail", args=[p.pk]))
    return item


@transaction.atomic
def item_decide(*, by, item: ApprovalItem, approve: bool, approved_amount: Decimal | None = None,
                approval_ref: str = "", chapters=None, comment: str = "", on: date | None = None) -> ApprovalItem:
    on = on_or_today(on)
    item = _item_for_update(item)
    p = item.project
    check_step(by, item, "decide", on, _("该审批事项不在待审批状态。"))
    if chapters is not None:
        item.chapters = [c for c in chapters if c in vocabulary.CHAPTERS]
    if approve:
        if item.kind in AMOUNT_ITEMS and approved_amount is None:
            raise WorkflowError(_("请填写批复金额。"))
        if not approval_ref.strip():
            raise WorkflowError(_("请填写批复文号。"))
        if item.kind in ITEM_CHAPTER_FACT:
            result = judge(p, on, {ITEM_CHAPTER_FACT[item.kind]: list(item.chapters)})
            blocks = [f for f in result["findings"] if f["key"] == "approval_chapters"]
            if blocks:
                raise WorkflowError([b["message"] for b in blocks], findings=blocks)
    elif not comment.strip():
        raise WorkflowError(_("退回时须写明修改意见。"))
    workflow.move(item, "decide", validated=True, by=by, action=audit.Action.DECISION,
                  to=ApprovalItem.Status.APPROVED if approve else ApprovalItem.Status.RETURNED,
                  chapters=item.chapters, approved_amount=approved_amount if approve else None,
                  approval_ref=approval_ref, comment=comment, decided_by=by, decided_on=on)
    record_event(p, by=by, on=on, step="item_decide", label=_("{kind}：{result}").format(
        kind=item.get_kind_display(), result=_("批复") if approve else _("退回修改")), reason=comment,
        data={"item": item.pk, "approved_amount": str(approved_amount or ""), "approval_ref": approval_ref})
    update_next_actor(p, on)
    notify(selectors.unit_people(p), title=_("{kind}已{result}：{name}").format(
        kind=item.get_kind_display(), result=_("批复") if approve else _("退回"), name=p.name),
        url=reverse("projects:detail", args=[p.pk]))
    return item


@transaction.atomic
def request_xinchuang_exception(*, by, project: Project, on: date | None = None) -> Opinion:
    """Art. 11: products that cannot yet be replaced need an evaluation and the 保密 department's approval."""
    on = on_or_today(on)
    p = lock_step(project, "xinchuang_request", by, on, None, _("信创例外应在项目报批阶段申请。"))
    if AttachmentKind.XINCHUANG_EVALUATION not in current_kinds(p):
        raise WorkflowError(_("请先上传信创替代评估论证材料（第十一条）。"))
    if p.opinions.filter(kind=OpinionKind.XINCHUANG, submitted_at__isnull=True).exists():
        raise WorkflowError(_("已提交申请，等待保密行政管理部门审查。"))
    secrecy = Organisation.objects.get(code=version_on(on).secrecy_department)
    round_ = next_round(p, OpinionKind.XINCHUANG)
    opinion = Opinion.objects.create(project=p, kind=OpinionKind.XINCHUANG, round=round_, organisation=secrecy,
                                     requested_on=on)
    add_participants(p, selectors.department_people(secrecy), "xinchuang")
    before = audit.snapshot(p)
    Project.objects.filter(pk=p.pk).update(xinchuang_exception_needed=True, xinchuang_exception_approved=None)
    p.refresh_from_db()
    audit.record(actor=by, action=audit.Action.UPDATE, obj=p, before=before, after=audit.snapshot(p))
    record_event(p, by=by, on=on, step="xinchuang_request",
                 label=_("申请信创替代例外，送{org}审查").format(org=secrecy.short_name))
    notify(selectors.department_people(secrecy), title=_("待审查信创例外：{name}").format(name=p.name),
           url=reverse("projects:detail", args=[p.pk]))
    return opinion


@transaction.atomic
def issue_approval(*, by, project: Project, approval_ref: str, on: date | None = None,
                   expected_version: int | None = None) -> Project:
    on = on_or_today(on)
    p = lock_step(project, "issue_approval", by, on, expected_version)
    open_items = [i.get_kind_display() for i in p.approval_items.exclude(status=ApprovalItem.Status.APPROVED)]
    if open_items:
        raise WorkflowError(_("以下审批事项尚未批复：{items}。").format(items="、".join(open_items)))
    if not approval_ref.strip():
        raise WorkflowError(_("请填写批复文号。"))
    result = refuse_on_blocks(p, "issue_approval", on, {"decided_on": on})
    amounts = [i.approved_amount for i in sorted(p.approval_items.all(), key=lambda i: i.order)
               if i.approved_amount is not None]
    approved = amounts[-1] if amounts else p.total_investment
    return advance(p, "issue_approval", State.APPROVED, by=by, on=on, result=result, approved_investment=approved,
                   data={"approval_ref": approval_ref, "approved_investment": str(approved)})


# ---------------------------------------------------------------- fiscal review (Art. 13; 钦政办规〔2019〕1号 Art. 10)

@transaction.atomic
def submit_fiscal_review(*, by, project: Project, amount: Decimal, on: date | None = None,
                         expected_version: int | None = None) -> FiscalReview:
    on = on_or_today(on)
    p = lock_step(project, "submit_fiscal_review", by, on, expected_version)
    if amount is None or amount <= 0:
        raise WorkflowError(_("请填写送审金额。"))
    due, problem = workdays_after(on, fiscal_review_workdays(amount))
    review = FiscalReview.objects.create(project=p, submitted_on=on, submitted_amount=amount, due_on=due)
    advance(p, "submit_fiscal_review", State.FISCAL_REVIEW, by=by, on=on, due=due,
            data={"amount": str(amount), "workdays": fiscal_review_workdays(amount),
                   **({"deadline_problem": problem} if problem else {})})
    return review


@transaction.atomic
def complete_fiscal_review(*, by, project: Project, reviewed_amount: Decimal, comment: str = "",
                           on: date | None = None, expected_version: int | None = None) -> Project:
    on = on_or_today(on)
    p = lock_step(project, "complete_fiscal_review", by, on, expected_version)
    if reviewed_amount is None or reviewed_amount < 0:
        raise WorkflowError(_("请填写审定金额。"))
    review = p.fiscal_reviews.select_for_update().first()
    review.reviewed_amount, review.completed_on, review.reviewer, review.comment = reviewed_amount, on, by, comment
    validate(review)
    review.save()
    late = bool(review.due_on and on > review.due_on)
    return advance(p, "complete_fiscal_review", State.REVIEWED, by=by, on=on, reason=comment,
                   data={"reviewed_amount": str(reviewed_amount), "late": late})
