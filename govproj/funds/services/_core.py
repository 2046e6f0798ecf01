"""Every change to the fund ledger goes through a function here (spec §3, F1–F11).

Each function runs in one transaction: it checks who acts (by the rulebook version in force on
the business date ``on``), judges the funding rules of that version and refuses on a blocking
finding with its citation, moves money with conditional updates that the database constraints
back up, and writes the audit record, the project's timeline event and the notifications.
"""

import copy
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govproj.common.errors import WorkflowError, messages_of
from govproj.common.roles import Perm
from govproj.orgs.models import Organisation
from govproj.projects import selectors as project_selectors
from govproj.projects.models import AnnualPlan, Event, PlanEntry, Project
from govproj.projects.services import facts, is_unit_member
from govproj.projects.states import State
from govproj.rulebook import rules, vocabulary
from govproj.rulebook.versions import RulebookVersion, version_on

from ..models import (
    Adjustment,
    Allocation,
    Application,
    ArrangementPlan,
    Call,
    ContentChange,
    FundYear,
    NonCompliance,
    PerformanceEvaluation,
)
from ..states import APPROVER, FINANCE, GOVERNMENT, LEAD, LEAD_OR_FINANCE, MACHINES, UNIT

# Projects the measures have approved (立项批复) or that have gone further.
APPROVED_STATES = frozenset({State.APPROVED, State.FISCAL_REVIEW, State.REVIEWED, State.CONSTRUCTING, State.COMPLETED,
                             State.ACCEPTANCE_APPLIED, State.ACCEPTING, State.ACCEPTED, State.ARCHIVED,
                             State.OPERATING})
FINISHED_STATES = frozenset({State.COMPLETED, State.ACCEPTANCE_APPLIED, State.ACCEPTING, State.ACCEPTED,
                             State.ARCHIVED, State.OPERATING})
IN_SERVICE_STATES = frozenset({State.ACCEPTED, State.ARCHIVED, State.OPERATING})
NOT_STARTED_STATES = frozenset(set(State.values) - {State.CONSTRUCTING} - FINISHED_STATES)


def invariant_errors(obj, *, exclude=(), **changes) -> list[str]:
    """What the model itself says against ``obj`` as it would be with ``changes`` (a copy is checked, nothing saved).

    Uniqueness and the check constraints stay with the database, which the writes below answer to. ``exclude``
    names fields a service has already checked in its own words, so a reason is not given twice.
    """
    candidate = copy.copy(obj)
    for name, value in changes.items():
        setattr(candidate, name, value)
    try:
        candidate.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return messages_of(exc)
    return []


def require_valid(obj, *, exclude=(), **changes) -> None:
    """Refuse the step unless ``obj`` with ``changes`` keeps its model's invariants: API, CLI and demo obey them too."""
    errors = invariant_errors(obj, exclude=exclude, **changes)
    if errors:
        raise WorkflowError(errors)


# ---------------------------------------------------------------- who acts

def _department(by, code: str, label: str) -> None:
    """``by`` must hold the funds permission in the department ``code`` (e.g. the lead department or finance)."""
    if not (by.has_perm(Perm.MANAGE_FUNDS.full) and by.organisation_id
            and by.organisation_id == Organisation.objects.only("pk").get(code=code).pk):
        name = Organisation.objects.get(code=code).short_name
        raise PermissionDenied(_("“{step}”应由{org}办理。").format(step=label, org=name))


def _lead(by, on: date, label: str) -> RulebookVersion:
    version = version_on(on)
    _department(by, version.lead_department, label)
    return version


def _finance(by, on: date, label: str) -> RulebookVersion:
    version = version_on(on)
    _department(by, version.finance_department, label)
    return version


def _lead_or_finance(by, on: date, label: str) -> RulebookVersion:
    """Art. 18: the lead department verifies and allocates together with the finance bureau."""
    version = version_on(on)
    try:
        _department(by, version.lead_department, label)
    except PermissionDenied:
        _department(by, version.finance_department, label)
    return version


def _require_grounds(approve: bool, ref: str, note: str, ref_label: str) -> None:
    """A yes needs its document number, a no its reason: the record must say on what the decision rests."""
    if approve and not ref.strip():
        raise WorkflowError(_("请填写{label}。").format(label=ref_label))
    if not approve and not note.strip():
        raise WorkflowError(_("不予同意须写明意见。"))


def _government(by, label: str) -> None:
    if not by.has_perm(Perm.GOVERNMENT_DECIDE.full):
        raise PermissionDenied(_("“{step}”须经市人民政府批准。").format(step=label))


def _unit(by, project: Project, label: str) -> None:
    if not is_unit_member(by, project):
        raise PermissionDenied(_("“{step}”应由建设单位{unit}办理。").format(step=label, unit=project.unit.short_name))


def _approver(by, project: Project, on: date, label: str) -> None:
    """Art. 20: the department that approves the project by the version in force and the unit's level."""
    approver = project_selectors.approver_for(project, on)
    if not (by.has_perm(Perm.REVIEW_PROJECTS.full) and by.organisation_id == approver.pk):
        raise PermissionDenied(_("“{step}”应由{org}办理。").format(step=label, org=approver.short_name))


# How each actor of ``states.MACHINES`` is checked: check(user, obj, on, label).
_ACTORS = {
    LEAD: lambda by, obj, on, label: _lead(by, on, label),
    FINANCE: lambda by, obj, on, label: _finance(by, on, label),
    LEAD_OR_FINANCE: lambda by, obj, on, label: _lead_or_finance(by, on, label),
    GOVERNMENT: lambda by, obj, on, label: _government(by, label),
    UNIT: lambda by, obj, on, label: _unit(by, obj.project, label),
    APPROVER: lambda by, obj, on, label: _approver(by, obj.project, on, label),
}
# The business a refusal names, as the pages and documents call it (a decision covers its yes and its no).
_REFUSAL_LABELS = {
    (Call, "issue"): gettext_lazy("发布经费申报通知"),
    (Call, "close"): gettext_lazy("截止经费申报"),
    (Application, "submit"): gettext_lazy("提交经费申请"),
    (Application, "withdraw"): gettext_lazy("撤回经费申请"),
    (Application, "verify"): gettext_lazy("核定经费"),
    (ArrangementPlan, "edit"): gettext_lazy("编制经费安排计划"),
    (ArrangementPlan, "submit"): gettext_lazy("报送经费安排计划"),
    (ArrangementPlan, "approve"): gettext_lazy("审定经费安排计划"),
    (ArrangementPlan, "return"): gettext_lazy("审定经费安排计划"),
    (ArrangementPlan, "allocate"): gettext_lazy("下达资金"),
    (Adjustment, "approve"): gettext_lazy("批准资金调整"),
    (Adjustment, "reject"): gettext_lazy("批准资金调整"),
    (ContentChange, "consent"): gettext_lazy("同意调整概算"),
    (ContentChange, "refuse_consent"): gettext_lazy("同意调整概算"),
    (ContentChange, "approve"): gettext_lazy("审批建设内容调整"),
    (ContentChange, "reject"): gettext_lazy("审批建设内容调整"),
    (PerformanceEvaluation, "conclude"): gettext_lazy("作出绩效评价结论"),
}


def policy(by, obj, step: str, on: date) -> None:
    """Who takes ``step`` on ``obj``: the actor its machine declares, in the department of the version of ``on``."""
    model = type(obj)
    _ACTORS[MACHINES[model][step].actor](by, obj, on, _REFUSAL_LABELS[model, step])


def _people(code: str, perm: str = Perm.MANAGE_FUNDS):
    return project_selectors.people(Organisation.objects.filter(code=code).first(), perm)


def _lead_and_finance_people(on: date):
    version = version_on(on)
    return [*_people(version.lead_department), *_people(version.finance_department)]


# ---------------------------------------------------------------- recording

def _event(project: Project, *, by, on: date, step: str, label: str, reason: str = "", data: dict | None = None,
           result: dict | None = None) -> Event:
    """The fund step on the project's own timeline, so the project page tells the whole story."""
    return Event.objects.create(
        project=project, on=on, actor=by, actor_name=getattr(by, "full_name", "") or by.username,
        step=f"funds:{step}"[:40], label=label[:100], reason=reason, rulebook=(result or {}).get("rulebook", ""),
        findings=[f for f in (result or {}).get("findings", [])
                  if f["rule"] in ("F3", "F5", "F6", "F9", "L25", "S2", "S5")],
        data=data or {})


def _decimal_data(**values) -> dict:
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in values.items()}


# ---------------------------------------------------------------- rules

def fund_facts(project: Project, on: date, **extra) -> dict:
    """The project's rule facts plus what the funding rules read (Art. 18, 29, 32 of either version)."""
    f = facts(project, on)
    entry = PlanEntry.objects.filter(project=project).select_related("plan").first()
    special_approved = project.declaration_type == "special" and project.events.filter(
        step="government_decide", to_state=State.GOV_APPROVED).exists()
    f["in_annual_plan"] = bool(entry and entry.plan.status == AnnualPlan.Status.APPROVED) or special_approved
    f["project_approved"] = project.state in APPROVED_STATES
    f["system_non_compliant"] = NonCompliance.objects.filter(
        Q(resolved_on__isnull=True) | Q(resolved_on__gt=on), project=project, determined_on__lte=on).exists()
    f.update(extra)
    return f


def judge(project: Project, on: date, gates: tuple[str, ...], **extra) -> dict:
    """Evaluate the rules; refuse with every blocking finding among ``gates`` (rule keys)."""
    result = rules.evaluate(fund_facts(project, on, **extra))
    blocks = [f for f in result["findings"] if f["severity"] == rules.Severity.BLOCK and f["key"] in gates]
    if blocks:
        raise WorkflowError([b["message"] for b in blocks], findings=blocks)
    return result


FUNDING_GATES = ("fund_materials", "fund_plan_gate", "om_non_compliant", "om_zombie_system", "no_sharing")
PAYMENT_GATES = ("payment_over_contract", "payment_over_allocation", "payment_over_plan", "payment_over_progress")


def _fund_for_update(year: int) -> FundYear:
    FundYear.objects.get_or_create(year=year)
    return FundYear.objects.select_for_update().get(year=year)


def _application_for_update(application: Application) -> Application:
    return Application.objects.select_for_update(of=("self",)).select_related(
        "call", "call__fund", "project", "project__unit").get(pk=application.pk)


def _allocation_for_update(allocation: Allocation) -> Allocation:
    return Allocation.objects.select_for_update(of=("self",)).select_related("project", "project__unit", "fund").get(
        pk=allocation.pk)


def application_facts(application: Application) -> dict:
    return {"funding_kind": application.kind,
            "fund_materials": sorted({d.kind for d in application.documents.all()} & set(vocabulary.FUND_MATERIALS))}


def _plan_for_update(plan: ArrangementPlan) -> ArrangementPlan:
    return ArrangementPlan.objects.select_for_update(of=("self",)).select_related("fund").get(pk=plan.pk)
