"""The compliance matrix: jurisdictions × obligation categories, at every zoom.

Built from three flat queries whatever the size: one aggregate over
``Obligation`` grouped by jurisdiction, category and bill (counts and the
strictest typed values, read from indexed columns), one for the bills named
and one for the rows. No per-cell query, so 50,000 obligations cost the same
number of round trips as five. When the view is zoomed (one jurisdiction, one
bill or one category) a fourth query lists each obligation with its
attributes, because a cell that small is read, not scanned.

Federal ``preemption`` and ``agency_directive`` items are laid over the state
rows they name (``federal_overlay``): a federal text that names no state
targets them all.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from django.core.cache import cache
from django.db.models import Aggregate, Count, Max, Min, Q, QuerySet, TextField
from django.db.models.functions import Substr

from bills.formatting import (
    attribute_labels,
    attribute_summary,
    format_flop,
    format_seconds,
    format_usd,
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

    @property
    def zoomed(self) -> bool:
        return bool(self.jurisdiction or self.bill or self.category)


@dataclass
class Cell:
    """One jurisdiction × category: how many obligations, which bills, the strictest values.

    ``obligations`` (each with its attributes and labels) is filled only when
    the matrix is zoomed; at full zoom a cell is drilled into by zooming.
    """

    jurisdiction: str
    category: str
    obligation_count: int
    bill_ids: list[int]
    deadline_seconds: int | None
    penalty_max_usd: int | None
    compute_threshold_flop: float | None
    revenue_threshold_usd: int | None
    labels: list[str]
    obligations: list[dict] | None = None


@dataclass
class FederalItem:
    bill_id: int
    identifier: str
    name: str
    category: str
    section: str
    text: str
    targets: list[str]  # state codes named in the text; empty means every state


@dataclass
class Matrix:
    filters: MatrixFilters
    jurisdictions: list[dict]
    categories: list[dict]
    cells: list[Cell]
    bills: dict[int, dict]  # every bill named in a cell: id, identifier, name, status, session
    federal_items: list[FederalItem]

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


def obligation_queryset(filters: MatrixFilters) -> QuerySet:
    """Shown obligations matching every filter."""
    qs = Obligation.objects.shown().filter(bill_filter(filters, "bill__"))
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
    digest = hashlib.sha1(f"{data_version()}|{filters!r}".encode()).hexdigest()
    return f"{variant}:v1:{digest}"


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
    """Changes whenever obligations are stored or reviewed, or bills or their events change.

    Extraction always writes new obligation rows (a new highest id), reviews
    stamp ``reviewed_at``, ingest saves bills and records change events.
    """
    # One aggregate per query: each is answered from an index (MAX from its end,
    # COUNT(*) from the smallest), where a combined one scans the table.
    parts = [
        Obligation.objects.aggregate(v=Count("*"))["v"],
        Obligation.objects.aggregate(v=Max("id"))["v"],
        Obligation.objects.aggregate(v=Max("reviewed_at"))["v"],
        Bill.objects.aggregate(v=Count("*"))["v"],
        Bill.objects.aggregate(v=Max("updated_at"))["v"],
        ChangeEvent.objects.aggregate(v=Max("id"))["v"],
    ]
    return repr(parts)


def build_matrix(filters: MatrixFilters) -> Matrix:
    """The matrix for these filters; see the module docstring for its queries."""
    jurisdictions = _jurisdictions(filters)
    code_by_id = {j.pop("id"): j["code"] for j in jurisdictions}
    cells = _aggregate(_cell_rows(filters), code_by_id)
    bills = _bills(filters, {pk for cell in cells for pk in cell.bill_ids})
    if filters.zoomed:
        details = _obligation_details(filters)
        display_order = {pk: i for i, pk in enumerate(bills)}
        for cell in cells:
            cell.bill_ids.sort(key=display_order.__getitem__)
            cell.obligations = details.get((cell.jurisdiction, cell.category), [])
    return Matrix(
        filters=filters,
        jurisdictions=jurisdictions,
        categories=_categories(filters),
        cells=cells,
        bills=bills,
        federal_items=federal_overlay(
            [filters.jurisdiction] if filters.jurisdiction else None, filters
        ),
    )


class BillIds(Aggregate):
    """The distinct bill ids of a group as one comma-separated string (per-vendor SQL)."""

    function = "GROUP_CONCAT"
    template = "%(function)s(DISTINCT %(expressions)s)"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(DISTINCT (%(expressions)s)::text, ',')",
            **extra,
        )


def _cell_rows(filters: MatrixFilters):
    """(place, category, count, bill ids, strictest values): one row per cell, grouped in SQL.

    The covering index ``obligation_cell_idx`` (jurisdiction, category, bill,
    ...) lets SQLite and PostgreSQL group straight from the index.
    """
    return (
        obligation_queryset(filters)
        .values("jurisdiction_id", "category")
        .annotate(
            n=Count("*"),  # not Count("id"): the id is not in the covering index
            bills=BillIds("bill_id"),
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
            [int(pk) for pk in bills.split(",")] if bills else [],
            *strictest,
            labels=_labels(*strictest),
        )
        for place, category, n, bills, *strictest in rows
        if place in code_by_id
    ]
    return sorted(cells, key=lambda c: (c.jurisdiction, c.category))


def _labels(deadline, penalty, compute, revenue) -> list[str]:
    labels = [
        format_seconds(deadline),
        f"{format_usd(penalty)}/violation" if penalty is not None else "",
        f"≥ {format_flop(compute)}" if compute is not None else "",
        f"revenue ≥ {format_usd(revenue)}" if revenue is not None else "",
    ]
    return [label for label in labels if label]


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


def _bills(filters: MatrixFilters, ids: set[int]) -> dict[int, dict]:
    """The bills named in cells, keyed by id, in display order (session, identifier)."""
    if not ids:
        return {}
    qs = Bill.objects.filter(bill_filter(filters))
    if filters.jurisdiction:
        qs = qs.filter(jurisdiction__code=filters.jurisdiction)
    rows = qs.annotate(short_title=Substr("title", 1, 160)).values(
        "id", "identifier", "popular_name", "short_title", "status", "session__identifier"
    )
    # Sorting in SQL costs a temporary B-tree over every bill; only a zoomed view lists them in order.
    rows = (
        rows.order_by("session__identifier", "identifier", "id")
        if filters.zoomed
        else rows.order_by()
    )
    return {
        row["id"]: {
            "id": row["id"],
            "identifier": row["identifier"],
            "name": row["popular_name"] or row["short_title"],
            "status": row["status"],
            "session": row["session__identifier"],
        }
        for row in rows
        if row["id"] in ids
    }


def _obligation_details(filters: MatrixFilters) -> dict[tuple[str, str], list[dict]]:
    found: dict[tuple[str, str], list[dict]] = defaultdict(list)
    rows = obligation_queryset(filters).values(
        "id",
        "bill_id",
        "jurisdiction__code",
        "category",
        "actor",
        "section",
        "attributes",
        "review_state",
    )
    for row in rows.order_by("bill_id", "start", "id"):
        code = row.pop("jurisdiction__code")
        row["labels"] = attribute_labels(row["attributes"])
        found[(code, row["category"])].append(row)
    return found


def federal_overlay(
    states: list[str] | None, filters: MatrixFilters | None = None
) -> list[FederalItem]:
    """Federal preemption and agency directives, with the states each names; only those touching ``states``."""
    filters = filters or MatrixFilters()
    qs = (
        Obligation.objects.shown()
        .filter(jurisdiction__kind="federal", category__in=FEDERAL_OVERLAY_CATEGORIES)
        .filter(bill_filter(MatrixFilters(status=filters.status, session=None), "bill__"))
        .values(
            "bill_id",
            "bill__identifier",
            "bill__popular_name",
            "bill__title",
            "category",
            "section",
            "text",
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


def matrix_rows(matrix: Matrix) -> list[dict]:
    """Flat rows for CSV: one per obligation when zoomed, else one per cell with its bills."""
    rows = []
    for cell in matrix.cells:
        if cell.obligations is None:
            rows.append(
                {
                    "jurisdiction": cell.jurisdiction,
                    "category": cell.category,
                    "obligations": cell.obligation_count,
                    "bills": "; ".join(matrix.bills[pk]["identifier"] for pk in cell.bill_ids),
                    "strictest": "; ".join(cell.labels),
                }
            )
            continue
        for ob in cell.obligations:
            rows.append(
                _csv_base(cell, matrix.bills[ob["bill_id"]])
                | {
                    "obligation_id": ob["id"],
                    "actor": ob["actor"],
                    "section": ob["section"],
                    "key_values": attribute_summary(ob["attributes"]),
                }
            )
    return rows


def _csv_base(cell: Cell, bill: dict) -> dict:
    return {
        "jurisdiction": cell.jurisdiction,
        "category": cell.category,
        "bill_id": bill["id"],
        "bill": bill["identifier"],
        "session": bill["session"],
        "status": bill["status"],
        "name": bill["name"],
    }
