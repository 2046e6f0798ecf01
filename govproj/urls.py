from django.contrib import admin
from django.urls import include, path

from govproj.similarity.views import SimilarAPIView

urlpatterns = [
    path("", include("govproj.common.urls")),
    path("accounts/", include("govproj.accounts.urls")),
    path("orgs/", include("govproj.orgs.urls")),
    path("audit/", include("govproj.accounts.audit_urls")),
    path("rulebook/", include("govproj.rulebook.urls")),
    path("projects/", include("govproj.projects.urls")),
    path("funds/", include("govproj.funds.urls")),
    path("monitoring/", include("govproj.monitoring.urls")),
    path("similarity/", include("govproj.similarity.urls")),
    path("sharing/", include("govproj.sharing.urls")),
    path("api/similar/", SimilarAPIView.as_view(), name="similar-api"),
    path("api/", include("govproj.api.urls")),
    path("admin/", admin.site.urls),
]
