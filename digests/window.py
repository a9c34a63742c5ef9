"""What one digest run reads, loaded once: the change events of the window and their bills.

Ten thousand subscribers share a handful of events, so a run loads the events
between the lowest cursor and the run's upper bound, the bills they concern
(with the categories and actors of their current obligations, for the
filters), the upcoming effective dates, and the obligation ids the diff lines
link to; each subscription then only filters in memory.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Max, Min, Q

from bills.models import Bill, BillVersion, ChangeEvent, Obligation

from .legal import legal_state_of


@dataclass
class BillInfo:
    id: int
    identifier: str
    title: str
    popular_name: str
    abstract: str
    jurisdiction_code: str
    jurisdiction_name: str
    status: str
    effective_date: date | None
    legal_state: str
    obligation_keys: set[tuple[str, str]] = field(default_factory=set)

    @property
    def display_name(self) -> str:
        return self.popular_name or self.title


@dataclass(frozen=True)
class Event:
    id: int
    kind: str
    bill_id: int
    occurred_at: datetime
    details: dict


@dataclass(frozen=True)
class Upcoming:
    bill_id: int
    date: date
    what: str


@dataclass
class Window:
    lower: int
    upper: int
    today: date
    events: list[Event]
    bills: dict[int, BillInfo]
    upcoming: list[Upcoming]
    obligation_ids: dict[tuple, int]
    version_labels: dict[int, list[str]] = field(default_factory=dict)

    def events_after(self, cursor: int) -> list[Event]:
        return [e for e in self.events if e.id > cursor]

    def covers(self, event_ids: set[int], bill_ids: set[int]) -> bool:
        """Whether these events and these bills are all loaded."""
        return bill_ids <= self.bills.keys() and event_ids <= {e.id for e in self.events}


def event_upper_bound(cutoff: datetime) -> int:
    """The highest event id a digest may cover now.

    On PostgreSQL ids are handed out before commit, so an event may become
    visible after one with a higher id; a cursor that jumped past it would
    skip it for good. Events younger than ``cutoff`` (the settle time) are
    left for the next run, and so is every id above the first of them.
    """
    young = ChangeEvent.objects.filter(occurred_at__gt=cutoff).aggregate(m=Min("id"))["m"]
    if young is not None:
        return young - 1
    return ChangeEvent.objects.aggregate(m=Max("id"))["m"] or 0


def load_window(lower: int, upper: int, today: date, horizon_days: int) -> Window:
    events = [
        Event(e.id, e.kind, e.bill_id, e.occurred_at, e.details or {})
        for e in ChangeEvent.objects.filter(id__gt=lower, id__lte=upper).order_by("id")
    ]
    upcoming = _upcoming(today, today + timedelta(days=horizon_days))
    bill_ids = {e.bill_id for e in events} | {u.bill_id for u in upcoming}
    bills = _bills(bill_ids, today)
    return Window(
        lower, upper, today, events, bills, upcoming, _obligation_ids(bill_ids),
        _version_labels(bill_ids),
    )  # fmt: skip


def _bills(bill_ids: set[int], today: date) -> dict[int, BillInfo]:
    infos: dict[int, BillInfo] = {}
    rows = Bill.objects.filter(id__in=bill_ids).select_related("jurisdiction").order_by()
    for bill in rows.iterator(chunk_size=2000):
        infos[bill.id] = BillInfo(
            id=bill.id,
            identifier=bill.identifier,
            title=bill.title,
            popular_name=bill.popular_name,
            abstract=bill.abstract,
            jurisdiction_code=bill.jurisdiction.code,
            jurisdiction_name=bill.jurisdiction.name,
            status=bill.status,
            effective_date=bill.effective_date,
            legal_state=legal_state_of(bill),
        )
    keys = Obligation.objects.shown().filter(bill_id__in=bill_ids).order_by()
    for bill_id, category, actor in keys.values_list("bill_id", "category", "actor").distinct():
        infos[bill_id].obligation_keys.add((category, actor))
    return infos


def _upcoming(start: date, end: date) -> list[Upcoming]:
    """Dates after ``start`` up to ``end`` on which a bill or some of its duties change as law.

    A bill taking effect (its stored ``in_force_from``, else its effective date),
    duties whose own section takes effect on another date than their bill, and a
    law that stops counting (superseded, repealed, expiring: ``law_until``).
    """
    found: dict[tuple[int, date], str] = {}
    bills = Bill.objects.filter(
        Q(in_force_from__gt=start, in_force_from__lte=end)
        | Q(effective_date__gt=start, effective_date__lte=end)
        | Q(law_until__gt=start, law_until__lte=end)
    ).order_by()
    for bill_id, in_force, effective, until in bills.values_list(
        "id", "in_force_from", "effective_date", "law_until"
    ):
        takes_effect = in_force or effective
        if takes_effect and start < takes_effect <= end:
            found[(bill_id, takes_effect)] = "takes effect"
        if until and start < until <= end:
            found.setdefault((bill_id, until), "stops counting as law")
    counts: dict[tuple[int, date], int] = defaultdict(int)
    duties = Obligation.objects.shown().filter(in_force_from__gt=start, in_force_from__lte=end)
    for bill_id, when in duties.order_by().values_list("bill_id", "in_force_from"):
        counts[(bill_id, when)] += 1
    for key, n in counts.items():
        found.setdefault(
            key, f"{n} dut{'y' if n == 1 else 'ies'} take{'s' if n == 1 else ''} effect"
        )
    return [Upcoming(b, d, what) for (b, d), what in sorted(found.items(), key=lambda i: i[0][1])]


def _version_labels(bill_ids: set[int]) -> dict[int, list[str]]:
    """Each bill's version labels in the redline page's order, to link a text to its previous one."""
    labels: dict[int, list[str]] = defaultdict(list)
    rows = BillVersion.objects.filter(bill_id__in=bill_ids).order_by(
        "bill_id", "order", "date", "id"
    )
    for bill_id, label in rows.values_list("bill_id", "label"):
        labels[bill_id].append(label)
    return dict(labels)


def _obligation_ids(bill_ids: set[int]) -> dict[tuple, int]:
    """(bill, version label, category, actor, section) → obligation id, to link each diff line."""
    rows = Obligation.objects.filter(bill_id__in=bill_ids).order_by("id")
    return {
        (bill_id, label, category, actor, section): pk
        for pk, bill_id, label, category, actor, section in rows.values_list(
            "id", "bill_id", "version__label", "category", "actor", "section"
        )
    }


def empty_window(today: date) -> Window:
    return Window(0, 0, today, [], {}, [], {})


def load_for_deliveries(event_ids: set[int], announced_bills: set[int], today: date) -> Window:
    """The events a batch of claimed deliveries names, with their bills: for sending later."""
    events = [
        Event(e.id, e.kind, e.bill_id, e.occurred_at, e.details or {})
        for e in ChangeEvent.objects.filter(id__in=event_ids).order_by("id")
    ]
    bill_ids = {e.bill_id for e in events} | announced_bills
    upper = max(event_ids, default=0)
    return Window(
        0, upper, today, events, _bills(bill_ids, today), [], _obligation_ids(bill_ids),
        _version_labels(bill_ids),
    )  # fmt: skip
