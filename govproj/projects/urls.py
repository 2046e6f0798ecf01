from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.ProjectListView.as_view(), name="list"),
    path("new/", views.ProjectFormView.as_view(), name="create"),
    path("<int:pk>/", views.ProjectDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ProjectFormView.as_view(), name="edit"),
    path("<int:pk>/do/<str:action>/", views.ProjectActionView.as_view(), name="action"),
    path("<int:pk>/archive.zip", views.ArchiveDownloadView.as_view(), name="archive"),
    path("attachments/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment"),
    path("plans/", views.PlanListView.as_view(), name="plans"),
    path("plans/<int:year>/", views.PlanView.as_view(), name="plan"),
    path("plans/<int:year>/docx/", views.PlanDocxView.as_view(), name="plan_docx"),
    path("notifications/", views.NotificationsView.as_view(), name="notifications"),
]
