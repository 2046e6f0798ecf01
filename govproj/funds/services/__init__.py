"""Every change to the fund ledger goes through a function here (spec §3, F1–F11), one module per stage.

Callers use ``services.x(...)``; the stages are ``pool`` (F1–F2), ``applications`` (F3–F5 up to the
government's decision), ``allocation`` (allocation, contracts, spending plans, payments), ``adjustments``
(Art. 19–20) and ``reports`` (reports, security findings, performance); ``_core`` holds what they share.
"""

from ._core import application_facts, fund_facts, policy
from .adjustments import (
    adjustment_decide,
    adjustment_request,
    content_change_consent,
    content_change_decide,
    content_change_found,
    content_change_request,
    recover,
)
from .allocation import (
    allocate,
    contract_register,
    limits_of,
    payment_limits,
    payment_record,
    progress_percent,
    spending_plan_set,
)
from .applications import (
    application_create,
    application_submit,
    application_upload,
    application_verify,
    application_withdraw,
    document_upload,
    plan_add_line,
    plan_create,
    plan_decide,
    plan_remove_line,
    plan_submit,
)
from .pool import call_close, call_create, call_issue, pool_add
from .reports import (
    detect_grounds,
    evaluation_conclude,
    evaluation_open,
    execution_rate,
    noncompliance_record,
    noncompliance_resolve,
    performance_facts,
    report_due,
    report_recipients,
    report_reminders,
    report_submit,
    schedule_reports,
)

__all__ = [
    "adjustment_decide", "adjustment_request", "allocate", "application_create", "application_facts",
    "application_submit", "application_upload", "application_verify", "application_withdraw", "call_close",
    "call_create", "call_issue", "content_change_consent", "content_change_decide", "content_change_found",
    "content_change_request", "contract_register", "detect_grounds", "document_upload", "evaluation_conclude",
    "evaluation_open", "execution_rate", "fund_facts", "noncompliance_record", "noncompliance_resolve",
    "limits_of", "payment_limits", "payment_record", "performance_facts", "plan_add_line", "plan_create",
    "plan_decide", "plan_remove_line", "plan_submit", "policy", "pool_add", "progress_percent", "recover", "report_due",
    "report_recipients",
    "report_reminders", "report_submit", "schedule_reports", "spending_plan_set",
]
