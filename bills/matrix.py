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
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TypeVar

from django.core.cache import cache
from django.db.models import Count, F, Max, Min, Q, QuerySet, Window
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
    cells = matrix_cells(filters, jurisdictions)
    named = {s["bill_id"] for cell in cells for s in cell.strictest.values()}
    return Matrix(
        filters=filters,
        jurisdictions=[{k: v for k, v in j.items() if k != "id"} for j in jurisdictions],
        categories=_categories(filters),
        cells=cells,
        bills=bills_by_id(named, filters.day),
        federal_items=federal_overlay(
            [filters.jurisdiction] if filters.jurisdiction else None, filters
        ),
        as_of=filters.day,
        upcoming=upcoming_changes(filters.day, _upcoming_bills(filters)),
    )


def matrix_cells(filters: MatrixFilters, jurisdictions: list[dict] | None = None) -> list[Cell]:
    """The cells for these filters, with their strictest values' sources and the pending layer."""
    if jurisdictions is None:
        jurisdictions = _jurisdictions(filters)
    code_by_id = {j["id"]: j["code"] for j in jurisdictions}
    cells = _aggregate(_cell_rows(filters), code_by_id)
    _name_strictest(filters, cells, code_by_id)
    if filters.include_pending:
        cells = _add_pending(filters, cells, code_by_id)
    return cells


def _upcoming_bills(filters: MatrixFilters) -> QuerySet:
    bills = Bill.objects.all()
    if filters.jurisdiction:
        bills = bills.filter(jurisdiction__code=filters.jurisdiction)
    if filters.kind:
        bills = bills.filter(jurisdiction__kind=filters.kind)
    if filters.bill:
        bills = bills.filter(pk=filters.bill)
    return bills


def _name_strictest(filters: MatrixFilters, cells: list[Cell], code_by_id: dict) -> None:
    """Give each cell's strictest values their source: obligation, bill, section, legal state.

    One query per typed column returning one row per cell: the row holding the
    cell's extreme value, ties broken by bill and position (a window function,
    so no row past the first of each cell leaves the database), then one query
    for the named bills' identifiers.
    """
    by_key = {(c.jurisdiction, c.category): c for c in cells}
    found: list[tuple] = []
    for column, attribute in STRICTEST_COLUMNS:
        if any(getattr(c, column) is not None for c in cells):
            found += [(attribute, column, *row) for row in _strictest_rows(filters, column)]
    identifiers = dict(
        Bill.objects.filter(pk__in=sorted({row[6] for row in found}))
        .order_by()
        .values_list("pk", "identifier")
    )
    for attribute, column, place, category, value, pk, bill_id, section, state, starts in found:
        cell = by_key.get((code_by_id.get(place), category))
        if cell is None:
            continue
        cell.strictest[attribute] = {
            "value": value,
            "label": (
                _labels(*[value if c == column else None for c, _ in STRICTEST_COLUMNS])
                or [str(value)]
            )[0],
            "obligation_id": pk,
            "bill_id": bill_id,
            "bill": identifiers[bill_id],
            "section": section,
            "legal_state": state,
            "from": starts if state == "enacted_not_effective" else None,
        }


def _strictest_rows(filters: MatrixFilters, column: str):
    """(place, category, value, obligation, bill, section, state, starts): each cell's strictest row."""
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
            state=state_on_date(filters.day),
        )
        .filter(rank=1)
        .order_by()  # the models' default orderings would join every bill, session and place
        .values_list("jurisdiction_id", "category", column, "pk", "bill_id", "section", "state",
                     "in_force_from")
    )  # fmt: skip


def _add_pending(filters: MatrixFilters, cells: list[Cell], code_by_id: dict) -> list[Cell]:
    """The pending layer of each cell (a cell only pending bills fill is added, with no law)."""
    by_key = {(c.jurisdiction, c.category): c for c in cells}
    for place, category, n, bills, *strictest in _cell_rows(filters, "pending"):
        if place not in code_by_id:
            continue
        key = (code_by_id[place], category)
        cell = by_key.get(key)
        if cell is None:
            cell = by_key[key] = Cell(key[0], category, 0, 0, None, None, None, None, [])
        cell.pending = PendingLayer(n, bills, _labels(*strictest))
    return sorted(by_key.values(), key=lambda c: (c.jurisdiction, c.category))


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


def _aggregate(rows, code_by_id: dict[int, str]) -> list[Cell]:
    cells = [
        Cell(
            code_by_id[place],
            category,
            n,
            bills,
            *strictest,
            labels=_labels(*strictest),
        )
        for place, category, n, bills, *strictest in rows
        if place in code_by_id
    ]
    return sorted(cells, key=lambda c: (c.jurisdiction, c.category))


def _labels(deadline, penalty, compute, revenue) -> list[str]:
    return list(_cached_labels(deadline, penalty, compute, revenue))


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
    """These bills keyed by id, in display order (session, identifier), with their state on ``day``."""
    if not ids:
        return {}
    rows = (
        Bill.objects.filter(pk__in=sorted(ids))
        .annotate(short_title=Substr("title", 1, 160))
        .values(
            "id",
            "identifier",
            "popular_name",
            "short_title",
            "status",
            "session__identifier",
            "legal_timeline",
        )
        .order_by("session__identifier", "identifier", "id")
    )
    return {row["id"]: _bill_row(row, day) for row in rows}


def _bill_row(row: dict, day: date) -> dict:
    period = period_on(row["legal_timeline"], day)
    return {
        "id": row["id"],
        "identifier": row["identifier"],
        "name": row["popular_name"] or row["short_title"],
        "status": row["status"],
        "session": row["session__identifier"],
        "legal_state": period.state if period else "",
        "legal_state_reason": period.reason if period else "",
    }


def federal_overlay(
    states: list[str] | None, filters: MatrixFilters | None = None
) -> list[FederalItem]:
    """Federal preemption and agency directives, with the states each names; only those touching ``states``."""
    filters = filters or MatrixFilters()
    qs = (
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
    pattern = state_pattern()
    items = []
    for row in qs:
        targets = states_named(row["text"], pattern)
        if states and targets and not set(targets) & set(states):
            continue
        items.append(
            FederalItem(
                bill_id=row["bill_id"],
                identifier=row["bill__identifier"],
                name=row["bill__popular_name"] or row["bill__title"][:160],
                category=row["category"],
                section=row["section"],
                text=row["text"][:500],
                targets=targets,
                legal_state=row["state"],
            )
        )
    return items


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
