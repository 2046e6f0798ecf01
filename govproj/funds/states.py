"""Every status change of a funds record, declared in one place.

``MACHINES[model][step] = (sources, target)``; ``common.workflow.move`` is the only code that changes a
status, and it refuses a step from any status not listed here.
"""

from .models import (
    Adjustment,
    Application,
    ArrangementPlan,
    Call,
    ContentChange,
    PerformanceEvaluation,
)

MACHINES: dict[type, dict[str, tuple[frozenset, str]]] = {
    Call: {
        "issue": (frozenset({Call.Status.DRAFT}), Call.Status.OPEN),
        "close": (frozenset({Call.Status.OPEN}), Call.Status.CLOSED),
    },
    Application: {
        "submit": (frozenset({Application.Status.DRAFT}), Application.Status.SUBMITTED),
        "withdraw": (frozenset({Application.Status.DRAFT, Application.Status.SUBMITTED}), Application.Status.WITHDRAWN),
        "verify": (frozenset({Application.Status.SUBMITTED}), Application.Status.VERIFIED),
    },
    ArrangementPlan: {
        "submit": (frozenset({ArrangementPlan.Status.DRAFT}), ArrangementPlan.Status.SUBMITTED),
        "approve": (frozenset({ArrangementPlan.Status.SUBMITTED}), ArrangementPlan.Status.APPROVED),
        "return": (frozenset({ArrangementPlan.Status.SUBMITTED}), ArrangementPlan.Status.DRAFT),
        "allocate": (frozenset({ArrangementPlan.Status.APPROVED}), ArrangementPlan.Status.ALLOCATED),
    },
    Adjustment: {
        "approve": (frozenset({Adjustment.Status.SUBMITTED}), Adjustment.Status.APPROVED),
        "reject": (frozenset({Adjustment.Status.SUBMITTED}), Adjustment.Status.REJECTED),
    },
    ContentChange: {
        "consent": (frozenset({ContentChange.Status.CONSENT_PENDING}), ContentChange.Status.APPROVAL_PENDING),
        "refuse_consent": (frozenset({ContentChange.Status.CONSENT_PENDING}), ContentChange.Status.REJECTED),
        "approve": (frozenset({ContentChange.Status.APPROVAL_PENDING}), ContentChange.Status.APPROVED),
        "reject": (frozenset({ContentChange.Status.APPROVAL_PENDING}), ContentChange.Status.REJECTED),
    },
    PerformanceEvaluation: {
        "conclude": (frozenset({PerformanceEvaluation.Status.OPEN}), PerformanceEvaluation.Status.CONCLUDED),
    },
}

# The status a content change starts in, by the path Article 20 gives it.
CONTENT_CHANGE_START = {
    ContentChange.Path.FILE: ContentChange.Status.FILED,
    ContentChange.Path.REDESIGN: ContentChange.Status.APPROVAL_PENDING,
    ContentChange.Path.MUNICIPAL: ContentChange.Status.CONSENT_PENDING,
    ContentChange.Path.UNAUTHORISED: ContentChange.Status.FOUND,
}
