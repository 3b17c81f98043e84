from __future__ import annotations

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from claims.api import evidence, views
from claims.api.exceptions import not_found

app_name = "api"

# JSON is the only format: no `.json` twin of each route (the views take no `format`).
router = DefaultRouter()
router.include_format_suffixes = False
router.register("articles", views.ArticleViewSet, basename="article")
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("sources", views.SourceViewSet, basename="source")
router.register("webhooks", views.WebhookViewSet, basename="webhook")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/checks/rerun/", views.ChecksRerunView.as_view(), name="checks-rerun"),
    path("v1/claimreview/", views.ClaimReviewFeedView.as_view(), name="claimreview-feed"),
    path(
        "v1/evidence/<int:pk>/snapshot/",
        evidence.EvidenceSnapshotView.as_view(),
        name="evidence-snapshot",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its script as a file, so the docs run under the CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    re_path(r"^.*$", not_found),
]
