"""The domain's pages and API under their stable addresses (see issue 5's list)."""

from django.urls import include, path

from bills.views import analysis

urlpatterns = [
    path("matrix/", analysis.matrix_page, name="matrix"),
    path("compare/", analysis.compare_page, name="compare"),
    path("applies/", analysis.applies_page, name="applies"),
    path("obligations/<int:pk>/", analysis.obligation_detail, name="obligation-detail"),
    path("jurisdictions/<str:code>/", analysis.jurisdiction_page, name="jurisdiction"),
    path("federal/", analysis.federal_page, name="federal"),
    path("", include("bills.api.urls")),
]
