"""What every stage shares: the rule facts and judgement, who may act, and how a step is recorded.

Each step function runs in one transaction: it locks the project (``lock_step``), asks the lifecycle machine
(``workflow.check`` with ``lifecycle_policy``) whether the step may start from the current state and the user
may take it, judges the project by the rules of the rulebook version in force on the day of the step,
refuses on a blocking finding, then moves the project (``advance``), sets the next deadline, writes the
timeline event and the audit record, and notifies whoever must act next. An operation bound to some states
(``states.OPERATIONS``) asks the same machine and moves nothing; a plan, an approval item or a postponement
request changes status only by ``workflow.move``. ``on`` is the business date of the step (today unless a
caller records an earlier act, as the demo loader does).
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from govproj.audit import services as audit
from govproj.common import workflow
from govproj.common.dates import on_or_today
from govproj.common.errors import ConcurrentChange, WorkflowError
from govproj.common.notify import notify
from govproj.common.roles import ROLE_PERMISSIONS, Perm, Scope
from govproj.common.scoping import role_grants
from govproj.orgs.models import Organisation
from govproj.rulebook import rules, vocabulary
from govproj.rulebook.versions import version_on

from .. import providers, selectors
from ..models import (
    CONCLUDED_KINDS,
    AnnualPlan,
    ApprovalItem,
    ApprovalItemKind,
    Attachment,
    AttachmentKind,
    Event,
    OpinionKind,
    Participant,
    Postponement,
    Project,
)
from ..states import ANNUAL_ONLY, ITEM, LIFECYCLE, PLAN, POSTPONEMENT, SPECIAL_ONLY, STEPS, Actor, State

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
        f["acceptance_materials"] = sorted(kinds & set(vocabulary.ACCEPTANCE_MATERIALS))
    # The region-level register (L2), the information-resource catalogue (S2, L13) and the system register's
    # zombie determinations (S5) are kept by the apps above this one, which provide their facts.
    f.update(providers.provided_facts(project, on))
    return f


def judge(project: Project, on: date | None = None, extra: dict | None = None) -> dict:
    return rules.evaluate({**facts(project, on), **(extra or {})})


def _blocks(result: dict, step: str) -> list[dict]:
    gates = STEPS[step].gates
    return [f for f in result["findings"] if f["severity"] == rules.Severity.BLOCK and f["key"] in gates]


def refuse_on_blocks(project: Project, step: str, on: date, extra: dict | None = None) -> dict:
    result = judge(project, on, extra)
    blocks = _blocks(result, step)
    if blocks:
        raise WorkflowError([b["message"] for b in blocks], findings=blocks)
    return result


# ---------------------------------------------------------------- who may act

def is_unit_member(user, project: Project) -> bool:
    """Whether ``user`` acts for the project's unit (or a unit above it) with the right to declare and build."""
    return is_unit_member_of(user, project.unit_id)


def is_unit_member_of(user, unit_id: int) -> bool:
    # The user's grants are loaded once per request (role_grants caches them), so this asks no query.
    return any(grant.scope == Scope.ALL or unit_id in grant.unit_ids for grant in role_grants(user)
               if Perm.DECLARE_PROJECTS in ROLE_PERMISSIONS[grant.role])


def require_department(user, organisation: Organisation, label) -> None:
    if not (user.has_perm(Perm.REVIEW_PROJECTS.full) and user.organisation_id == organisation.pk):
        raise PermissionDenied(_("“{step}”应由{org}办理。").format(step=label, org=organisation.short_name))


def require_actor(user, actor: str, label, on: date, *, project: Project | None = None,
                  department: Organisation | None = None) -> None:
    """Refuse ``user`` unless they are ``actor``; ``department`` is the approver or organiser the step names."""
    if actor == Actor.UNIT:
        if not is_unit_member(user, project):
            raise PermissionDenied(_("“{step}”应由建设单位{unit}办理。").format(step=label,
                                                                          unit=project.unit.short_name))
    elif actor == Actor.UNIT_OR_REVIEWER:
        if not (is_unit_member(user, project) or user.has_perm(Perm.REVIEW_PROJECTS.full)):
            raise PermissionDenied(_("您无权为该项目上传材料。"))
    elif actor == Actor.LEAD:
        require_department(user, selectors.lead_department(on), label)
    elif actor == Actor.APPROVER:
        if department is None:
            raise PermissionDenied(_("“{step}”的办理部门尚未确定。").format(step=label))
        require_department(user, department, label)
    elif actor == Actor.GOVERNMENT:
        if not user.has_perm(Perm.GOVERNMENT_DECIDE.full):
            raise PermissionDenied(_("“{step}”应由市人民政府办理。").format(step=label))
    elif actor == Actor.FINANCE:
        if not user.has_perm(Perm.FISCAL_REVIEW.full):
            raise PermissionDenied(_("“{step}”应由市财政局办理。").format(step=label))


PLAN_STEPS = {"add_to_plan", "remove_from_plan", "submit_plan"}


def _require_path(project: Project, step: str, on: date) -> None:
    """The steps only one declaration path takes (Art. 7, 8), and the municipal decision before approval."""
    if step in ANNUAL_ONLY and project.declaration_type != "annual":
        raise WorkflowError(_("专项申报项目不列入年度工作方案。") if step in PLAN_STEPS
                            else _("专项申报由牵头部门联合市财政局出具意见，不进行年度综合评估。"))
    if step in SPECIAL_ONLY and project.declaration_type != "special":
        raise WorkflowError(_("年度申报项目随年度工作方案一并审定。"))
    if step == "start_approval" and project.state != State.GOV_APPROVED:
        version = version_on(on)
        if not (project.centrally_funded and version.central_full_funding_skips_municipal):
            raise WorkflowError(_("项目须经市人民政府审定后方可报审批；中央、自治区已下达全额建设资金的项目除外（{c}）。")
                                .format(c=version.cite("approval").label))


def lifecycle_policy(user, project: Project, step: str, on: date) -> None:
    """Who takes ``step`` on ``project`` (the lead department and approver by the version in force), and whether
    the project's declaration path leads through it."""
    st = LIFECYCLE[step]
    if st.actor == Actor.APPROVER and step in ("start_acceptance", "conclude_acceptance"):
        attempt = selectors.current_acceptance(project)
        department = attempt.organiser if attempt else None
    else:
        department = project.approver
    require_actor(user, st.actor, st.label, on, project=project, department=department)
    _require_path(project, step, on)


def plan_policy(user, plan: AnnualPlan, step: str, on: date) -> None:
    require_actor(user, PLAN[step].actor, PLAN[step].label, on)


def item_policy(user, item: ApprovalItem, step: str, on: date) -> None:
    require_actor(user, ITEM[step].actor, ITEM[step].label, on, project=item.project, department=item.project.approver)


def postponement_policy(user, postponement: Postponement, step: str, on: date) -> None:
    project = postponement.project
    require_actor(user, POSTPONEMENT[step].actor, POSTPONEMENT[step].label, on, project=project,
                  department=selectors.acceptance_organiser(project, on))


# Registered from ``AppConfig.ready``: every status of this app, its machine and who takes its steps.
MACHINES = ((Project, LIFECYCLE, lifecycle_policy), (AnnualPlan, PLAN, plan_policy), (ApprovalItem, ITEM, item_policy),
            (Postponement, POSTPONEMENT, postponement_policy))


def check_step(by, obj, step: str, on: date, refusal: str) -> None:
    """``workflow.check`` with this app's own words for a step the record's state does not allow."""
    if not workflow.machine_of(obj).allows(obj, step):
        raise WorkflowError(refusal)
    workflow.check(by, obj, step, on)


def state_refusal(project: Project, step: str) -> str:
    return _("项目当前状态为“{state}”，不能{step}。").format(state=project.get_state_display(), step=LIFECYCLE[step].label)


def lock_step(project: Project, step: str, by, on: date, expected_version: int | None,
              refusal: str | None = None) -> Project:
    """The project row, locked, after checking that ``step`` may start now and ``by`` may take it."""
    locked = fresh(project)
    if expected_version is not None and locked.lock_version != expected_version:
        raise ConcurrentChange()
    check_step(by, locked, step, on, refusal or state_refusal(locked, step))
    return locked


def fresh(project: Project) -> Project:
    """The project as it is now, locked: a step never trusts the caller's possibly stale copy."""
    return Project.objects.select_for_update(of=("self",)).select_related("unit", "approver").get(pk=project.pk)


# ---------------------------------------------------------------- recording

def record_event(project, *, by, on, step, label, from_state="", to_state="", reason="", result=None, data=None):
    st = STEPS.get(step)
    keys = set(st.gates + st.warns) if st else set()
    findings = [f for f in (result or {}).get("findings", []) if f["key"] in keys]
    return Event.objects.create(
        project=project, on=on, actor=by, actor_name=getattr(by, "full_name", "") or getattr(by, "username", ""),
        step=step, label=str(label), from_state=from_state, to_state=to_state, reason=reason,
        rulebook=(result or {}).get("rulebook", ""), findings=findings, data=data or {},
    )


def update_next_actor(project: Project, on: date) -> tuple[str, list]:
    """Store who acts next (the list column) and return it with the people to notify."""
    label, recipients = selectors.who_acts(project, on)
    project.next_actor = label[:100]
    Project.objects.filter(pk=project.pk).update(next_actor=project.next_actor)
    return label, recipients


def advance(project: Project, step: str, to: str, *, by, on: date, reason: str = "", result: dict | None = None,
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
    label, recipients = update_next_actor(project, on)
    record_event(project, by=by, on=on, step=step, label=st.label, from_state=from_state, to_state=to, reason=reason,
                 result=result, data=data)
    audit.record(actor=by, action=audit.Action.TRANSITION, obj=project, before=before,
                 after={**audit.snapshot(project), "step": step, "reason": reason})
    if recipients:
        notify(recipients,
               title=_("待办：{name}（{state}）").format(name=project.name, state=project.get_state_display()),
               body=_("“{step}”已完成，下一步由{who}办理。").format(step=st.label, who=label),
               url=reverse("projects:detail", args=[project.pk]))
    return project


def next_round(project: Project, kind: str) -> int:
    return (project.opinions.filter(kind=kind).aggregate(r=Max("round"))["r"] or 0) + 1


def add_participants(project: Project, users, reason: str) -> None:
    Participant.objects.bulk_create([Participant(project=project, user=u, reason=reason) for u in users],
                                    ignore_conflicts=True)


def require_all_opinions(p: Project, kind: str) -> None:
    pending = list(selectors.open_opinions(p).filter(kind=kind))
    if pending:
        raise WorkflowError(_("以下部门/专家尚未出具意见：{who}。").format(who="、".join(o.addressee for o in pending)))
