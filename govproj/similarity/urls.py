from django.urls import path

from . import views

app_name = "similarity"
urlpatterns = [
    path("projects/<int:pk>/", views.PanelView.as_view(), name="panel"),
    path("projects/<int:pk>/compare/", views.CompareView.as_view(), name="compare"),
    path("projects/<int:pk>/judge/", views.JudgeView.as_view(), name="judge"),
    path("check/", views.CheckView.as_view(), name="check"),
    path("register/", views.RegisterView.as_view(), name="register"),
    path("register/new/", views.RegionFormView.as_view(), name="region_create"),
    path("register/import/", views.ImportView.as_view(), name="import"),
    path("register/template.xlsx", views.TemplateDownloadView.as_view(), name="template"),
    path("register/<int:pk>/", views.RegionDetailView.as_view(), name="region"),
    path("register/<int:pk>/edit/", views.RegionFormView.as_view(), name="region_edit"),
    path("register/<int:pk>/delete/", views.RegionDeleteView.as_view(), name="region_delete"),
]
