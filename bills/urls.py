"""The domain's pages and API under their stable addresses (users bookmark and script them)."""

from django.urls import include, path

from bills.views import (
    applicability,
    compare,
    diff,
    feeds,
    jurisdictions,
    matrix,
    obligations,
    patchwork,
    search,
)

urlpatterns = [
    path("search/", search.search_page, name="search"),
    path("search/feed/", feeds.search_feed, name="search-feed"),
    path("bills/", search.bill_list_page, name="bill-list"),
    path("bills/<int:pk>/diff/", diff.bill_diff, name="bill-diff"),
    path("bills/<int:pk>/feed/", feeds.BillChangesFeed(), name="bill-feed"),
    path("feeds/changes/", feeds.ChangesFeed(), name="changes-feed"),
    path(
        "feeds/jurisdictions/<str:code>/",
        feeds.JurisdictionChangesFeed(),
        name="jurisdiction-feed",
    ),
    path("matrix/", matrix.matrix_page, name="matrix"),
    path("matrix/cell/", matrix.matrix_cell, name="matrix-cell"),
    path("compare/", compare.compare_page, name="compare"),
    path("compare/suggest/", compare.compare_suggestions, name="compare-suggest"),
    path("applies/", applicability.applies_page, name="applies"),
    path("patchwork/", patchwork.patchwork_page, name="patchwork"),
    path("obligations/", obligations.review_queue, name="obligation-queue"),
    path("obligations/<int:pk>/", obligations.obligation_detail, name="obligation-detail"),
    path("jurisdictions/", jurisdictions.jurisdiction_index, name="jurisdictions"),
    path("jurisdictions/<str:code>/", jurisdictions.jurisdiction_page, name="jurisdiction"),
    path("federal/", jurisdictions.federal_page, name="federal"),
    path("", include("bills.api.urls")),
]
