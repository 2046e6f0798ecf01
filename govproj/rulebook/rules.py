"""Rules: each a small pure function of a project's facts and the rulebook version in force.

A rule returns ``None`` when it has nothing to say, or the Chinese message of its finding; the
registry adds the rule id, severity and citation. ``evaluate`` picks the version by the
declaration date, runs the rules of that version and derives who approves what. The rules live
by domain (``project_rules``, ``fund_rules``) and register in ``registry``; this module is the one
callers use, with the facts vocabulary they need.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from govproj.orgs.models import Organisation
from govproj.orgs.selectors import short_names

from . import fund_rules, project_rules
from .fund_rules import PERFORMANCE_RULES
from .registry import Context, Rule, Severity, citation_of
from .versions import RulebookVersion, all_versions, version_on

__all__ = ["PERFORMANCE_RULES", "RULES", "Severity", "catalogue", "evaluate"]

# Project rules first: within one severity, findings are reported in this order.
RULES: list[Rule] = [*project_rules.RULES, *fund_rules.RULES]


def rules_for(document: str) -> list[Rule]:
    return [r for r in RULES if r.versions is None or document in r.versions]


def _org(name_or_code: str) -> Organisation | None:
    return Organisation.objects.filter(
        Q(code=name_or_code) | Q(name=name_or_code) | Q(short_name=name_or_code)
    ).first()


def _approval_items(f, version: RulebookVersion) -> list[str]:
    """Art. 9. Documents the state or region compiled for the city's share are not compiled again (L10); the
    estimate goes with the preliminary design it belongs to. The civil-works approvals are no such documents."""
    items = []
    if not f.get("unified_documents_cover_city"):
        items = [_("项目建议书"), _("可行性研究报告"), _("初步设计方案"), _("投资概算")]
        if version.plan_listed_may_start_at_fs and (f.get("in_national_or_region_plan") or f.get("urgent_major")):
            items = items[1:]
        amount = f.get("total_investment")
        if amount is not None and amount <= version.no_preliminary_design_max_investment:
            items = [i for i in items if i not in (_("初步设计方案"), _("投资概算"))]
    if f.get("new_civil_works") or f.get("high_energy"):
        items += [_("节能评估"), _("规划选址"), _("用地预审"), _("环境影响评价")]
    return items


def evaluate(facts: dict) -> dict:
    """Findings and derived routing for one project.

    The version is the one in force on the deciding date of the step being judged (``decided_on``,
    e.g. the day approval or acceptance is applied for), or on the declaration date when no later
    step is being judged.
    """
    version = version_on(facts.get("decided_on") or facts["declared_on"])
    unit = _org(facts["unit"])
    unit_is_lead = unit is not None and unit.code == version.lead_department
    names = short_names([version.lead_department, version.lead_self_substitute, *version.evaluation_departments])
    lead = names[version.lead_department]
    ctx = Context(version, lead, unit_is_lead)
    findings = []
    for r in rules_for(version.document):
        message = r.check(facts, ctx)
        if message:
            findings.append({"rule": r.id, "key": r.key, "severity": r.severity, "message": str(message),
                             "citation": citation_of(r, version).as_dict()})
    order = {Severity.BLOCK: 0, Severity.WARN: 1, Severity.INFO: 2}
    findings.sort(key=lambda x: order[x["severity"]])
    substitute = names[version.lead_self_substitute] if unit_is_lead and version.lead_self_substitute else lead
    amount = facts.get("total_investment")
    return {
        "rulebook": version.document,
        "lead_department": lead,
        "approver": substitute,
        "acceptance_organiser": substitute,
        "evaluation_departments": [names[c] for c in version.evaluation_departments],
        "required_approval_items": [str(i) for i in _approval_items(facts, version)],
        "supervision": "lead_department_arranges"
        if amount is not None and amount <= version.central_supervision_max_investment else "unit_entrusts",
        "findings": findings,
    }


def catalogue() -> list[dict]:
    """Every rule with the versions it belongs to and its citation in each, for the rulebook pages."""
    rows = []
    for r in RULES:
        for v in all_versions():
            if r.versions is None or v.document in r.versions:
                rows.append({"rule": r.id, "title": str(r.title), "severity": r.severity,
                             "citation": citation_of(r, v)})
    return rows
