"""Every status change of a funds record, declared in one place.

``MACHINES[model]`` is the model's ``Machine``; ``common.workflow.move`` is the only code that changes a
status, and it refuses a step from any status not listed here. Each step names who takes it (Art. 18–20,
24): ``services.policy`` resolves the actor to the department of the rulebook version in force.
"""

from django.utils.translation import gettext_lazy as _

from govproj.common.workflow import Machine, step

from .models import Adjustment, Application, ArrangementPlan, Call, ContentChange, PerformanceEvaluation

LEAD, FINANCE, LEAD_OR_FINANCE = "lead", "finance", "lead_or_finance"
GOVERNMENT, UNIT, APPROVER = "government", "unit", "approver"

C, A, P = Call.Status, Application.Status, ArrangementPlan.Status
ADJ, CC, PE = Adjustment.Status, ContentChange.Status, PerformanceEvaluation.Status
MACHINES: dict[type, Machine] = {
    Call: Machine({
        "issue": step(_("发布申报通知"), C.DRAFT, C.OPEN, LEAD),
        "close": step(_("截止申报"), C.OPEN, C.CLOSED, LEAD),
    }),
    Application: Machine({
        "submit": step(_("提交资金申请"), A.DRAFT, A.SUBMITTED, UNIT),
        "withdraw": step(_("撤回资金申请"), (A.DRAFT, A.SUBMITTED), A.WITHDRAWN, UNIT),
        "verify": step(_("核定资金申请"), A.SUBMITTED, A.VERIFIED, LEAD_OR_FINANCE),
    }),
    ArrangementPlan: Machine({
        "edit": step(_("编制经费安排计划"), P.DRAFT, P.DRAFT, LEAD),  # its lines, while the lead department drafts
        "submit": step(_("报市人民政府审定"), P.DRAFT, P.SUBMITTED, LEAD),
        "approve": step(_("审定资金安排计划"), P.SUBMITTED, P.APPROVED, GOVERNMENT),
        "return": step(_("退回资金安排计划"), P.SUBMITTED, P.DRAFT, GOVERNMENT),
        "allocate": step(_("下达资金"), P.APPROVED, P.ALLOCATED, LEAD_OR_FINANCE),
    }),
    Adjustment: Machine({
        "approve": step(_("批准调整"), ADJ.SUBMITTED, ADJ.APPROVED, GOVERNMENT),
        "reject": step(_("不予批准调整"), ADJ.SUBMITTED, ADJ.REJECTED, GOVERNMENT),
    }),
    ContentChange: Machine({
        "consent": step(_("市人民政府同意"), CC.CONSENT_PENDING, CC.APPROVAL_PENDING, GOVERNMENT),
        "refuse_consent": step(_("市人民政府不同意"), CC.CONSENT_PENDING, CC.REJECTED, GOVERNMENT),
        "approve": step(_("批准变更"), CC.APPROVAL_PENDING, CC.APPROVED, APPROVER),
        "reject": step(_("不予批准变更"), CC.APPROVAL_PENDING, CC.REJECTED, APPROVER),
    }),
    PerformanceEvaluation: Machine({
        "conclude": step(_("作出绩效评价结论"), PE.OPEN, PE.CONCLUDED, FINANCE),
    }),
}

# The status a content change starts in, by the path Article 20 gives it.
CONTENT_CHANGE_START = {
    ContentChange.Path.FILE: CC.FILED,
    ContentChange.Path.REDESIGN: CC.APPROVAL_PENDING,
    ContentChange.Path.MUNICIPAL: CC.CONSENT_PENDING,
    ContentChange.Path.UNAUTHORISED: CC.FOUND,
}
