from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("people", views.UserViewSet, basename="person")
router.register("audit", views.AuditRecordViewSet, basename="audit")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("allocations", views.AllocationViewSet, basename="allocation")
router.register("payments", views.PaymentViewSet, basename="payment")
router.register("monitoring/payments", views.MonitoredPaymentViewSet, basename="monitoring-payment")
router.register("monitoring/doubts", views.DoubtViewSet, basename="monitoring-doubt")

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    re_path(r"^v1/rules/evaluate/?$", views.RulesEvaluateView.as_view(), name="rules-evaluate"),
    path("", include(router.urls)),
]
