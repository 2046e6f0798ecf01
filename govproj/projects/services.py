"""Every change to a project goes through a function here.

Each step function runs in one transaction: it locks the project, checks that the step may start
from the current state (``states.STEPS``) and that the user may take it, judges the project by the
rules of the rulebook version in force on the day of the step, refuses on a blocking finding,
then moves the project, sets the next deadline, writes the timeline event and the audit record,
and notifies whoever must act next. ``on`` is the business date of the step (today unless a
caller records an earlier act, as the demo loader does).
"""

import hashlib
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from govproj.audit import services as audit
from govproj.common.dates import on_or_today
from govproj.common.errors import ConcurrentChange, WorkflowError
from govproj.common.files import check_file
from govproj.common.notify import notify
from govproj.common.roles import ROLE_PERMISSIONS, Perm, Scope
from govproj.common.scoping import role_grants
from govproj.orgs.models import Organisation
from govproj.rulebook import rules
from govproj.rulebook.versions import version_on

from . import providers, selectors
from .deadlines import (
    add_months,
    evaluation_due,
    fiscal_review_workdays,
    workdays_after,
)
from .models import (
    CONCLUDED_KINDS,
    AcceptanceAttempt,
    AnnualPlan,
    ApprovalItem,
    ApprovalItemKind,
    Attachment,
    AttachmentKind,
    Conclusion,
    CryptoEvaluation,
    Event,
    FiscalReview,
    Inspection,
    Opinion,
    OpinionKind,
    Participant,
    PlanEntry,
    Postponement,
    ProgressReport,
    Project,
)
from .states import STEPS, Actor, State

# ---------------------------------------------------------------- facts and rules

ACCEPTANCE_STATES = {State.COMPLETED, State.ACCEPTANCE_APPLIED, State.ACCEPTING}
BUILDING_STATES = {State.REVIEWED, State.CONSTRUCTING, *ACCEPTANCE_STATES}
ITEM_CHAPTER_FACT = {ApprovalItemKind.FEASIBILITY: "feasibility_chapters",
                     ApprovalItemKind.PRELIMINARY_DESIGN: "design_chapters"}


def current_kinds(project: Project) -> set[str]:
    """Kinds with a current document; an assessment counts only when its latest version passed (Art. 22)."""
    latest: dict[str, Attachment] = {}
    for a in sorted(project.attachments.all(), key=lambda a: a.version):
        latest[a.kind] = a
    return {k for k, a in latest.items() if a.passed is True or (k not in CONCLUDED_KINDS and a.passed is not False)}


def facts(project: Project, on: date | None = None) -> dict:
    """The rule facts of ``project`` as of ``on``; stage facts appear once the project reaches that stage."""
    on = on_or_today(on)
    kinds = current_kinds(project) if project.pk else set()
    f = {
        "name": project.name, "unit": project.unit.code, "declaration_type": project.declaration_type,
        "declared_on": project.declared_on or on, "decided_on": on, "plan_year": project.plan_year,
        "total_investment": project.total_investment, "build_type": project.build_type,
        "region_platform_code": project.region_platform_code,
        "region_opinion_recorded": bool(project.region_opinion.strip()),
        "region_requirement_doc": AttachmentKind.REGION_REQUIREMENT in kinds,
        "has_resource_catalog": AttachmentKind.RESOURCE_CATALOG in kinds,
        "has_crypto_plan": AttachmentKind.CRYPTO_PLAN in kinds,
        "has_xinchuang_plan": AttachmentKind.XINCHUANG_PLAN in kinds,
        "has_construction_plan": AttachmentKind.CONSTRUCTION_PLAN in kinds,
        "infrastructure_exception_approved": bool(project.infrastructure_exception_reason.strip()),
        "new_infrastructure": list(project.new_infrastructure),
    }
    for key in ("region_unified", "unified_documents_cover_city", "centrally_funded", "in_national_or_region_plan",
                "urgent_major", "produces_data", "supports_sharing", "new_civil_works", "high_energy", "classified"):
        f[key] = getattr(project, key)
    if project.xinchuang_exception_needed:
        f["xinchuang_exception_approved"] = bool(project.xinchuang_exception_approved)
    if project.declaration_type == "special" and project.pk:
        given = {o.organisation.code for o in project.opinions.all()
                 if o.kind == OpinionKind.SPECIAL and o.submitted_at and o.organisation_id}
        version = version_on(f["declared_on"])
        lead, finance = version.special_opinion_departments
        f["lead_opinion_recorded"], f["finance_opinion_recorded"] = lead in given, finance in given
    if project.state == State.APPROVING and project.pk:
        for item in project.approval_items.all():
            if item.kind in ITEM_CHAPTER_FACT and item.status in (ApprovalItem.Status.SUBMITTED,
                                                                  ApprovalItem.Status.APPROVED):
                f[ITEM_CHAPTER_FACT[item.kind]] = list(item.chapters)
    if project.state in BUILDING_STATES:
        f["has_supervision_contract"] = AttachmentKind.SUPERVISION_CONTRACT in kinds
    if project.state in ACCEPTANCE_STATES:
        f["completed_on"] = project.completed_on
        if project.acceptance_due:
            f["acceptance_due"] = project.acceptance_due
        f["acceptance_materials"] = sorted(kinds & set(rules.ACCEPTANCE_MATERIALS))
    # The region-level register (L2), the information-resource catalogue (S2, L13) and the system register's
    # zombie determinations (S5) are kept by the apps above this one, which provide their facts.
    f.update(providers.provided_facts(project, on))
    return f


def judge(project: Project, on: date | None = None, extra: dict | None = None) -> dict:
    return rules.evaluate({**facts(project, on), **(extra or {})})


def _blocks(result: dict, step: str) -> list[dict]:
    gates = STEPS[step].gates
    return [f for f in result["findings"] if f["severity"] == rules.Severity.BLOCK and f["key"] in gates]


def _refuse_on_blocks(project: Project, step: str, on: date, extra: dict | None = None) -> dict:
    result = judge(project, on, extra)
    blocks = _blocks(result, step)
    if blocks:
        raise WorkflowError([b["message"] for b in blocks], findings=blocks)
    return result


# ---------------------------------------------------------------- who may act

def is_unit_member(user, project: Project) -> bool:
    """Whether ``user`` acts for the project's unit (or a unit above it) with the right to declare and build."""
    return _is_unit_member_of(user, project.unit_id)


def _is_unit_member_of(user, unit_id: int) -> bool:
    # The user's grants are loaded once per request (role_grants caches them), so this asks no query.
    return any(grant.scope == Scope.ALL or unit_id in grant.unit_ids for grant in role_grants(user)
               if Perm.DECLARE_PROJECTS in ROLE_PERMISSIONS[grant.role])


def _require_department(user, organisation: Organisation, label) -> None:
    if not (user.has_perm(Perm.REVIEW_PROJECTS.full) and user.organisation_id == organisation.pk):
        raise PermissionDenied(_("“{step}”应由{org}办理。").format(step=label, org=organisation.short_name))


def _check_actor(user, project: Project, step: str, on: date) -> None:
    st = STEPS[step]
    if st.actor == Actor.UNIT:
        if not is_unit_member(user, project):
            raise PermissionDenied(_("“{step}”应由建设单位{unit}办理。").format(step=st.label, unit=project.unit.short_name))
    elif st.actor == Actor.LEAD:
        _require_department(user, selectors.lead_department(on), st.label)
    elif st.actor == Actor.APPROVER:
        if step in ("start_acceptance", "conclude_acceptance"):
            organisation = selectors.current_acceptance(project).organiser
        else:
            organisation = project.approver
        _require_department(user, organisation, st.label)
    elif st.actor == Actor.GOVERNMENT:
        if not user.has_perm(Perm.GOVERNMENT_DECIDE.full):
            raise PermissionDenied(_("“{step}”应由市人民政府办理。").format(step=st.label))
    elif st.actor == Actor.FINANCE:
        if not user.has_perm(Perm.FISCAL_REVIEW.full):
            raise PermissionDenied(_("“{step}”应由市财政局办理。").format(step=st.label))


def can_take(user, project: Project, step: str, on: date | None = None) -> bool:
    """Whether ``user`` is the one who takes ``step`` on ``project`` (not whether the rules would let it pass)."""
    try:
        _check_actor(user, project, step, on_or_today(on))
    except PermissionDenied:
        return False
    return True


def _lock(project: Project, step: str, by, on: date, expected_version: int | None) -> Project:
    """The project row, locked, after checking that ``step`` may start now and ``by`` may take it."""
    locked = Project.objects.select_for_update(of=("self",)).select_related("unit", "approver").get(pk=project.pk)
    if expected_version is not None and locked.lock_version != expected_version:
        raise ConcurrentChange()
    st = STEPS[step]
    if locked.state not in st.sources:
        raise WorkflowError(_("项目当前状态为“{state}”，不能{step}。").format(state=locked.get_state_display(), step=st.label))
    _check_actor(by, locked, step, on)
    return locked


def _fresh(project: Project) -> Project:
    """The project as it is now, locked: a step never trusts the caller's possibly stale copy."""
    return Project.objects.select_for_update(of=("self",)).select_related("unit", "approver").get(pk=project.pk)


# ---------------------------------------------------------------- recording

def _event(project, *, by, on, step, label, from_state="", to_state="", reason="", result=None, data=None):
    st = STEPS.get(step)
    keys = set(st.gates + st.warns) if st else set()
    findings = [f for f in (result or {}).get("findings", []) if f["key"] in keys]
    return Event.objects.create(
        project=project, on=on, actor=by, actor_name=getattr(by, "full_name", "") or getattr(by, "username", ""),
        step=step, label=str(label), from_state=from_state, to_state=to_state, reason=reason,
        rulebook=(result or {}).get("rulebook", ""), findings=findings, data=data or {},
    )


def _update_next_actor(project: Project, on: date) -> tuple[str, list]:
    """Store who acts next (the list column) and return it with the people to notify."""
    label, recipients = selectors.who_acts(project, on)
    project.next_actor = label[:100]
    Project.objects.filter(pk=project.pk).update(next_actor=project.next_actor)
    return label, recipients


def _advance(project: Project, step: str, to: str, *, by, on: date, reason: str = "", result: dict | None = None,
             data: dict | None = None, due: date | None = None, **fields) -> Project:
    """Move the locked ``project`` to ``to``; the conditional update makes a concurrent step lose, not overwrite."""
    st = STEPS[step]
    if to not in st.targets:
        raise AssertionError(f"{step} cannot lead to {to}")
    before = audit.snapshot(project)
    from_state = project.state
    updated = Project.objects.filter(pk=project.pk, lock_version=project.lock_version, state=from_state).update(
        state=to, state_since=on, next_due=due, lock_version=F("lock_version") + 1, updated_at=timezone.now(), **fields)
    if updated != 1:
        raise ConcurrentChange()
    project.refresh_from_db()
    label, recipients = _update_next_actor(project, on)
    _event(project, by=by, on=on, step=step, label=st.label, from_state=from_state, to_state=to, reason=reason,
           result=result, data=data)
    audit.record(actor=by, action=audit.Action.TRANSITION, obj=project, before=before,
                 after={**audit.snapshot(project), "step": step, "reason": reason})
    if recipients:
        notify(recipients, title=_("待办：{name}（{state}）").format(name=project.name, state=project.get_state_display()),
               body=_("“{step}”已完成，下一步由{who}办理。").format(step=st.label, who=label),
               url=reverse("projects:detail", args=[project.pk]))
    return project


def _next_round(project: Project, kind: str) -> int:
    return (project.opinions.filter(kind=kind).aggregate(r=Max("round"))["r"] or 0) + 1


def _add_participants(project: Project, users, reason: str) -> None:
    Participant.objects.bulk_create([Participant(project=project, user=u, reason=reason) for u in users],
                                    ignore_conflicts=True)


# ---------------------------------------------------------------- drafting

EDITABLE_STATES = {State.DRAFT, State.RETURNED}


@transaction.atomic
def project_create(*, by, unit: Organisation, on: date | None = None, **fields) -> Project:
    _declaration_only(fields)
    project = Project(unit=unit, created_by=by, state=State.DRAFT, state_since=on_or_today(on),
                      next_actor=(unit.short_name or unit.name)[:100], **fields)
    if not _is_unit_member_of(by, unit.pk):
        raise PermissionDenied(_("只能为本单位申报项目。"))
    project.full_clean(exclude=["code"])
    project.save()
    audit.record_change(actor=by, obj=project, before=None)
    _event(project, by=by, on=on_or_today(on), step="create", label=_("创建项目草稿"), to_state=State.DRAFT)
    return project


# What a unit declares; everything else on a project changes only through the steps below.
DECLARATION_FIELDS = frozenset({
    "name", "declaration_type", "plan_year", "build_type", "category", "parent", "content", "functions",
    "total_investment", "fund_central", "fund_region", "fund_municipal", "fund_other", "region_platform_code",
    "region_opinion", "region_unified", "unified_documents_cover_city", "centrally_funded", "in_national_or_region_plan",
    "urgent_major", "produces_data", "supports_sharing", "new_civil_works", "high_energy", "classified",
    "new_infrastructure", "network", "uses_gov_cloud", "common_apps", "region_data_exchange",
})


def _declaration_only(fields: dict) -> None:
    other = sorted(set(fields) - DECLARATION_FIELDS)
    if other:
        raise WorkflowError(_("以下内容只能通过相应办理环节变更，不能在申报表中修改：{fields}。").format(fields="、".join(other)))


@transaction.atomic
def project_update(*, by, project: Project, expected_version: int | None = None, **fields) -> Project:
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if expected_version is not None and locked.lock_version != expected_version:
        raise ConcurrentChange()
    if locked.state not in EDITABLE_STATES:
        raise WorkflowError(_("项目已提交，当前状态“{state}”下不能修改申报内容。").format(state=locked.get_state_display()))
    if not is_unit_member(by, locked):
        raise PermissionDenied(_("只有建设单位可以修改申报内容。"))
    _declaration_only(fields)
    before = audit.snapshot(locked)
    for key, value in fields.items():
        setattr(locked, key, value)
    locked.lock_version += 1
    locked.full_clean(exclude=["code"])
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
    reviewer = by.has_perm(Perm.REVIEW_PROJECTS.full) and kind in REVIEWER_KINDS
    if not (reviewer or is_unit_member(by, project)):
        raise PermissionDenied(_("您无权为该项目上传材料。"))
    if project.state in (State.TERMINATED,):
        raise WorkflowError(_("项目已终止，不能再上传材料。"))
    name = check_file(upload)
    locked = Project.objects.select_for_update().get(pk=project.pk)
    version = (locked.attachments.filter(kind=kind).aggregate(v=Max("version"))["v"] or 0) + 1
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(project=locked, kind=kind, version=version, original_name=name[:200], size=upload.size,
                            sha256=digest.hexdigest(), passed=passed, note=note, uploaded_by=by)
    attachment.file.save(name, upload, save=False)
    attachment.save()
    _event(locked, by=by, on=on, step="upload", label=_("上传{kind}（第 {v} 版）").format(
        kind=attachment.get_kind_display(), v=version), data={"attachment": attachment.pk, "name": name})
    audit.record(actor=by, action=audit.Action.UPLOAD, obj=attachment,
                 after={"project": locked.pk, "kind": kind, "version": version, "name": name, "size": upload.size,
                        "sha256": attachment.sha256, "passed": passed})
    return attachment


# ---------------------------------------------------------------- declaration (Art. 6–8)

@transaction.atomic
def submit(*, by, project: Project, on: date | None = None, expected_version: int | None = None) -> Project:
    on = on_or_today(on)
    p = _lock(project, "submit", by, on, expected_version)
    declared_on = p.declared_on or on
    version = version_on(declared_on)
    result = _refuse_on_blocks(p, "submit", on, {"declared_on": declared_on})
    code = p.code or f"SZQZ-{declared_on.year}-{p.pk:06d}"
    if p.declaration_type == "special":
        due, problem = workdays_after(declared_on if not p.declared_on else on, version.special_opinion_workdays)
        round_ = _next_round(p, OpinionKind.SPECIAL)
        for org in Organisation.objects.filter(code__in=version.special_opinion_departments):
            Opinion.objects.create(project=p, kind=OpinionKind.SPECIAL, round=round_, organisation=org,
                                   requested_on=on, due_on=due)
        return _advance(p, "submit", State.SPECIAL_REVIEW, by=by, on=on, result=result, due=due,
                        data={"deadline_problem": problem} if problem else None,
                        declared_on=declared_on, rulebook=version.document, code=code)
    return _advance(p, "submit", State.DECLARED, by=by, on=on, result=result, declared_on=declared_on,
                    rulebook=version.document, code=code)


@transaction.atomic
def withdraw(*, by, project: Project, reason: str = "", on: date | None = None,
             expected_version: int | None = None) -> Project:
    """Only before review starts: nobody has given an opinion yet."""
    on = on_or_today(on)
    p = _lock(project, "withdraw", by, on, expected_version)
    if p.opinions.filter(submitted_at__isnull=False, requested_on__gte=p.state_since).exists():
        raise WorkflowError(_("已有部门出具意见，审查已经开始，不能撤回。"))
    p.opinions.filter(submitted_at__isnull=True).delete()
    return _advance(p, "withdraw", State.WITHDRAWN, by=by, on=on, reason=reason)


@transaction.atomic
def redraft(*, by, project: Project, on: date | None = None, expected_version: int | None = None) -> Project:
    on = on_or_today(on)
    p = _lock(project, "redraft", by, on, expected_version)
    return _advance(p, "redraft", State.DRAFT, by=by, on=on)


# ---------------------------------------------------------------- comprehensive evaluation (Art. 7)

@transaction.atomic
def start_evaluation(*, by, project: Project, experts=(), on: date | None = None,
                     expected_version: int | None = None) -> Project:
    on = on_or_today(on)
    p = _lock(project, "start_evaluation", by, on, expected_version)
    if p.declaration_type != "annual":
        raise WorkflowError(_("专项申报由牵头部门联合市财政局出具意见，不进行年度综合评估。"))
    version = version_on(on)
    due, problem = evaluation_due(on)
    round_ = _next_round(p, OpinionKind.EVALUATION)
    departments = list(Organisation.objects.filter(code__in=version.evaluation_departments))
    for org in departments:
        Opinion.objects.create(project=p, kind=OpinionKind.EVALUATION, round=round_, organisation=org,
                               requested_on=on, due_on=due)
        _add_participants(p, selectors.department_people(org), "evaluation")
    for expert in experts:
        Opinion.objects.create(project=p, kind=OpinionKind.EVALUATION, round=round_, expert=expert,
                               requested_on=on, due_on=due)
        _add_participants(p, [expert], "evaluation")
    return _advance(p, "start_evaluation", State.EVALUATING, by=by, on=on, due=due,
                    data={"round": round_, "departments": [o.code for o in departments],
                          "experts": [e.username for e in experts], **({"deadline_problem": problem} if problem else {})})


def may_answer(user, opinion: Opinion) -> bool:
    if opinion.expert_id:
        return opinion.expert_id == user.pk
    return user.organisation_id == opinion.organisation_id and any(
        grant.role in selectors.DEPARTMENT_OPINION_ROLES for grant in role_grants(user))


@transaction.atomic
def opinion_give(*, by, opinion: Opinion, conclusion: str, text: str = "", necessity: str = "", feasibility: str = "",
                 security: str = "", sharing: str = "", funding: str = "", on: date | None = None) -> Opinion:
    on = on_or_today(on)
    locked = Opinion.objects.select_for_update(of=("self",)).select_related("project", "organisation", "expert").get(pk=opinion.pk)
    if not may_answer(by, locked):
        raise PermissionDenied(_("该意见应由{who}出具。").format(who=locked.addressee))
    if locked.submitted_at:
        raise WorkflowError(_("{who}已于 {at:%Y-%m-%d} 出具意见，不能重复提交。").format(who=locked.addressee,
                                                                               at=timezone.localtime(locked.submitted_at)))
    if conclusion not in Conclusion.values:
        raise WorkflowError(_("请选择意见结论。"))
    if locked.kind == OpinionKind.EVALUATION and not all(x.strip() for x in (necessity, feasibility, security, sharing,
                                                                             funding)):
        raise WorkflowError(_("综合评估意见须分别就必要性、可行性、安全性、协同共享范围和资金来源发表意见（第七条）。"))
    if conclusion != Conclusion.AGREE and not text.strip():
        raise WorkflowError(_("结论不是“同意”时，请写明理由。"))
    locked.conclusion, locked.text, locked.author = conclusion, text, by
    locked.submitted_at, locked.submitted_on = timezone.now(), on
    locked.necessity, locked.feasibility, locked.security, locked.sharing, locked.funding = (
        necessity, feasibility, security, sharing, funding)
    locked.save()
    project = locked.project
    if locked.kind == OpinionKind.XINCHUANG:
        Project.objects.filter(pk=project.pk).update(xinchuang_exception_approved=conclusion == Conclusion.AGREE)
    late = bool(locked.due_on and on > locked.due_on)
    _event(project, by=by, on=on, step="opinion", label=_("{who}出具{kind}：{c}").format(
        who=locked.addressee, kind=locked.get_kind_display(), c=locked.get_conclusion_display()),
        reason=text, data={"opinion": locked.pk, "late": late})
    audit.record(actor=by, action=audit.Action.DECISION, obj=locked, after=audit.snapshot(locked))
    label, recipients = _update_next_actor(project, on)
    if not selectors.open_opinions(project).filter(kind=locked.kind).exists():
        notify(recipients, title=_("意见已齐：{name}").format(name=project.name),
               body=_("各方{kind}已全部反馈，请{who}办理下一步。").format(kind=locked.get_kind_display(), who=label),
               url=reverse("projects:detail", args=[project.pk]))
    return locked


@transaction.atomic
def remind_pending(*, by, project: Project, on: date | None = None) -> int:
    """One-click 催办: the lead department reminds every department or expert that still owes an opinion."""
    on = on_or_today(on)
    _require_department(by, selectors.lead_department(on), _("催办"))
    pending = list(selectors.open_opinions(project))
    if not pending:
        raise WorkflowError(_("没有尚未反馈的意见。"))
    sent = 0
    for opinion in pending:
        sent += notify(selectors.opinion_owers(opinion), title=_("催办：请就“{name}”出具{kind}").format(name=project.name,
                                                                          kind=opinion.get_kind_display()),
                       body=_("自 {since} 起待反馈，期限 {due}。").format(since=opinion.requested_on,
                                                                   due=opinion.due_on or "—"),
                       url=reverse("projects:detail", args=[project.pk]))
    _event(project, by=by, on=on, step="remind", label=_("催办：{who}").format(who="、".join(o.addressee for o in pending)))
    audit.record(actor=by, action=audit.Action.UPDATE, obj=project, after={"reminded": [o.pk for o in pending]})
    return sent


def _require_all_opinions(p: Project, kind: str) -> None:
    pending = list(selectors.open_opinions(p).filter(kind=kind))
    if pending:
        raise WorkflowError(_("以下部门/专家尚未出具意见：{who}。").format(who="、".join(o.addressee for o in pending)))


OUTCOMES = {"pass": State.PASSED, "return": State.RETURNED, "reject": State.TERMINATED}


@transaction.atomic
def conclude_evaluation(*, by, project: Project, outcome: str, reason: str = "", on: date | None = None,
                        expected_version: int | None = None) -> Project:
    """Only a pass is judged by the gates: returning or rejecting a project is always open to the lead department.

    An approved infrastructure exception (Art. 14) is recorded beforehand with ``record_infrastructure_exception``.
    """
    on = on_or_today(on)
    p = _lock(project, "conclude_evaluation", by, on, expected_version)
    if outcome not in OUTCOMES:
        raise WorkflowError(_("请选择评估结论：通过、退回修改或不予通过。"))
    _require_all_opinions(p, OpinionKind.EVALUATION)
    if outcome != "pass" and not reason.strip():
        raise WorkflowError(_("退回或不予通过时须写明理由。"))
    result = _refuse_on_blocks(p, "conclude_evaluation", on) if outcome == "pass" else judge(p, on)
    return _advance(p, "conclude_evaluation", OUTCOMES[outcome], by=by, on=on, reason=reason, result=result,
                    data={"outcome": outcome})


EXCEPTION_STATES = {State.DECLARED, State.SPECIAL_REVIEW, State.EVALUATING, State.PASSED, State.IN_PLAN,
                    State.GOV_REVIEW, State.GOV_APPROVED, State.APPROVING}


@transaction.atomic
def record_infrastructure_exception(*, by, project: Project, reason: str, on: date | None = None) -> Project:
    """Art. 14: new machine rooms, networks or platforms need an approved exception, recorded by the lead department."""
    on = on_or_today(on)
    p = _fresh(project)
    _require_department(by, selectors.lead_department(on), _("批准基础设施建设例外"))
    if p.state not in EXCEPTION_STATES:
        raise WorkflowError(_("基础设施建设例外应在申报后、批复立项前记录。"))
    if not p.new_infrastructure:
        raise WorkflowError(_("该项目未申报新建或扩建基础设施，无需例外。"))
    if not reason.strip():
        raise WorkflowError(_("请写明批准例外的理由和依据。"))
    before = audit.snapshot(p)
    Project.objects.filter(pk=p.pk).update(infrastructure_exception_reason=reason.strip())
    p.refresh_from_db()
    _event(p, by=by, on=on, step="infrastructure_exception", label=_("批准基础设施建设例外"), reason=reason)
    audit.record(actor=by, action=audit.Action.DECISION, obj=p, before=before, after=audit.snapshot(p))
    return p


# ---------------------------------------------------------------- annual work plan (Art. 7)

def _plan_for_update(year: int) -> AnnualPlan:
    plan, _created = AnnualPlan.objects.get_or_create(year=year)
    return AnnualPlan.objects.select_for_update().get(pk=plan.pk)


def _require_draft(plan: AnnualPlan) -> None:
    if plan.status != AnnualPlan.Status.DRAFT:
        raise WorkflowError(_("{plan}已报市政府审定，不能再调整。").format(plan=plan))


def _require_lead(by, on: date) -> None:
    _require_department(by, selectors.lead_department(on), _("编制年度工作方案"))


@transaction.atomic
def plan_add(*, by, project: Project, priority: str = "normal", override_reason: str = "",
             on: date | None = None) -> PlanEntry:
    on = on_or_today(on)
    p = _lock(project, "add_to_plan", by, on, None)
    if p.declaration_type != "annual":
        raise WorkflowError(_("专项申报项目不列入年度工作方案。"))
    plan = _plan_for_update(p.plan_year)
    _require_draft(plan)
    result = judge(p, on, {"decided_on": p.declared_on})
    late = [f for f in result["findings"] if f["key"] == "annual_late"]
    fields = {}
    if late:
        if not override_reason.strip():
            raise WorkflowError([late[0]["message"] + _("如确需列入，请填写理由。")], findings=late)
        fields["late_override_reason"] = override_reason.strip()
    if priority not in PlanEntry.Priority.values:
        raise WorkflowError(_("请选择轻重缓急。"))
    rank = (plan.entries.aggregate(r=Max("rank"))["r"] or 0) + 1
    entry = PlanEntry.objects.create(plan=plan, project=p, rank=rank, priority=priority)
    _advance(p, "add_to_plan", State.IN_PLAN, by=by, on=on, reason=override_reason, result=result,
             data={"plan": plan.year, "rank": rank, "priority": priority}, **fields)
    return entry


@transaction.atomic
def plan_remove(*, by, project: Project, reason: str = "", on: date | None = None) -> Project:
    on = on_or_today(on)
    p = _lock(project, "remove_from_plan", by, on, None)
    entry = p.plan_entry
    _require_draft(entry.plan)
    entry.delete()
    return _advance(p, "remove_from_plan", State.PASSED, by=by, on=on, reason=reason)


@transaction.atomic
def plan_reorder(*, by, plan: AnnualPlan, project_ids: list[int], on: date | None = None) -> AnnualPlan:
    """Rank by 轻重缓急: ``project_ids`` lists the plan's projects in their new order."""
    on = on_or_today(on)
    _require_lead(by, on)
    plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    _require_draft(plan)
    entries = {e.project_id: e for e in plan.entries.all()}
    if sorted(project_ids) != sorted(entries):
        raise WorkflowError(_("排序须包含方案中的全部项目且不重复。"))
    before = [e.project_id for e in sorted(entries.values(), key=lambda e: e.rank)]
    for rank, pid in enumerate(project_ids, start=1):
        entries[pid].rank = rank
    PlanEntry.objects.bulk_update(entries.values(), ["rank"])
    audit.record(actor=by, action=audit.Action.UPDATE, obj=plan, before={"order": before}, after={"order": project_ids})
    return plan


@transaction.atomic
def plan_submit(*, by, plan: AnnualPlan, on: date | None = None, expected_version: int | None = None) -> AnnualPlan:
    """Freeze the plan and send it, as one document, to the municipal government."""
    on = on_or_today(on)
    _require_lead(by, on)
    plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    if expected_version is not None and plan.lock_version != expected_version:
        raise ConcurrentChange()
    if plan.status != AnnualPlan.Status.DRAFT:
        raise WorkflowError(_("{plan}已报送，不能重复报送。").format(plan=plan))
    entries = list(plan.entries.select_related("project"))
    if not entries:
        raise WorkflowError(_("方案中还没有项目。"))
    for entry in entries:
        p = _lock(entry.project, "submit_plan", by, on, None)
        _advance(p, "submit_plan", State.GOV_REVIEW, by=by, on=on, data={"plan": plan.year, "rank": entry.rank})
    before = audit.snapshot(plan)
    plan.status, plan.submitted_on, plan.lock_version = AnnualPlan.Status.SUBMITTED, on, plan.lock_version + 1
    plan.save()
    audit.record(actor=by, action=audit.Action.TRANSITION, obj=plan, before=before, after=audit.snapshot(plan))
    return plan


@transaction.atomic
def plan_decide(*, by, plan: AnnualPlan, approve: bool, decision_ref: str = "", reason: str = "",
                on: date | None = None, expected_version: int | None = None) -> AnnualPlan:
    on = on_or_today(on)
    if not by.has_perm(Perm.GOVERNMENT_DECIDE.full):
        raise PermissionDenied(_("年度工作方案由市人民政府审定。"))
    plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    if expected_version is not None and plan.lock_version != expected_version:
        raise ConcurrentChange()
    if plan.status != AnnualPlan.Status.SUBMITTED:
        raise WorkflowError(_("{plan}当前不在待审定状态。").format(plan=plan))
    if approve and not decision_ref.strip():
        raise WorkflowError(_("请填写审定文号或会议纪要编号。"))
    if not approve and not reason.strip():
        raise WorkflowError(_("退回方案时须写明理由。"))
    target = State.GOV_APPROVED if approve else State.IN_PLAN
    for entry in plan.entries.select_related("project"):
        p = _lock(entry.project, "government_decide", by, on, None)
        _advance(p, "government_decide", target, by=by, on=on, reason=reason,
                 data={"plan": plan.year, "decision_ref": decision_ref, "approved": approve})
    before = audit.snapshot(plan)
    plan.status = AnnualPlan.Status.APPROVED if approve else AnnualPlan.Status.DRAFT
    plan.decided_on, plan.decision_ref, plan.note = (on, decision_ref, reason) if approve else (None, "", reason)
    plan.submitted_on = plan.submitted_on if approve else None
    plan.lock_version += 1
    plan.save()
    audit.record(actor=by, action=audit.Action.DECISION, obj=plan, before=before, after=audit.snapshot(plan))
    return plan


# ---------------------------------------------------------------- special declaration (Art. 8)

@transaction.atomic
def submit_special(*, by, project: Project, on: date | None = None, expected_version: int | None = None) -> Project:
    on = on_or_today(on)
    p = _lock(project, "submit_special", by, on, expected_version)
    result = _refuse_on_blocks(p, "submit_special", on, {"decided_on": p.declared_on})
    return _advance(p, "submit_special", State.GOV_REVIEW, by=by, on=on, result=result)


@transaction.atomic
def government_decide(*, by, project: Project, approve: bool, decision_ref: str = "", reason: str = "",
                      on: date | None = None, expected_version: int | None = None) -> Project:
    """A special declaration's municipal decision; annual projects are decided with their plan."""
    on = on_or_today(on)
    p = _lock(project, "government_decide", by, on, expected_version)
    if p.declaration_type != "special":
        raise WorkflowError(_("年度申报项目随年度工作方案一并审定。"))
    if approve and not decision_ref.strip():
        raise WorkflowError(_("请填写审定文号或会议纪要编号。"))
    if not approve and not reason.strip():
        raise WorkflowError(_("不予同意时须写明理由。"))
    return _advance(p, "government_decide", State.GOV_APPROVED if approve else State.TERMINATED, by=by, on=on,
                    reason=reason, data={"decision_ref": decision_ref, "approved": approve})


# ---------------------------------------------------------------- approval (Art. 9–12)

ITEM_KINDS = {str(label): kind for kind, label in ApprovalItemKind.choices}
ITEM_ORDER = {ApprovalItemKind.PROPOSAL: 1, ApprovalItemKind.FEASIBILITY: 2, ApprovalItemKind.PRELIMINARY_DESIGN: 3,
              ApprovalItemKind.ESTIMATE: 3}
AMOUNT_ITEMS = {ApprovalItemKind.PROPOSAL, ApprovalItemKind.FEASIBILITY, ApprovalItemKind.ESTIMATE}


@transaction.atomic
def start_approval(*, by, project: Project, on: date | None = None, expected_version: int | None = None) -> Project:
    on = on_or_today(on)
    p = _lock(project, "start_approval", by, on, expected_version)
    version = version_on(on)
    if p.state != State.GOV_APPROVED and not (p.centrally_funded and version.central_full_funding_skips_municipal):
        raise WorkflowError(_("项目须经市人民政府审定后方可报审批；中央、自治区已下达全额建设资金的项目除外（{c}）。").format(
            c=version.cite("approval").label))
    result = _refuse_on_blocks(p, "start_approval", on, {"decided_on": on})
    approver = selectors.approver_for(p, on)
    items = [ITEM_KINDS[label] for label in result["required_approval_items"]]
    urgent = version.plan_listed_may_start_at_fs and p.urgent_major
    for kind in items:
        order = 0 if kind not in ITEM_ORDER else (2 if urgent and kind != ApprovalItemKind.FEASIBILITY and
                                                   ITEM_ORDER[kind] == 3 else ITEM_ORDER[kind])
        ApprovalItem.objects.get_or_create(project=p, kind=kind, defaults={"order": order})
    return _advance(p, "start_approval", State.APPROVING, by=by, on=on, result=result, approver=approver,
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
    if not is_unit_member(by, p):
        raise PermissionDenied(_("审批事项材料由建设单位报送。"))
    if p.state != State.APPROVING or item.status not in (ApprovalItem.Status.PENDING, ApprovalItem.Status.RETURNED):
        raise WorkflowError(_("该审批事项当前不能报送。"))
    earlier = _unapproved_before(item, p.approval_items.all())
    if earlier:
        raise WorkflowError(_("请先取得{items}的批复，再报送{kind}。").format(
            items="、".join(e.get_kind_display() for e in earlier), kind=item.get_kind_display()))
    if attachment.project_id != p.pk:
        raise WorkflowError(_("材料不属于该项目。"))
    if item.kind in AMOUNT_ITEMS and not requested_amount:
        raise WorkflowError(_("请填写{kind}的申报金额。").format(kind=item.get_kind_display()))
    before = audit.snapshot(item)
    item.status, item.attachment, item.requested_amount = ApprovalItem.Status.SUBMITTED, attachment, requested_amount
    item.chapters = [c for c in chapters if c in rules.CHAPTERS]
    item.save()
    _event(p, by=by, on=on, step="item_submit", label=_("报送{kind}").format(kind=item.get_kind_display()),
           data={"item": item.pk, "amount": str(requested_amount or "")})
    audit.record(actor=by, action=audit.Action.UPDATE, obj=item, before=before, after=audit.snapshot(item))
    _update_next_actor(p, on)
    notify(selectors.people(p.approver, Perm.REVIEW_PROJECTS), title=_("待审批：{name}的{kind}").format(
        name=p.name, kind=item.get_kind_display()), url=reverse("projects:detail", args=[p.pk]))
    return item


@transaction.atomic
def item_decide(*, by, item: ApprovalItem, approve: bool, approved_amount: Decimal | None = None,
                approval_ref: str = "", chapters=None, comment: str = "", on: date | None = None) -> ApprovalItem:
    on = on_or_today(on)
    item = _item_for_update(item)
    p = item.project
    _require_department(by, p.approver, _("审批{kind}").format(kind=item.get_kind_display()))
    if item.status != ApprovalItem.Status.SUBMITTED:
        raise WorkflowError(_("该审批事项不在待审批状态。"))
    if chapters is not None:
        item.chapters = [c for c in chapters if c in rules.CHAPTERS]
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
    before = audit.snapshot(item)
    item.status = ApprovalItem.Status.APPROVED if approve else ApprovalItem.Status.RETURNED
    item.approved_amount = approved_amount if approve else None
    item.approval_ref, item.comment, item.decided_by, item.decided_on = approval_ref, comment, by, on
    item.save()
    _event(p, by=by, on=on, step="item_decide", label=_("{kind}：{result}").format(
        kind=item.get_kind_display(), result=_("批复") if approve else _("退回修改")), reason=comment,
        data={"item": item.pk, "approved_amount": str(approved_amount or ""), "approval_ref": approval_ref})
    audit.record(actor=by, action=audit.Action.DECISION, obj=item, before=before, after=audit.snapshot(item))
    _update_next_actor(p, on)
    notify(selectors.unit_people(p), title=_("{kind}已{result}：{name}").format(
        kind=item.get_kind_display(), result=_("批复") if approve else _("退回"), name=p.name),
        url=reverse("projects:detail", args=[p.pk]))
    return item


@transaction.atomic
def request_xinchuang_exception(*, by, project: Project, on: date | None = None) -> Opinion:
    """Art. 11: products that cannot yet be replaced need an evaluation and the 保密 department's approval."""
    on = on_or_today(on)
    p = _fresh(project)
    if not is_unit_member(by, p):
        raise PermissionDenied(_("信创例外由建设单位申请。"))
    if p.state in (State.TERMINATED, State.WITHDRAWN) or p.state in BUILDING_STATES:
        raise WorkflowError(_("信创例外应在项目报批阶段申请。"))
    if AttachmentKind.XINCHUANG_EVALUATION not in current_kinds(p):
        raise WorkflowError(_("请先上传信创替代评估论证材料（第十一条）。"))
    if p.opinions.filter(kind=OpinionKind.XINCHUANG, submitted_at__isnull=True).exists():
        raise WorkflowError(_("已提交申请，等待保密行政管理部门审查。"))
    secrecy = Organisation.objects.get(code=version_on(on).secrecy_department)
    round_ = _next_round(p, OpinionKind.XINCHUANG)
    opinion = Opinion.objects.create(project=p, kind=OpinionKind.XINCHUANG, round=round_, organisation=secrecy,
                                     requested_on=on)
    _add_participants(p, selectors.department_people(secrecy), "xinchuang")
    before = audit.snapshot(p)
    Project.objects.filter(pk=p.pk).update(xinchuang_exception_needed=True, xinchuang_exception_approved=None)
    p.refresh_from_db()
    audit.record(actor=by, action=audit.Action.UPDATE, obj=p, before=before, after=audit.snapshot(p))
    _event(p, by=by, on=on, step="xinchuang_request", label=_("申请信创替代例外，送{org}审查").format(org=secrecy.short_name))
    notify(selectors.department_people(secrecy), title=_("待审查信创例外：{name}").format(name=p.name),
           url=reverse("projects:detail", args=[p.pk]))
    return opinion


@transaction.atomic
def issue_approval(*, by, project: Project, approval_ref: str, on: date | None = None,
                   expected_version: int | None = None) -> Project:
    on = on_or_today(on)
    p = _lock(project, "issue_approval", by, on, expected_version)
    open_items = [i.get_kind_display() for i in p.approval_items.exclude(status=ApprovalItem.Status.APPROVED)]
    if open_items:
        raise WorkflowError(_("以下审批事项尚未批复：{items}。").format(items="、".join(open_items)))
    if not approval_ref.strip():
        raise WorkflowError(_("请填写批复文号。"))
    result = _refuse_on_blocks(p, "issue_approval", on, {"decided_on": on})
    amounts = [i.approved_amount for i in sorted(p.approval_items.all(), key=lambda i: i.order)
               if i.approved_amount is not None]
    approved = amounts[-1] if amounts else p.total_investment
    return _advance(p, "issue_approval", State.APPROVED, by=by, on=on, result=result, approved_investment=approved,
                    data={"approval_ref": approval_ref, "approved_investment": str(approved)})


# ---------------------------------------------------------------- fiscal review (Art. 13; 钦政办规〔2019〕1号 Art. 10)

@transaction.atomic
def submit_fiscal_review(*, by, project: Project, amount: Decimal, on: date | None = None,
                         expected_version: int | None = None) -> FiscalReview:
    on = on_or_today(on)
    p = _lock(project, "submit_fiscal_review", by, on, expected_version)
    if amount is None or amount <= 0:
        raise WorkflowError(_("请填写送审金额。"))
    due, problem = workdays_after(on, fiscal_review_workdays(amount))
    review = FiscalReview.objects.create(project=p, submitted_on=on, submitted_amount=amount, due_on=due)
    _advance(p, "submit_fiscal_review", State.FISCAL_REVIEW, by=by, on=on, due=due,
             data={"amount": str(amount), "workdays": fiscal_review_workdays(amount),
                   **({"deadline_problem": problem} if problem else {})})
    return review


@transaction.atomic
def complete_fiscal_review(*, by, project: Project, reviewed_amount: Decimal, comment: str = "",
                           on: date | None = None, expected_version: int | None = None) -> Project:
    on = on_or_today(on)
    p = _lock(project, "complete_fiscal_review", by, on, expected_version)
    if reviewed_amount is None or reviewed_amount < 0:
        raise WorkflowError(_("请填写审定金额。"))
    review = p.fiscal_reviews.select_for_update().first()
    review.reviewed_amount, review.completed_on, review.reviewer, review.comment = reviewed_amount, on, by, comment
    review.save()
    late = bool(review.due_on and on > review.due_on)
    return _advance(p, "complete_fiscal_review", State.REVIEWED, by=by, on=on, reason=comment,
                    data={"reviewed_amount": str(reviewed_amount), "late": late})


# ---------------------------------------------------------------- construction (Art. 15, 16, 35)

@transaction.atomic
def start_construction(*, by, project: Project, on: date | None = None, expected_version: int | None = None) -> Project:
    on = on_or_today(on)
    p = _lock(project, "start_construction", by, on, expected_version)
    result = _refuse_on_blocks(p, "start_construction", on)
    return _advance(p, "start_construction", State.CONSTRUCTING, by=by, on=on, result=result,
                    data={"supervision": result["supervision"]})


@transaction.atomic
def progress_report(*, by, project: Project, period: str, percent: int, summary: str, problems: str = "",
                    on: date | None = None) -> ProgressReport:
    on = on_or_today(on)
    project = _fresh(project)
    if not is_unit_member(by, project):
        raise PermissionDenied(_("进度表由建设单位报送。"))
    if project.state not in (State.CONSTRUCTING, State.COMPLETED):
        raise WorkflowError(_("项目开工后方可报送进度表。"))
    period = period.strip()
    if not period or not summary.strip():
        raise WorkflowError(_("请填写报告期和进展情况。"))
    if percent is None or not 0 <= percent <= 100:
        raise WorkflowError(_("形象进度应在 0 到 100 之间。"))
    if project.progress_reports.filter(period=period).exists():
        raise WorkflowError(_("报告期“{period}”的进度表已报送。").format(period=period))
    report = ProgressReport.objects.create(project=project, period=period, reported_on=on, percent=percent,
                                           summary=summary, problems=problems, author=by)
    _event(project, by=by, on=on, step="progress", label=_("报送进度表（{period}，{pct}%）").format(period=period, pct=percent))
    audit.record(actor=by, action=audit.Action.CREATE, obj=report, after=audit.snapshot(report))
    return report


@transaction.atomic
def inspection_record(*, by, project: Project, findings: str, rectification_due: date | None = None,
                      on: date | None = None) -> Inspection:
    on = on_or_today(on)
    _require_department(by, selectors.lead_department(on), _("现场检查"))
    if not findings.strip():
        raise WorkflowError(_("请填写检查发现。"))
    if rectification_due and rectification_due < on:
        raise WorkflowError(_("整改期限不能早于检查日期。"))
    inspection = Inspection.objects.create(project=project, inspected_on=on, inspector=by, findings=findings,
                                           rectification_due=rectification_due)
    _event(project, by=by, on=on, step="inspection", label=_("现场检查"), reason=findings,
           data={"inspection": inspection.pk, "rectification_due": str(rectification_due or "")})
    audit.record(actor=by, action=audit.Action.CREATE, obj=inspection, after=audit.snapshot(inspection))
    if rectification_due:
        notify(selectors.unit_people(project), title=_("现场检查整改通知：{name}").format(name=project.name),
               body=_("请于 {due} 前完成整改：{f}").format(due=rectification_due, f=findings),
               url=reverse("projects:detail", args=[project.pk]))
    return inspection


@transaction.atomic
def inspection_rectify(*, by, inspection: Inspection, rectification: str, on: date | None = None) -> Inspection:
    on = on_or_today(on)
    inspection = Inspection.objects.select_for_update(of=("self",)).select_related("project").get(pk=inspection.pk)
    if not is_unit_member(by, inspection.project):
        raise PermissionDenied(_("整改情况由建设单位报送。"))
    if inspection.rectified_on:
        raise WorkflowError(_("该检查已整改完毕。"))
    if not rectification.strip():
        raise WorkflowError(_("请填写整改情况。"))
    before = audit.snapshot(inspection)
    inspection.rectification, inspection.rectified_on = rectification, on
    inspection.save()
    _event(inspection.project, by=by, on=on, step="rectify", label=_("报送整改情况"), reason=rectification,
           data={"inspection": inspection.pk, "late": bool(inspection.rectification_due and
                                                            on > inspection.rectification_due)})
    audit.record(actor=by, action=audit.Action.UPDATE, obj=inspection, before=before, after=audit.snapshot(inspection))
    return inspection


@transaction.atomic
def crypto_evaluation_record(*, by, project: Project, due_on: date, done_on: date | None = None,
                             passed: bool | None = None, attachment: Attachment | None = None,
                             on: date | None = None) -> CryptoEvaluation:
    """Art. 16: 密评 planned and reported with due dates."""
    on = on_or_today(on)
    if not is_unit_member(by, project):
        raise PermissionDenied(_("密评情况由建设单位登记。"))
    if done_on and passed is None:
        raise WorkflowError(_("已完成的密评须填写结论。"))
    evaluation = CryptoEvaluation.objects.create(project=project, due_on=due_on, done_on=done_on, passed=passed,
                                                 attachment=attachment)
    _event(project, by=by, on=on, step="crypto", label=_("登记密码应用安全性评估（应完成 {due}）").format(due=due_on))
    audit.record(actor=by, action=audit.Action.CREATE, obj=evaluation, after=audit.snapshot(evaluation))
    return evaluation


@transaction.atomic
def complete(*, by, project: Project, completed_on: date | None = None, on: date | None = None,
             expected_version: int | None = None) -> Project:
    on = on_or_today(on)
    completed_on = completed_on or on
    if completed_on > on:
        raise WorkflowError(_("完工日期不能晚于今天。"))
    p = _lock(project, "complete", by, on, expected_version)
    months = version_on(completed_on).acceptance_months
    due = add_months(completed_on, months)
    return _advance(p, "complete", State.COMPLETED, by=by, on=on, due=due, completed_on=completed_on,
                    acceptance_due=due, data={"completed_on": str(completed_on)})


# ---------------------------------------------------------------- acceptance (Art. 22–23)

@transaction.atomic
def postponement_request(*, by, project: Project, until: date, reason: str, on: date | None = None) -> Postponement:
    on = on_or_today(on)
    project = _fresh(project)
    if not is_unit_member(by, project):
        raise PermissionDenied(_("延期验收由建设单位申请。"))
    if project.state != State.COMPLETED:
        raise WorkflowError(_("项目完工后、申请验收前方可申请延期验收。"))
    if not reason.strip():
        raise WorkflowError(_("请写明不能按期申请验收的理由。"))
    if project.acceptance_due and until <= project.acceptance_due:
        raise WorkflowError(_("延期后的日期应晚于当前截止日 {due}。").format(due=project.acceptance_due))
    if project.postponements.filter(status=Postponement.Status.PENDING).exists():
        raise WorkflowError(_("已有待审核的延期申请。"))
    request = Postponement.objects.create(project=project, requested_on=on, requested_until=until, reason=reason)
    _event(project, by=by, on=on, step="postpone_request", label=_("申请延期验收至 {d}").format(d=until), reason=reason)
    audit.record(actor=by, action=audit.Action.CREATE, obj=request, after=audit.snapshot(request))
    _update_next_actor(project, on)
    organiser = selectors.acceptance_organiser(project, on)
    notify(selectors.people(organiser, Perm.REVIEW_PROJECTS), title=_("待审核延期验收申请：{name}").format(name=project.name),
           url=reverse("projects:detail", args=[project.pk]))
    return request


@transaction.atomic
def postponement_decide(*, by, postponement: Postponement, approve: bool, comment: str = "",
                        on: date | None = None) -> Postponement:
    on = on_or_today(on)
    pp = Postponement.objects.select_for_update(of=("self",)).select_related("project", "project__unit").get(pk=postponement.pk)
    _require_department(by, selectors.acceptance_organiser(pp.project, on), _("审核延期验收申请"))
    if pp.status != Postponement.Status.PENDING:
        raise WorkflowError(_("该申请已审核。"))
    if not approve and not comment.strip():
        raise WorkflowError(_("不同意时须写明理由。"))
    before = audit.snapshot(pp)
    pp.status = Postponement.Status.APPROVED if approve else Postponement.Status.REFUSED
    pp.decided_by, pp.decided_on, pp.comment = by, on, comment
    pp.save()
    project = pp.project
    if approve:
        Project.objects.filter(pk=project.pk).update(acceptance_due=pp.requested_until, next_due=pp.requested_until)
    _event(project, by=by, on=on, step="postpone_decide", label=_("延期验收申请：{r}").format(
        r=pp.get_status_display()), reason=comment)
    audit.record(actor=by, action=audit.Action.DECISION, obj=pp, before=before, after=audit.snapshot(pp))
    _update_next_actor(project, on)
    notify(selectors.unit_people(project), title=_("延期验收申请{r}：{name}").format(r=pp.get_status_display(),
                                                                                 name=project.name),
           url=reverse("projects:detail", args=[project.pk]))
    return pp


@transaction.atomic
def apply_acceptance(*, by, project: Project, on: date | None = None, expected_version: int | None = None) -> AcceptanceAttempt:
    on = on_or_today(on)
    p = _lock(project, "apply_acceptance", by, on, expected_version)
    result = _refuse_on_blocks(p, "apply_acceptance", on)
    late = any(f["key"] == "acceptance_late" for f in result["findings"])
    number = p.acceptances.count() + 1
    organiser = selectors.acceptance_organiser(p, on)
    attempt = AcceptanceAttempt.objects.create(project=p, number=number, applied_on=on, rulebook=result["rulebook"],
                                               organiser=organiser, late=late)
    _advance(p, "apply_acceptance", State.ACCEPTANCE_APPLIED, by=by, on=on, result=result,
             data={"attempt": number, "organiser": organiser.code, "late": late})
    return attempt


@transaction.atomic
def start_acceptance(*, by, project: Project, mode: str, members: str = "", experts=(), on: date | None = None,
                     expected_version: int | None = None) -> AcceptanceAttempt:
    on = on_or_today(on)
    p = _lock(project, "start_acceptance", by, on, expected_version)
    if mode not in AcceptanceAttempt.Mode.values:
        raise WorkflowError(_("请选择验收组织方式。"))
    if mode == AcceptanceAttempt.Mode.COMMITTEE and not (members.strip() or experts):
        raise WorkflowError(_("组成验收委员会时须列明委员会成员。"))
    attempt = selectors.current_acceptance(p)
    attempt.mode, attempt.members, attempt.started_on = mode, members, on
    attempt.save()
    for expert in experts:
        Opinion.objects.create(project=p, kind=OpinionKind.ACCEPTANCE, round=attempt.number, expert=expert,
                               requested_on=on)
    _add_participants(p, experts, "acceptance")
    _advance(p, "start_acceptance", State.ACCEPTING, by=by, on=on,
             data={"attempt": attempt.number, "mode": mode, "experts": [e.username for e in experts]})
    return attempt


@transaction.atomic
def conclude_acceptance(*, by, project: Project, passed: bool, conclusion: str, on: date | None = None,
                        expected_version: int | None = None) -> AcceptanceAttempt:
    on = on_or_today(on)
    p = _lock(project, "conclude_acceptance", by, on, expected_version)
    _require_all_opinions(p, OpinionKind.ACCEPTANCE)
    if not conclusion.strip():
        raise WorkflowError(_("请填写验收结论。"))
    attempt = selectors.current_acceptance(p)
    attempt.passed, attempt.conclusion, attempt.concluded_on = passed, conclusion, on
    attempt.save()
    data = {"attempt": attempt.number, "passed": passed}
    if passed:
        _advance(p, "conclude_acceptance", State.ACCEPTED, by=by, on=on, reason=conclusion, data=data)
    else:
        failures = [a.passed for a in p.acceptances.order_by("-number")[:2]]
        data["consecutive_failures"] = 2 if failures == [False, False] else 1
        _advance(p, "conclude_acceptance", State.CONSTRUCTING, by=by, on=on, reason=conclusion, data=data,
                 completed_on=None, acceptance_due=None)
    return attempt


@transaction.atomic
def file_report(*, by, project: Project, on: date | None = None, expected_version: int | None = None) -> Project:
    """Art. 23: the acceptance report is filed with the organiser and the project is archived."""
    on = on_or_today(on)
    p = _lock(project, "file_report", by, on, expected_version)
    if AttachmentKind.ACCEPTANCE_REPORT not in current_kinds(p):
        raise WorkflowError(_("请先上传验收报告。"))
    attempt = selectors.current_acceptance(p)
    attempt.report_filed_on = on
    attempt.save()
    return _advance(p, "file_report", State.ARCHIVED, by=by, on=on, data={"attempt": attempt.number})


@transaction.atomic
def start_operation(*, by, project: Project, on: date | None = None, expected_version: int | None = None) -> Project:
    on = on_or_today(on)
    p = _lock(project, "start_operation", by, on, expected_version)
    return _advance(p, "start_operation", State.OPERATING, by=by, on=on)


@transaction.atomic
def terminate(*, by, project: Project, reason: str, on: date | None = None,
              expected_version: int | None = None) -> Project:
    on = on_or_today(on)
    p = _lock(project, "terminate", by, on, expected_version)
    if not reason.strip():
        raise WorkflowError(_("终止项目须写明理由。"))
    p.opinions.filter(submitted_at__isnull=True).delete()
    if hasattr(p, "plan_entry") and p.plan_entry.plan.status == AnnualPlan.Status.DRAFT:
        p.plan_entry.delete()
    return _advance(p, "terminate", State.TERMINATED, by=by, on=on, reason=reason)
