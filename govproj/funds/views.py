from django.views.generic import TemplateView

from govproj.accounts.roles import Perm
from govproj.common.views import RoleRequiredMixin


class _Stub(RoleRequiredMixin, TemplateView):
    permission_required = Perm.VIEW_FUNDS
    template_name = "funds/ledger.html"


class LedgerView(_Stub):
    pass


class YearView(_Stub):
    pass


class YearProjectsView(_Stub):
    pass


class CallListView(_Stub):
    pass


class CallView(_Stub):
    pass


class ApplicationView(_Stub):
    pass


class DocumentDownloadView(_Stub):
    pass


class PlanView(_Stub):
    pass


class PlanDocxView(_Stub):
    pass


class ProjectFundsView(_Stub):
    pass


class AdjustmentListView(_Stub):
    pass


class ReportListView(_Stub):
    pass


class EvaluationListView(_Stub):
    pass


class EvaluationView(_Stub):
    pass


class NonComplianceListView(_Stub):
    pass
