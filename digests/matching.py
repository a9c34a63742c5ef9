"""Which change events and upcoming dates a subscription's filters select.

Filters combine with AND; an empty filter means everything. Categories and
actors select a bill whose current obligations have them, and, for an
obligation diff, only the diff lines about them. Event kinds are handled
generically: a kind this module has never heard of (a legal-state change, a
new source's event) matches on its bill like any other.
"""

from __future__ import annotations

from .models import FILTER_FIELDS, Subscription
from .query import bills_matching
from .window import BillInfo, Event, Upcoming, Window

# details_changed that only touch bookkeeping are not news for a reader.
QUIET_FIELDS = frozenset({"source_urls", "source_ids", "ai_relevance_reason"})
DIFF_PARTS = ("added", "removed", "changed")


class Matcher:
    """Filters subscriptions against one window; caches what subscriptions share."""

    def __init__(self, window: Window):
        self.window = window
        self._queries: dict[str, set[int]] = {}
        self._events: dict[tuple, list[Event]] = {}
        self._upcoming: dict[tuple, list[Upcoming]] = {}

    def events_for(self, subscription: Subscription) -> list[Event]:
        """Subscriptions with the same filters and cursor share one answer (cached)."""
        key = (subscription.last_event_id, _signature(subscription))
        if key not in self._events:
            self._events[key] = [
                e
                for e in self.window.events_after(subscription.last_event_id)
                if self.event_matches(subscription, e)
            ]
        return self._events[key]

    def upcoming_for(self, subscription: Subscription, announced: set[tuple]) -> list[Upcoming]:
        key = _signature(subscription)
        if key not in self._upcoming:
            self._upcoming[key] = [
                u
                for u in self.window.upcoming
                if self.bill_matches(subscription, self.window.bills[u.bill_id])
            ]
        return [u for u in self._upcoming[key] if (u.bill_id, u.date) not in announced]

    def event_matches(self, subscription: Subscription, event: Event) -> bool:
        bill = self.window.bills.get(event.bill_id)
        if bill is None or is_quiet(event):
            return False
        if event.kind == "obligations_changed" and (subscription.categories or subscription.actors):
            return self._place_matches(subscription, bill) and bool(
                diff_lines_for(subscription, event.details)
            )
        return self.bill_matches(subscription, bill)

    def bill_matches(self, subscription: Subscription, bill: BillInfo) -> bool:
        return self._place_matches(subscription, bill) and _any_key(
            subscription, bill.obligation_keys
        )

    def _place_matches(self, subscription: Subscription, bill: BillInfo) -> bool:
        if subscription.bills and bill.id not in set(subscription.bills):
            return False
        if subscription.jurisdictions and bill.jurisdiction_code not in subscription.jurisdictions:
            return False
        if subscription.legal_states and bill.legal_state not in subscription.legal_states:
            return False
        return not subscription.query or bill.id in self._query_hits(subscription.query)

    def _query_hits(self, query: str) -> set[int]:
        if query not in self._queries:
            self._queries[query] = bills_matching(query, self.window.bills.values())
        return self._queries[query]


def _signature(subscription: Subscription) -> tuple:
    return tuple(
        tuple(value) if isinstance(value, list) else value
        for value in (subscription.filters[name] for name in FILTER_FIELDS)
    )


def diff_lines_for(subscription: Subscription, details: dict) -> dict[str, list[dict]]:
    """The parts of an obligation diff (or of a legal-state change's duties) about the
    subscription's categories and actors."""
    lines = {
        part: [item for item in details.get(part) or [] if _item_matches(subscription, item)]
        for part in DIFF_PARTS
    }
    if details.get("obligations"):
        lines["legal_moves"] = [
            item for item in details["obligations"] if _item_matches(subscription, item)
        ]
    return lines


def is_quiet(event: Event) -> bool:
    if event.kind != "details_changed":
        return False
    fields = set((event.details.get("fields") or {}).keys())
    return bool(fields) and fields <= QUIET_FIELDS


def _item_matches(subscription: Subscription, item: dict) -> bool:
    # A duty whose record names no actor (a legal-state move) is judged by its category.
    return (not subscription.categories or item.get("category") in subscription.categories) and (
        not subscription.actors or "actor" not in item or item["actor"] in subscription.actors
    )


def _any_key(subscription: Subscription, keys: set[tuple[str, str]]) -> bool:
    if not subscription.categories and not subscription.actors:
        return True
    return any(
        (not subscription.categories or c in subscription.categories)
        and (not subscription.actors or a in subscription.actors)
        for c, a in keys
    )
