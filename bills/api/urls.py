"""API addresses under /api/v1/ (stable: users script them) and the schema and its docs page."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from . import docs, patchwork, views
from .index import ApiRouter

router = ApiRouter()
router.register("jurisdictions", views.JurisdictionViewSet, basename="api-jurisdiction")
router.register("bills", views.BillViewSet, basename="api-bill")
router.register("obligations", views.ObligationViewSet, basename="api-obligation")

urlpatterns = [
    path("api/v1/matrix/", views.MatrixView.as_view(), name="api-matrix"),
    path("api/v1/matrix/cell/", views.MatrixCellView.as_view(), name="api-matrix-cell"),
    path("api/v1/compare/", views.CompareView.as_view(), name="api-compare"),
    path("api/v1/applicability/", views.ApplicabilityView.as_view(), name="api-applicability"),
    path("api/v1/patchwork/", patchwork.PatchworkView.as_view(), name="api-patchwork"),
    path(
        "api/v1/patchwork/research/",
        patchwork.PatchworkResearchView.as_view(),
        name="api-patchwork-research",
    ),
    path("api/v1/changes/", views.ChangesView.as_view(), name="api-changes"),
    path("api/v1/taxonomy/", views.TaxonomyView.as_view(), name="api-taxonomy"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", docs.api_docs, name="api-docs"),
    path("api/docs/schema/", docs.api_schema_page, name="api-schema-page"),
]
