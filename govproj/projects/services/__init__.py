"""Every change to a project goes through a function here, one module per stage of the lifecycle.

``_core`` holds what the stages share (rule facts and judgement, who may act, locking, moving the
project and recording the step); the stage modules hold the steps. Views, the API, the demo loader
and the apps above import this package and call ``services.<step>(...)``.
"""

from ._core import MACHINES, current_kinds, facts, is_unit_member, judge
from .acceptance import (
    apply_acceptance,
    conclude_acceptance,
    file_report,
    postponement_decide,
    postponement_request,
    start_acceptance,
    start_operation,
)
from .approval import (
    complete_fiscal_review,
    issue_approval,
    item_decide,
    item_submit,
    request_xinchuang_exception,
    start_approval,
    submit_fiscal_review,
    submittable_items,
)
from .construction import (
    complete,
    crypto_evaluation_record,
    inspection_record,
    inspection_rectify,
    progress_report,
    start_construction,
)
from .declaration import attachment_upload, project_create, project_update, redraft, submit, terminate, withdraw
from .evaluation import (
    conclude_evaluation,
    government_decide,
    may_answer,
    opinion_give,
    plan_add,
    plan_decide,
    plan_remove,
    plan_reorder,
    plan_submit,
    record_infrastructure_exception,
    remind_pending,
    start_evaluation,
    submit_special,
)

__all__ = [
    "MACHINES",
    "apply_acceptance",
    "attachment_upload",
    "complete",
    "complete_fiscal_review",
    "conclude_acceptance",
    "conclude_evaluation",
    "crypto_evaluation_record",
    "current_kinds",
    "facts",
    "file_report",
    "government_decide",
    "inspection_record",
    "inspection_rectify",
    "is_unit_member",
    "issue_approval",
    "item_decide",
    "item_submit",
    "judge",
    "may_answer",
    "opinion_give",
    "plan_add",
    "plan_decide",
    "plan_remove",
    "plan_reorder",
    "plan_submit",
    "postponement_decide",
    "postponement_request",
    "progress_report",
    "project_create",
    "project_update",
    "record_infrastructure_exception",
    "redraft",
    "remind_pending",
    "request_xinchuang_exception",
    "start_acceptance",
    "start_approval",
    "start_construction",
    "start_evaluation",
    "start_operation",
    "submit",
    "submit_fiscal_review",
    "submit_special",
    "submittable_items",
    "terminate",
    "withdraw",
]
