from django.urls import path

from . import views

app_name = "funds"

urlpatterns = [
    path("", views.LedgerView.as_view(), name="ledger"),
    path("<int:year>/", views.YearView.as_view(), name="year"),
    path("<int:year>/projects/", views.YearProjectsView.as_view(), name="year_projects"),
    path("calls/", views.CallListView.as_view(), name="calls"),
    path("calls/<int:pk>/", views.CallView.as_view(), name="call"),
    path("applications/<int:pk>/", views.ApplicationView.as_view(), name="application"),
    path("documents/<int:pk>/", views.DocumentDownloadView.as_view(), name="document"),
    path("plans/<int:pk>/", views.PlanView.as_view(), name="plan"),
    path("plans/<int:pk>/docx/", views.PlanDocxView.as_view(), name="plan_docx"),
    path("projects/<int:pk>/", views.ProjectFundsView.as_view(), name="project"),
    path("adjustments/", views.AdjustmentListView.as_view(), name="adjustments"),
    path("reports/", views.ReportListView.as_view(), name="reports"),
    path("evaluations/", views.EvaluationListView.as_view(), name="evaluations"),
    path("evaluations/<int:pk>/", views.EvaluationView.as_view(), name="evaluation"),
    path("security/", views.NonComplianceListView.as_view(), name="security"),
]
