"""Atom feeds (Django syndication): legislative changes everywhere (``/feeds/changes/``),
in one jurisdiction (``/feeds/jurisdictions/<code>/``) and on one bill
(``/bills/<id>/feed/``), and saved searches (``/search/feed/?q=…``).

A saved search is the search page's URL with ``/feed/`` added: the query and
its filters are read by the search's own filter set, and the feed lists the
matching bills whose latest action is newest first.
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from bills.api.filters import BillFilter
from bills.changes import describe_change, legislative_changes
from bills.models import Bill, ChangeEvent, Jurisdiction

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


class ChangesFeed(Feed):
    """Legislative changes, newest first (never import bookkeeping)."""

    feed_type = Atom1Feed
    title = "RegTracker: changes to US AI bills and laws"
    subtitle = "Actions, status and legal-state changes, new text versions, changed obligations."

    def link(self) -> str:
        return reverse("home")

    def events(self, obj):
        return legislative_changes()

    def items(self, obj=None):
        return self.events(obj)[:FEED_ITEMS]

    def item_title(self, event: ChangeEvent) -> str:
        bill = event.bill
        return f"{bill.jurisdiction.name} {bill.identifier}: {describe_change(event)}"

    def item_description(self, event: ChangeEvent) -> str:
        return event.bill.display_name

    def item_link(self, event: ChangeEvent) -> str:
        return event.bill.get_absolute_url()

    def item_guid(self, event: ChangeEvent) -> str:
        return f"regtracker-change-{event.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, event: ChangeEvent):
        return event.occurred_at

    def item_updateddate(self, event: ChangeEvent):
        return event.occurred_at


class JurisdictionChangesFeed(ChangesFeed):
    def get_object(self, request: HttpRequest, code: str) -> Jurisdiction:
        return get_object_or_404(Jurisdiction, code=code)

    def title(self, place: Jurisdiction) -> str:
        return f"RegTracker: changes to AI bills and laws in {place.name}"

    def link(self, place: Jurisdiction) -> str:
        return reverse("jurisdiction", args=[place.code])

    def events(self, place: Jurisdiction):
        return legislative_changes(ChangeEvent.objects.filter(bill__jurisdiction=place))


class BillChangesFeed(ChangesFeed):
    def get_object(self, request: HttpRequest, pk: int) -> Bill:
        return get_object_or_404(Bill.objects.select_related("jurisdiction"), pk=pk)

    def title(self, bill: Bill) -> str:
        return f"RegTracker: {bill.jurisdiction.name} {bill.identifier} ({bill.display_name})"

    def link(self, bill: Bill) -> str:
        return bill.get_absolute_url()

    def events(self, bill: Bill):
        return legislative_changes(ChangeEvent.objects.filter(bill=bill))
