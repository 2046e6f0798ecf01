"""Projects and everything the lifecycle records about them (spec §2).

The state machine itself is declared in ``states.py``; models hold data and their invariants: the
database keeps what it can, ``clean()`` what spans fields, and the services run it before they save.
Every model that belongs to a project is scoped through the project's unit and through the people
the project has been assigned to (invited departments, experts, committee members), so ``restrict``
answers for all of them alike.
"""

from .project import (
    BUILD_TYPE_CHOICES,
    INFRASTRUCTURE_CHOICES,
    Category,
    DeclarationType,
    Network,
    Participant,
    Project,
)
from .records import (
    CONCLUDED_KINDS,
    Attachment,
    AttachmentKind,
    Conclusion,
    Event,
    Opinion,
    OpinionKind,
    attachment_path,
)
from .stages import (
    AcceptanceAttempt,
    AnnualPlan,
    ApprovalItem,
    ApprovalItemKind,
    CryptoEvaluation,
    FiscalReview,
    Inspection,
    PlanEntry,
    Postponement,
    ProgressReport,
)

__all__ = [
    "BUILD_TYPE_CHOICES",
    "CONCLUDED_KINDS",
    "INFRASTRUCTURE_CHOICES",
    "AcceptanceAttempt",
    "AnnualPlan",
    "ApprovalItem",
    "ApprovalItemKind",
    "Attachment",
    "AttachmentKind",
    "Category",
    "Conclusion",
    "CryptoEvaluation",
    "DeclarationType",
    "Event",
    "FiscalReview",
    "Inspection",
    "Network",
    "Opinion",
    "OpinionKind",
    "Participant",
    "PlanEntry",
    "Postponement",
    "ProgressReport",
    "Project",
    "attachment_path",
]
