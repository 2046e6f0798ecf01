"""Every status change of a funds record, declared in one place.

``MACHINES[model]`` is the model's ``Machine``; ``common.workflow.move`` is the only code that changes a
status, and it refuses a step from any status not listed here.
"""

from django.utils.translation import gettext_lazy as _

from govproj.common.workflow import Machine, step

from .models import Adjustment, Application, ArrangementPlan, Call, ContentChange, PerformanceEvaluation

C, A, P = Call.Status, Application.Status, ArrangementPlan.Status
ADJ, CC, PE = Adjustment.Status, ContentChange.Status, PerformanceEvaluation.Status
MACHINES: dict[type, Machine] = {
    Call: Machine({
        "issue": step(_("发布申报通知"), C.DRAFT, C.OPEN),
        "close": step(_("截止申报"), C.OPEN, C.CLOSED),
    }),
    Application: Machine({
        "submit": step(_("提交资金申请"), A.DRAFT, A.SUBMITTED),
        "withdraw": step(_("撤回资金申请"), (A.DRAFT, A.SUBMITTED), A.WITHDRAWN),
        "verify": step(_("核定资金申请"), A.SUBMITTED, A.VERIFIED),
    }),
    ArrangementPlan: Machine({
        "submit": step(_("报市人民政府审定"), P.DRAFT, P.SUBMITTED),
        "approve": step(_("审定资金安排计划"), P.SUBMITTED, P.APPROVED),
        "return": step(_("退回资金安排计划"), P.SUBMITTED, P.DRAFT),
        "allocate": step(_("下达资金"), P.APPROVED, P.ALLOCATED),
    }),
    Adjustment: Machine({
        "approve": step(_("批准调整"), ADJ.SUBMITTED, ADJ.APPROVED),
        "reject": step(_("不予批准调整"), ADJ.SUBMITTED, ADJ.REJECTED),
    }),
    ContentChange: Machine({
        "consent": step(_("市人民政府同意"), CC.CONSENT_PENDING, CC.APPROVAL_PENDING),
        "refuse_consent": step(_("市人民政府不同意"), CC.CONSENT_PENDING, CC.REJECTED),
        "approve": step(_("批准变更"), CC.APPROVAL_PENDING, CC.APPROVED),
        "reject": step(_("不予批准变更"), CC.APPROVAL_PENDING, CC.REJECTED),
    }),
    PerformanceEvaluation: Machine({
        "conclude": step(_("作出绩效评价结论"), PE.OPEN, PE.CONCLUDED),
    }),
}

# The status a content change starts in, by the path Article 20 gives it.
CONTENT_CHANGE_START = {
    ContentChange.Path.FILE: CC.FILED,
    ContentChange.Path.REDESIGN: CC.APPROVAL_PENDING,
    ContentChange.Path.MUNICIPAL: CC.CONSENT_PENDING,
    ContentChange.Path.UNAUTHORISED: CC.FOUND,
}
