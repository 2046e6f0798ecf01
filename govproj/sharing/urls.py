from django.urls import path

from . import views

app_name = "sharing"
urlpatterns = [
    path("", views.ResourceListView.as_view(), name="resources"),
    path("template.xlsx", views.TemplateDownload.as_view(), name="template"),
    path("projects/<int:pk>/", views.ProjectCatalogueView.as_view(), name="project"),
    path("projects/<int:pk>/import/", views.CatalogueImportView.as_view(), name="import"),
    path("projects/<int:pk>/export.xlsx", views.ProjectCatalogueExport.as_view(), name="project_export"),
    path("resources/<int:pk>/", views.ResourceView.as_view(), name="resource"),
    path("requests/", views.RequestListView.as_view(), name="requests"),
    path("requests/<int:pk>/", views.RequestView.as_view(), name="request"),
    path("grants/", views.GrantRegisterView.as_view(), name="grants"),
    path("catalogues/", views.CataloguesView.as_view(), name="catalogues"),
    path("catalogues/<int:pk>/", views.CatalogueView.as_view(), name="catalogue"),
    path("catalogues/<int:pk>/export.<str:fmt>", views.CatalogueExport.as_view(), name="catalogue_export"),
    path("assessments/<int:pk>/", views.AssessmentView.as_view(), name="assessment"),
    path("assessments/<int:pk>/circulation.docx", views.CirculationDownload.as_view(), name="circulation"),
    path("systems/", views.SystemListView.as_view(), name="systems"),
    path("systems/new/", views.SystemCreateView.as_view(), name="system_new"),
    path("systems/<int:pk>/", views.SystemView.as_view(), name="system"),
]
