from django.urls import path

from . import analysis, views

app_name = "monitoring"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("imports/", views.imports, name="imports"),
    path("payments/", views.payments, name="payments"),
    path("doubts/", views.doubts, name="doubts"),
    path("doubts/<int:pk>/", views.doubt, name="doubt"),
    path("cases/", views.cases, name="cases"),
    path("cases/<int:pk>/", views.case, name="case"),
    path("cases/<int:pk>/form/", views.case_form, name="case_form"),
    path("cases/<int:pk>/docx/", views.case_docx, name="case_docx"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("rules/", views.rules, name="rules"),
    path("analysis/", analysis.report, name="analysis"),
    path("analysis/export/", analysis.export, name="analysis_export"),
]
