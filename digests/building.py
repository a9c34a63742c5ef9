"""A digest's content: the matched events and upcoming dates, grouped by jurisdiction and bill.

Pure over a loaded ``Window``: the claim decided which events and dates a
delivery holds; this only arranges and words them, so the same delivery
reads the same whenever (and however often) it is rendered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .matching import diff_lines_for
from .models import Subscription
from .window import BillInfo, Event, Window
from .wording import Item, bill_url, describe


@dataclass
class BillEntry:
    bill: BillInfo
    url: str
    items: list[Item] = field(default_factory=list)
    key: tuple = ()  # the same key, the same entry: (bill id, its event ids, the narrowing)


@dataclass
class UpcomingEntry:
    bill: BillInfo
    date: date
    what: str
    url: str


@dataclass
class Section:
    code: str
    name: str
    bills: list[BillEntry] = field(default_factory=list)
    upcoming: list[UpcomingEntry] = field(default_factory=list)


@dataclass
class Digest:
    sections: list[Section]
    changes: int
    upcoming: int

    @property
    def empty(self) -> bool:
        return not self.changes and not self.upcoming

    @property
    def jurisdiction_names(self) -> list[str]:
        return [s.name for s in self.sections]


def build_digest(
    subscription: Subscription,
    window: Window,
    event_ids: list[int],
    announcements: list,
    entries: dict[tuple, BillEntry] | None = None,
) -> Digest:
    """``announcements`` as stored on the delivery: [bill id, ISO date, what].

    ``entries``: bill entries already built from this window, by key; many
    digests tell the same bill's same events with the same narrowing, and
    each such entry is worded once (and its ``key`` lets a renderer render it once).
    """
    entries = {} if entries is None else entries
    wanted = set(event_ids) - _told_by_their_diff(window, set(event_ids))
    narrowing = (
        (tuple(subscription.categories), tuple(subscription.actors))
        if subscription.categories or subscription.actors
        else None
    )
    by_bill: dict[int, list[Event]] = {}
    for event in window.events:
        if event.id in wanted and event.bill_id in window.bills:
            by_bill.setdefault(event.bill_id, []).append(event)
    sections: dict[str, Section] = {}
    for bill_id, events in by_bill.items():
        key = (bill_id, tuple(e.id for e in events), narrowing)
        if key not in entries:
            entries[key] = _entry(subscription, window, window.bills[bill_id], events, key)
        _section(sections, window.bills[bill_id]).bills.append(entries[key])
    count = 0
    for bill_id, when, what in announcements:
        bill = window.bills.get(bill_id)
        if bill is not None:
            entry = UpcomingEntry(bill, date.fromisoformat(when), what, bill_url(bill.id))
            _section(sections, bill).upcoming.append(entry)
            count += 1
    ordered = sorted(sections.values(), key=lambda s: (s.code != "US", s.name))
    changes = sum(len(events) for events in by_bill.values())
    return Digest(ordered, changes, count)


def _entry(
    subscription: Subscription, window: Window, bill: BillInfo, events: list[Event], key: tuple
) -> BillEntry:
    narrowed = key[2] is not None
    items = [
        describe(
            event, bill, window, diff_lines_for(subscription, event.details) if narrowed else None
        )
        for event in events
    ]
    return BillEntry(bill, bill_url(bill.id), items, key)


def _told_by_their_diff(window: Window, event_ids: set[int]) -> set[int]:
    """New-version events whose obligation diff is in the same digest: that item tells both."""
    diffed = {
        (e.bill_id, str(e.details.get("version", "")))
        for e in window.events
        if e.id in event_ids and e.kind == "obligations_changed"
    }
    return {
        e.id
        for e in window.events
        if e.id in event_ids
        and e.kind == "new_version"
        and (e.bill_id, str(e.details.get("label", ""))) in diffed
    }


def _section(sections: dict[str, Section], bill: BillInfo) -> Section:
    if bill.jurisdiction_code not in sections:
        sections[bill.jurisdiction_code] = Section(bill.jurisdiction_code, bill.jurisdiction_name)
    return sections[bill.jurisdiction_code]
