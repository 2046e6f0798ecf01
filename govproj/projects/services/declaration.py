"""Drafting and declaring a project, its documents, withdrawing it, and ending it (Art. 6–8)."""

import hashlib
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from govproj.audit import services as audit
from govproj.common.dates import on_or_today
from govproj.common.errors import ConcurrentChange, WorkflowError, validate
from govproj.common.files import check_file
from govproj.common.roles import Perm
from govproj.orgs.models import Organisation
from govproj.rulebook.versions import version_on

from ..deadlines import (
    workdays_after,
)
from ..models import (
    AnnualPlan,
    Attachment,
    AttachmentKind,
    Opinion,
    OpinionKind,
    Project,
)
from ..states import State
from ._core import (
    advance,
    is_unit_member,
    is_unit_member_of,
    lock_step,
    next_round,
    record_event,
    refuse_on_blocks,
)

# ---------------------------------------------------------------- drafting

EDITABLE_STATES = {State.DRAFT, State.RETURNED}


@transaction.atomic
def project_create(*, by, unit: Organisation, on: date | None = None, **fields) -> Project:
    _declaration_only(fields)
    project = Project(unit=unit, created_by=by, state=State.DRAFT, state_since=on_or_today(on),
                      next_actor=(unit.short_name or unit.name)[:100], **fields)
    if not is_unit_member_of(by, unit.pk):
        raise PermissionDenied(_("只能为本单位申报项目。"))
    validate(project, exclude=["code"])
    project.save()
    audit.record_change(actor=by, obj=project, before=None)
    record_event(project, by=by, on=on_or_today(on), step="create", label=_("创建项目草稿"), to_state=State.DRAFT)
    return project


# What a unit declares; everything else on a project changes only through the steps below.
DECLARATION_FIELDS = frozenset({
    "name", "declaration_type", "plan_year", "build_type", "category", "parent", "content", "functions",
    "total_investment", "fund_central", "fund_region", "fund_municipal", "fund_other", "region_platform_code",
    "region_opinion", "region_unified", "unified_documents_cover_city", "centrally_funded",
    "in_national_or_region_plan", "urgent_major", "produces_data", "supports_sharing", "new_civil_works",
    "high_energy", "classified", "new_infrastructure", "network", "uses_gov_cloud", "common_apps",
    "region_data_exchange",
})


def _declaration_only(fields: dict) -> None:
    other = sorted(set(fields) - DECLARATION_FIELDS)
    if other:
        raise WorkflowError(_("以下内容只能通过相应办理环节变更，不能在申报表中修改：{fields}。").format(
            fields="、".join(other)))


@transaction.atomic
def project_update(*, by, project: Project, expected_version: int | None = None, **fields) -> Project:
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if expected_version is not None and locked.lock_version != expected_version:
        raise ConcurrentChange()
    if locked.state not in EDITABLE_STATES:
        raise WorkflowError(_("项目已提交，当前状态“{state}”下不能修改申报内容。").format(
            state=locked.get_state_display()))
    if not is_unit_member(by, locked):
        raise PermissionDenied(_("只有建设单位可以修改申报内容。"))
    _declaration_only(fields)
    before = audit.snapshot(locked)
    for key, value in fields.items():
        setattr(locked, key, value)
    locked.lock_version += 1
    validate(locked, exclude=["code"])
    locked.save()
    audit.record_change(actor=by, obj=locked, before=before)
    return locked


REVIEWER_KINDS = {AttachmentKind.APPROVAL_DOC, AttachmentKind.EVALUATION_REPORT, AttachmentKind.INSPECTION,
                  AttachmentKind.ACCEPTANCE_REPORT, AttachmentKind.OTHER}


@transaction.atomic
def attachment_upload(*, by, project: Project, kind: str, upload, passed: bool | None = None, note: str = "",
                      on: date | None = None) -> Attachment:
    """Add a version of a typed document. The unit uploads its materials; reviewers their own documents."""
    on = on_or_today(on)
    if kind not in AttachmentKind.values:
        raise WorkflowError(_("未知的材料类型。"))
    locked = lock_step(project, "upload", by, on, None, _("项目已终止，不能再上传材料。"))
    reviewer = by.has_perm(Perm.REVIEW_PROJECTS.full) and kind in REVIEWER_KINDS
    if not (reviewer or is_unit_member(by, locked)):
        raise PermissionDenied(_("您无权为该项目上传材料。"))
    name = check_file(upload)
    version = (locked.attachments.filter(kind=kind).aggregate(v=Max("version"))["v"] or 0) + 1
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(project=locked, kind=kind, version=version, original_name=name[:200], size=upload.size,
                            sha256=digest.hexdigest(), passed=passed, note=note, uploaded_by=by)
    attachment.file.save(name, upload, save=False)
    attachment.save()
    record_event(locked, by=by, on=on, step="upload", label=_("上传{kind}（第 {v} 版）").format(
        kind=attachment.get_kind_display(), v=version), data={"attachment": attachment.pk, "name": name})
    audit.record(actor=by, action=audit.Action.UPLOAD, obj=attachment,
                 after={"project": locked.pk, "kind": kind, "version": version, "name": name, "size": upload.size,
                        "sha256": attachment.sha256, "passed": passed})
    return attachment


# ---------------------------------------------------------------- declaration (Art. 6–8)

@transaction.atomic
def submit(*, by, project: Project, on: date | None = None, expected_version: int | None = None) -> Project:
    on = on_or_today(on)
    p = lock_step(project, "submit", by, on, expected_version)
    declared_on = p.declared_on or on
    version = version_on(declared_on)
    result = refuse_on_blocks(p, "submit", on, {"declared_on": declared_on})
    code = p.code or f"SZQZ-{declared_on.year}-{p.pk:06d}"
    if p.declaration_type == "special":
        due, problem = workdays_after(declared_on if not p.declared_on else on, version.special_opinion_workdays)
        round_ = next_round(p, OpinionKind.SPECIAL)
        for org in Organisation.objects.filter(code__in=version.special_opinion_departments):
            Opinion.objects.create(project=p, kind=OpinionKind.SPECIAL, round=round_, organisation=org,
                                   requested_on=on, due_on=due)
        return advance(p, "submit", State.SPECIAL_REVIEW, by=by, on=on, result=result, due=due,
                       data={"deadline_problem": problem} if problem else None,
                       declared_on=declared_on, rulebook=version.document, code=code)
    return advance(p, "submit", State.DECLARED, by=by, on=on, result=result, declared_on=declared_on,
                   rulebook=version.document, code=code)


@transaction.atomic
def withdraw(*, by, project: Project, reason: str = "", on: date | None = None,
             expected_version: int | None = None) -> Project:
    """Only before review starts: nobody has given an opinion yet."""
    on = on_or_today(on)
    p = lock_step(project, "withdraw", by, on, expected_version)
    if p.opinions.filter(submitted_at__isnull=False, requested_on__gte=p.state_since).exists():
        raise WorkflowError(_("已有部门出具意见，审查已经开始，不能撤回。"))
    p.opinions.filter(submitted_at__isnull=True).delete()
    return advance(p, "withdraw", State.WITHDRAWN, by=by, on=on, reason=reason)


@transaction.atomic
def redraft(*, by, project: Project, on: date | None = None, expected_version: int | None = None) -> Project:
    on = on_or_today(on)
    p = lock_step(project, "redraft", by, on, expected_version)
    return advance(p, "redraft", State.DRAFT, by=by, on=on)


@transaction.atomic
def terminate(*, by, project: Project, reason: str, on: date | None = None,
              expected_version: int | None = None) -> Project:
    on = on_or_today(on)
    p = lock_step(project, "terminate", by, on, expected_version)
    if not reason.strip():
        raise WorkflowError(_("终止项目须写明理由。"))
    p.opinions.filter(submitted_at__isnull=True).delete()
    if hasattr(p, "plan_entry") and p.plan_entry.plan.status == AnnualPlan.Status.DRAFT:
        p.plan_entry.delete()
    return advance(p, "terminate", State.TERMINATED, by=by, on=on, reason=reason)
