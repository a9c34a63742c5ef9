"""The compliance matrix: jurisdictions × obligation categories, at every zoom.

A cell is an aggregate, never a list: how many obligations and bills, the
strictest typed values and the obligation, bill, section and legal state
each comes from (the IAPP chart's "strictest value and its law at a
glance"). Built from a fixed number of flat queries whatever the size: one
aggregate over ``Obligation`` grouped by jurisdiction and category (read
from a covering index), one per typed column naming the strictest values'
sources, one for those bills and one for the rows. The obligations of a cell
are listed a page at a time by ``bills.matrix_cell``, on demand.

Federal ``preemption`` and ``agency_directive`` items are laid over the state
rows they name (``federal_overlay``): a federal text that names no state
targets them all.

Only law counts (``bills.legal_state.counted_q``): what is in force or
enacted and waiting for its effective date on the matrix's as-of date. With
``include_pending`` the duties of pending bills come as a separate layer of
each cell, never mixed into its counts or strictest values; dead, superseded,
repealed and enjoined duties never appear.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TypeVar

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, Max, Min, Q, QuerySet, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber, Substr

from bills import generation
from bills.formatting import format_flop, format_seconds, format_usd
from bills.legal_state import (
    counted_q,
    pending_q,
    period_on,
    state_on_date,
    today,
    upcoming_changes,
)
from bills.models import Bill, ChangeEvent, Jurisdiction, Obligation
from bills.vocabulary.taxonomy import CATEGORIES
from vocabulary.statuses import ENACTED_STATUSES, PENDING_STATUSES

T = TypeVar("T")
STATUS_FILTERS = {"all": None, "enacted": ENACTED_STATUSES, "pending": PENDING_STATUSES}
DATE_FIELDS = ("status_date", "latest_action_date")
FEDERAL_OVERLAY_CATEGORIES = ("preemption", "agency_directive")


@dataclass(frozen=True)
class MatrixFilters:
    """What the matrix shows. ``jurisdiction``, ``bill`` and ``category`` zoom in."""

    actor: str | None = None
    status: str = "all"  # all | enacted | pending
    kind: str | None = None  # state | federal | territory
    session: str | None = None
    date_field: str = "status_date"
    date_from: date | None = None
    date_to: date | None = None
    jurisdiction: str | None = None
    bill: int | None = None
    category: str | None = None
    as_of: date | None = None  # None: today
    include_pending: bool = False

    @property
    def zoomed(self) -> bool:
        return bool(self.jurisdiction or self.bill or self.category)

    @property
    def day(self) -> date:
        """The as-of date: what the law was (or will be) on that day."""
        return self.as_of or today()


# The typed columns a cell's strictest values come from (in ``Cell`` order), and their attribute.
STRICTEST_COLUMNS = (
    ("deadline_seconds", "deadline"),
    ("penalty_max_usd", "penalty_max_usd"),
    ("compute_threshold_flop", "compute_threshold_flop"),
    ("revenue_threshold_usd", "revenue_threshold_usd"),
)
HIGHEST_IS_STRICTEST = {"penalty_max_usd"}  # the others: the lowest deadline or threshold


@dataclass
class PendingLayer:
    """A cell's duties from pending bills: shown apart, never counted as law."""

    obligation_count: int
    bill_count: int
    labels: list[str]


@dataclass
class Cell:
    """One jurisdiction × category: how many obligations and bills, the strictest values.

    Bounded whatever the data: the obligations themselves are listed a page
    at a time (``bills.matrix_cell.cell_page``).
    """

    jurisdiction: str
    category: str
    obligation_count: int
    bill_count: int
    deadline_seconds: int | None
    penalty_max_usd: int | None
    compute_threshold_flop: float | None
    revenue_threshold_usd: int | None
    labels: list[str]
    # attribute → {value, label, obligation_id, bill_id, bill, section, legal_state, from}
    strictest: dict[str, dict] = field(default_factory=dict)
    pending: PendingLayer | None = None


@dataclass
class FederalItem:
    bill_id: int
    identifier: str
    name: str
    category: str
    section: str
    text: str
    targets: list[str]  # state codes named in the text; empty means every state
    legal_state: str = ""


@dataclass
class Matrix:
    filters: MatrixFilters
    jurisdictions: list[dict]
    categories: list[dict]
    cells: list[Cell]
    bills: dict[int, dict]  # the bills a strictest value comes from: id, identifier, name, status…
    federal_items: list[FederalItem]
    as_of: date | None = None
    upcoming: list[dict] = field(default_factory=list)  # changes of law after the as-of date
    federal_total: int = 0  # federal items in all: ``federal_items`` holds the first few

    def cell(self, jurisdiction: str, category: str) -> Cell | None:
        return self._index().get((jurisdiction, category))

    def _index(self) -> dict[tuple[str, str], Cell]:
        if not hasattr(self, "_cells_by_key"):
            self._cells_by_key = {(c.jurisdiction, c.category): c for c in self.cells}
        return self._cells_by_key


def bill_filter(filters: MatrixFilters, prefix: str = "") -> Q:
    """The filters that concern the bill, as a Q usable from Bill (prefix "") or Obligation ("bill__")."""
    q = Q()
    statuses = STATUS_FILTERS[filters.status]
    if statuses is not None:
        q &= Q(**{f"{prefix}status__in": sorted(statuses)})
    if filters.session:
        q &= Q(**{f"{prefix}session__identifier": filters.session})
    if filters.date_from:
        q &= Q(**{f"{prefix}{filters.date_field}__gte": filters.date_from})
    if filters.date_to:
        q &= Q(**{f"{prefix}{filters.date_field}__lte": filters.date_to})
    if filters.bill:
        q &= Q(**{f"{prefix}pk": filters.bill})
    return q


def obligation_queryset(filters: MatrixFilters, layer: str = "law") -> QuerySet:
    """Shown obligations matching every filter: the law on the as-of date, or the ``pending`` layer."""
    qs = Obligation.objects.shown().filter(bill_filter(filters, "bill__"))
    if layer == "law":
        qs = qs.filter(counted_q(filters.day))
    elif layer == "pending":
        qs = qs.filter(pending_q(filters.day))
    elif layer == "both":
        qs = qs.filter(counted_q(filters.day, include_pending=True))
    if filters.actor:
        qs = qs.filter(actor=filters.actor)
    if filters.kind:
        qs = qs.filter(jurisdiction__kind=filters.kind)
    if filters.jurisdiction:
        qs = qs.filter(jurisdiction__code=filters.jurisdiction)
    if filters.category:
        qs = qs.filter(category=filters.category)
    return qs


CACHE_SECONDS = 300  # bounds staleness should a write slip past data_version()


def matrix_cache_key(filters: MatrixFilters, variant: str = "matrix") -> str:
    """A key that changes with the filters, the data's version and what is cached (``variant``)."""
    filters = replace(filters, as_of=filters.day)  # "today" is a different key tomorrow
    digest = hashlib.sha1(f"{data_version()}|{filters!r}".encode()).hexdigest()
    return f"{variant}:v2:{digest}"  # v2: cells carry counts, not ids


def cached(key: str, build: Callable[[], T]) -> T:
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, CACHE_SECONDS)
    return value


def cached_matrix(filters: MatrixFilters) -> Matrix:
    """``build_matrix`` through the cache, keyed by the filters and the data's version."""
    return cached(matrix_cache_key(filters), lambda: build_matrix(filters))


def data_version() -> str:
    """Changes whenever obligations are stored, replaced or reviewed, or bills or their events change.

    Extraction writes new obligation rows (a new highest id) and, when what is
    shown changes, an ``obligations_changed`` event; reviews stamp
    ``reviewed_at``; ingest and legal-state updates save bills (``updated_at``)
    and record events. Deletions (the admin) leave no such trace: the data's
    generation (``bills.generation``), which every write moves, covers them.
    """
    # Each part is read from the end of an index, in O(log n): counting the rows, as
    # before, took 150 ms at 250,000 bills, on every cold page.
    parts = [
        Obligation.objects.aggregate(v=Max("id"))["v"],
        Obligation.objects.aggregate(v=Max("reviewed_at"))["v"],
        Bill.objects.aggregate(v=Max("updated_at"))["v"],
        ChangeEvent.objects.aggregate(v=Max("id"))["v"],
        generation.current(),
    ]
    return repr(parts)


def build_matrix(filters: MatrixFilters) -> Matrix:
    """The matrix for these filters; see the module docstring for its queries."""
    if filters.as_of is None:  # pin the day, so the answer (and its cache entry) says which
        filters = replace(filters, as_of=filters.day)
    jurisdictions = _jurisdictions(filters)
    cells, bills = _cells_and_bills(filters, jurisdictions)
    federal, federal_total = federal_overlay_head(
        [filters.jurisdiction] if filters.jurisdiction else None, filters
    )
    return Matrix(
        filters=filters,
        jurisdictions=[{k: v for k, v in j.items() if k != "id"} for j in jurisdictions],
        categories=_categories(filters),
        cells=cells,
        bills=bills,
        federal_items=federal,
        federal_total=federal_total,
        as_of=filters.day,
        upcoming=upcoming_changes(filters.day, _upcoming_bills(filters)),
    )


def matrix_cells(filters: MatrixFilters, jurisdictions: list[dict] | None = None) -> list[Cell]:
    """The cells for these filters, with their strictest values' sources and the pending layer.

    The default matrix (any zoom, no filter on the bills, actors or dates) as of
    the day its maintained totals are for, or today, is read from the totals
    (``bills.totals``), whatever the size of the law; any other question is
    computed from the obligations (``raw_cells``), with the same answer.
    """
    return _cells_and_bills(filters, jurisdictions)[0]


def _cells_and_bills(
    filters: MatrixFilters, jurisdictions: list[dict] | None = None
) -> tuple[list[Cell], dict[int, dict]]:
    """The cells, and the bills their strictest values come from (``bills_by_id``)."""
    from bills import totals

    if filters.as_of is None:
        filters = replace(filters, as_of=filters.day)
    if jurisdictions is None:
        jurisdictions = _jurisdictions(filters)
    code_by_id = {j["id"]: j["code"] for j in jurisdictions}
    raw = totals.cells(filters, code_by_id)
    if raw is None:
        raw = raw_cells(filters, pending=filters.include_pending)
    kept = [
        r
        for r in raw.values()
        if r.place in code_by_id and (r.law or (filters.include_pending and r.pending))
    ]
    bills = bills_by_id({s[1] for r in kept if r.law for s in r.sources.values()}, filters.day)
    return _cells(filters, kept, code_by_id, bills), bills


@dataclass
class RawCell:
    """A cell as the database answers it, before it is named and labelled.

    ``law`` and ``pending`` are (obligations, bills, deadline, penalty, compute,
    revenue); ``sources`` names, per typed column, the row its strictest value
    comes from: (obligation id, bill id, section, in force from).
    """

    place: int
    category: str
    law: tuple | None = None
    sources: dict[str, tuple] = field(default_factory=dict)
    pending: tuple | None = None


def raw_cells(
    filters: MatrixFilters,
    places: Iterable[int] | None = None,
    categories: Iterable[str] | None = None,
    pending: bool = False,
) -> dict[tuple[int, str], RawCell]:
    """Every cell of these filters computed from the obligations (only ``places`` × ``categories``
    when given): one grouped query per layer and one per typed column for the sources."""

    def only(qs: QuerySet) -> QuerySet:
        if places is not None:
            qs = qs.filter(jurisdiction_id__in=sorted(places))
        if categories is not None:
            qs = qs.filter(category__in=sorted(categories))
        return qs

    found: dict[tuple[int, str], RawCell] = {}
    for place, category, *law in only(_cell_rows(filters)):
        found[place, category] = RawCell(place, category, tuple(law))
    for column, _ in STRICTEST_COLUMNS:
        index = 2 + [c for c, _ in STRICTEST_COLUMNS].index(column)
        if not any(cell.law[index] is not None for cell in found.values()):
            continue
        for place, category, pk, bill_id, section, starts in only(_strictest_rows(filters, column)):
            cell = found.get((place, category))
            if cell is not None:
                cell.sources[column] = (pk, bill_id, section, starts)
    if pending:
        for place, category, *layer in only(_cell_rows(filters, "pending")):
            cell = found.setdefault((place, category), RawCell(place, category))
            cell.pending = tuple(layer)
    return found


def source_state(starts: date | None, day: date) -> str:
    """The legal state on ``day`` of a row counted as law then (``state_on_date`` for such a row)."""
    return "in_force" if starts is not None and starts <= day else "enacted_not_effective"


def law_summary(raw: RawCell, day: date) -> tuple[list[str], dict[str, dict]]:
    """A cell's labels and strictest values with their sources on ``day`` (``"bill"``, the
    bill's identifier, left None: the caller names the bills)."""
    values = raw.law[2:]
    strictest = {}
    for position, (column, attribute) in enumerate(STRICTEST_COLUMNS):
        if column not in raw.sources:
            continue
        pk, bill_id, section, starts = raw.sources[column]
        value = values[position]
        state = source_state(starts, day)
        strictest[attribute] = {
            "value": value,
            "label": _value_label(position, value),
            "obligation_id": pk,
            "bill_id": bill_id,
            "bill": None,
            "section": section,
            "legal_state": state,
            "from": starts if state == "enacted_not_effective" else None,
        }
    return _labels(*values), strictest


def _cells(
    filters: MatrixFilters, raw: list, code_by_id: dict[int, str], named: dict
) -> list[Cell]:
    """Named and labelled cells, in (jurisdiction, category) order (``named``: their bills)."""
    day = filters.day
    cells = []
    for r in raw:
        code = code_by_id[r.place]
        if r.law is None:
            cell = Cell(code, r.category, 0, 0, None, None, None, None, [])
        else:
            n, bills, *values = r.law
            labels, strictest = law_summary(r, day)
            cell = Cell(code, r.category, n, bills, *values, labels=labels, strictest=strictest)
            for entry in strictest.values():
                entry["bill"] = named[entry["bill_id"]]["identifier"]
        if filters.include_pending and r.pending:
            n, bills, *values = r.pending
            cell.pending = PendingLayer(n, bills, _labels(*values))
        cells.append(cell)
    return sorted(cells, key=lambda c: (c.jurisdiction, c.category))


def _upcoming_bills(filters: MatrixFilters) -> QuerySet:
    bills = Bill.objects.all()
    if filters.jurisdiction:
        bills = bills.filter(jurisdiction__code=filters.jurisdiction)
    if filters.kind:
        bills = bills.filter(jurisdiction__kind=filters.kind)
    if filters.bill:
        bills = bills.filter(pk=filters.bill)
    return bills


def _strictest_rows(filters: MatrixFilters, column: str):
    """(place, category, obligation, bill, section, in force from): each cell's strictest row.

    The row holding the cell's extreme value, ties broken by bill and position
    (a window function, so no row past the first of each cell leaves the database).
    """
    strictest = F(column).desc() if column in HIGHEST_IS_STRICTEST else F(column).asc()
    return (
        obligation_queryset(filters)
        .filter(**{f"{column}__isnull": False})
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("jurisdiction_id"), F("category")],
                order_by=[strictest, F("bill_id").asc(), F("start").asc(), F("pk").asc()],
            ),
        )
        .filter(rank=1)
        .order_by()  # the models' default orderings would join every bill, session and place
        .values_list("jurisdiction_id", "category", "pk", "bill_id", "section", "in_force_from")
    )


def _cell_rows(filters: MatrixFilters, layer: str = "law"):
    """(place, category, count, bills, strictest values): one row per cell, grouped in SQL.

    The covering index ``obligation_cell_law_idx`` (jurisdiction, category,
    bill, ...) lets SQLite and PostgreSQL group straight from the index.
    """
    return (
        obligation_queryset(filters, layer)
        .values("jurisdiction_id", "category")
        .annotate(
            n=Count("*"),  # not Count("id"): the id is not in the covering index
            bills=Count("bill_id", distinct=True),
            deadline=Min("deadline_seconds"),
            penalty=Max("penalty_max_usd"),
            compute=Min("compute_threshold_flop"),
            revenue=Min("revenue_threshold_usd"),
        )
        .order_by()
        .values_list("jurisdiction_id", "category", "n", "bills", "deadline", "penalty",
                     "compute", "revenue")
    )  # fmt: skip


def _labels(deadline, penalty, compute, revenue) -> list[str]:
    return list(_cached_labels(deadline, penalty, compute, revenue))


@functools.lru_cache(maxsize=4096)
def _value_label(position: int, value) -> str:
    """The label of one strictest value (``position`` in ``STRICTEST_COLUMNS``)."""
    values = [None] * len(STRICTEST_COLUMNS)
    values[position] = value
    return (_labels(*values) or [str(value)])[0]


@functools.lru_cache(maxsize=4096)  # a few distinct values recur in every cell
def _cached_labels(deadline, penalty, compute, revenue) -> tuple[str, ...]:
    labels = [
        format_seconds(deadline),
        f"{format_usd(penalty)}/violation" if penalty is not None else "",
        f"≥ {format_flop(compute)}" if compute is not None else "",
        f"revenue ≥ {format_usd(revenue)}" if revenue is not None else "",
    ]
    return tuple(label for label in labels if label)


def _jurisdictions(filters: MatrixFilters) -> list[dict]:
    qs = Jurisdiction.objects.order_by("kind", "code")
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.jurisdiction:
        qs = qs.filter(code=filters.jurisdiction)
    if filters.bill:
        qs = qs.filter(bills__pk=filters.bill)
    return list(qs.values("id", "code", "name", "kind"))


def _categories(filters: MatrixFilters) -> list[dict]:
    return [
        {"code": t.code, "label": t.label, "group": t.group, "description": t.description}
        for t in CATEGORIES
        if not filters.category or t.code == filters.category
    ]


def bills_by_id(ids: set[int], day: date) -> dict[int, dict]:
    """These bills keyed by id, in display order (session, identifier), with their state on ``day``.

    A bill's stored state (as of its last derivation) holds from ``legal_state_since`` until
    ``legal_state_until``: on a day inside that period it is the state on ``day``, and only
    the other bills' timelines are read and walked.
    """
    if not ids:
        return {}
    rows = list(
        Bill.objects.filter(pk_in(ids))
        .annotate(short_title=Substr("title", 1, 160))
        .values(
            "id",
            "identifier",
            "popular_name",
            "short_title",
            "status",
            "session__identifier",
            "legal_state",
            "legal_state_reason",
            "legal_state_since",
            "legal_state_until",
        )
        .order_by("session__identifier", "identifier", "id")
    )
    walked = [row["id"] for row in rows if not _stored_state_holds(row, day)]
    timelines = dict(
        Bill.objects.filter(pk_in(walked)).order_by().values_list("pk", "legal_timeline")
        if walked
        else []
    )
    return {row["id"]: _bill_row(row, day, timelines.get(row["id"])) for row in rows}


def pk_in(ids: Iterable[int]) -> Q:
    """``pk IN ids``; on PostgreSQL as one array parameter, not one placeholder per id (the
    driver's parsing of ~600 placeholders cost more than the query)."""
    ids = sorted(ids)
    if connection.vendor == "postgresql":
        return Q(pk__in=RawSQL("SELECT unnest(%s::bigint[])", (ids,)))
    return Q(pk__in=ids)


def _stored_state_holds(row: dict, day: date) -> bool:
    since, until = row["legal_state_since"], row["legal_state_until"]
    return since is not None and since <= day and (until is None or day < until)


def _bill_row(row: dict, day: date, timeline: list | None = None) -> dict:
    if timeline is None:
        state, reason = row["legal_state"], row["legal_state_reason"]
    else:
        period = period_on(timeline, day)
        state, reason = (period.state, period.reason) if period else ("", "")
    return {
        "id": row["id"],
        "identifier": row["identifier"],
        "name": row["popular_name"] or row["short_title"],
        "status": row["status"],
        "session": row["session__identifier"],
        "legal_state": state,
        "legal_state_reason": reason,
    }


FEDERAL_SHOWN = 40  # federal items a matrix lists; the federal page lists them all


def federal_overlay_head(
    states: list[str] | None, filters: MatrixFilters
) -> tuple[list[FederalItem], int]:
    """The first ``FEDERAL_SHOWN`` items of ``federal_overlay``, and how many there are.

    A matrix lays the federal items over the states; listing every one made the
    page and its answer grow with the federal duties on record (287 at 250,000 bills,
    half the page's size), where the jurisdictions and categories stay fixed.
    """
    shown = FEDERAL_SHOWN
    if states:  # which items touch these states is read in their texts: all of them
        items = federal_overlay(states, filters)
        return items[:shown], len(items)
    rows, pattern = _federal_rows(filters), state_pattern()
    items = [  # one more than shown: are there more?
        _federal_item(row, states_named(row["text"], pattern)) for row in rows[: shown + 1]
    ]
    total = rows.count() if len(items) > shown else len(items)
    return items[:shown], total


def federal_overlay(
    states: list[str] | None, filters: MatrixFilters | None = None
) -> list[FederalItem]:
    """Federal preemption and agency directives, with the states each names; only those touching ``states``."""
    pattern = state_pattern()
    items = []
    for row in _federal_rows(filters or MatrixFilters()):
        targets = states_named(row["text"], pattern)
        if states and targets and not set(targets) & set(states):
            continue
        items.append(_federal_item(row, targets))
    return items


def _federal_item(row: dict, targets: list[str]) -> FederalItem:
    return FederalItem(
        bill_id=row["bill_id"],
        identifier=row["bill__identifier"],
        name=row["bill__popular_name"] or row["bill__title"][:160],
        category=row["category"],
        section=row["section"],
        text=row["text"][:500],
        targets=targets,
        legal_state=row["state"],
    )


def _federal_rows(filters: MatrixFilters) -> QuerySet:
    return (
        Obligation.objects.shown()
        .filter(jurisdiction__kind="federal", category__in=FEDERAL_OVERLAY_CATEGORIES)
        .filter(bill_filter(MatrixFilters(status=filters.status, session=None), "bill__"))
        .filter(counted_q(filters.day, filters.include_pending))
        .annotate(state=state_on_date(filters.day))
        .values(
            "bill_id",
            "bill__identifier",
            "bill__popular_name",
            "bill__title",
            "category",
            "section",
            "text",
            "state",
        )
        .order_by("bill_id", "start", "id")
    )


def state_pattern() -> tuple[re.Pattern[str], dict[str, str]] | None:
    """One regex naming every non-federal jurisdiction, longest names first (West Virginia before Virginia)."""
    names = dict(Jurisdiction.objects.exclude(kind="federal").values_list("name", "code"))
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b({alternatives})\b"), names


def states_named(text: str, pattern: tuple[re.Pattern[str], dict[str, str]] | None) -> list[str]:
    if pattern is None:
        return []
    regex, names = pattern
    return sorted({names[match] for match in regex.findall(text)})
