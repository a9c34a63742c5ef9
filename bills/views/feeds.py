"""Atom feeds (Django syndication): a saved search, ``/search/feed/?q=…``.

A feed reader polls the same URL as the search page, with ``/feed/`` added:
the query and its filters are read by the search's own filter set, and the
feed lists the matching bills whose latest action is newest first.
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from bills.api.filters import BillFilter
from bills.models import Bill

FEED_ITEMS = 50


class SearchFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest) -> dict:
        return {"query": request.GET.get("q", "").strip(), "params": request.GET}

    def title(self, obj: dict) -> str:
        return f"RegTracker search: {obj['query']}"

    def link(self, obj: dict) -> str:
        return reverse("search") + "?" + obj["params"].urlencode()

    def feed_url(self, obj: dict) -> str:
        return reverse("search-feed") + "?" + obj["params"].urlencode()

    def subtitle(self, obj: dict) -> str:
        return "Bills and laws matching this search, latest action first."

    def items(self, obj: dict):
        bills = Bill.objects.select_related("jurisdiction", "session")
        found = BillFilter(obj["params"], queryset=bills).qs
        return found.order_by("-latest_action_date", "-id")[:FEED_ITEMS]

    def item_title(self, bill: Bill) -> str:
        return f"{bill.jurisdiction.name} {bill.identifier}: {bill.display_name}"

    def item_description(self, bill: Bill) -> str:
        status = bill.get_status_display()
        when = f" ({bill.status_date:%d %B %Y})" if bill.status_date else ""
        return f"{status}{when}. {bill.abstract or bill.title}"

    def item_updateddate(self, bill: Bill):
        return bill.updated_at

    def item_pubdate(self, bill: Bill):
        return bill.created_at


def search_feed(request: HttpRequest) -> HttpResponse:
    """The saved-search feed; a query the search cannot run is a 400 saying why."""
    found = BillFilter(request.GET, queryset=Bill.objects.none())
    if not request.GET.get("q", "").strip():
        return HttpResponseBadRequest("A search feed needs a query: /search/feed/?q=words")
    if not found.is_valid():
        reasons = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in found.errors.items())
        return HttpResponseBadRequest(f"This search cannot run. {reasons}")
    return SearchFeed()(request)
