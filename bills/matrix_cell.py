"""A matrix cell's obligations, a page at a time, and the matrix's CSV rows.

The matrix itself only aggregates (``bills.matrix``); reading a cell's duties
is a drill-down: the cell's law first, then (with ``include_pending``) its
pending layer, each in bill and text order, ``PAGE_SIZE`` at a time. One
zoomed aggregate for the cell's header, one page of rows, one query for the
page's bills: the cost is a page's, whatever the cell's size.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Value, When

from bills.formatting import attribute_labels, attribute_summary
from bills.legal_state import counted_q, state_on_date
from bills.matrix import (
    Cell,
    Matrix,
    MatrixFilters,
    bills_by_id,
    matrix_cells,
    obligation_queryset,
)

PAGE_SIZE = 50
ROW_FIELDS = (
    "id",
    "bill_id",
    "category",
    "actor",
    "section",
    "text",
    "attributes",
    "review_state",
    "in_force_from",
)


@dataclass
class CellPage:
    """One page of a cell's obligations; ``cell`` is None when nothing fills it."""

    filters: MatrixFilters
    cell: Cell | None
    obligations: list[dict]  # each with its bill id, labels, legal state and layer (law/pending)
    bills: dict[int, dict]  # the bills of this page's obligations and of the strictest values
    page: int
    page_size: int

    @property
    def total(self) -> int:
        if self.cell is None:
            return 0
        pending = self.cell.pending.obligation_count if self.cell.pending else 0
        return self.cell.obligation_count + pending

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def cell_page(filters: MatrixFilters, page: int = 1, page_size: int = PAGE_SIZE) -> CellPage:
    """Page ``page`` (from 1) of the obligations of the cell ``filters`` zooms to.

    ``filters`` must name both a jurisdiction and a category.
    """
    if not (filters.jurisdiction and filters.category):
        raise ValueError("a cell is one jurisdiction and one category")
    cells = matrix_cells(filters)
    cell = cells[0] if cells else None
    start = (page - 1) * page_size
    rows = list(_rows(filters)[start : start + page_size]) if cell else []
    named = {row["bill_id"] for row in rows}
    if cell:
        named |= {source["bill_id"] for source in cell.strictest.values()}
    return CellPage(filters, cell, rows, bills_by_id(named, filters.day), page, page_size)


def _rows(filters: MatrixFilters):
    """The cell's obligations, law before the pending layer, in bill and text order."""
    day = filters.day
    layer = "both" if filters.include_pending else "law"
    return (
        obligation_queryset(filters, layer)
        .annotate(
            pending_layer=Case(
                When(counted_q(day), then=Value(0)), default=Value(1), output_field=IntegerField()
            ),
            state=state_on_date(day),
        )
        .order_by("pending_layer", "bill_id", "start", "id")
        .values(*ROW_FIELDS, "pending_layer", "state")
    )


def row_dict(row: dict) -> dict:
    """A listed obligation as pages and the API show it."""
    return {
        "id": row["id"],
        "bill_id": row["bill_id"],
        "category": row["category"],
        "actor": row["actor"],
        "section": row["section"],
        "text": row["text"],
        "attributes": row["attributes"],
        "labels": attribute_labels(row["attributes"]),
        "review_state": row["review_state"],
        "legal_state": row["state"],
        "in_force_from": row["in_force_from"],
        "layer": "pending" if row["pending_layer"] else "law",
    }


def listed(page: CellPage) -> list[dict]:
    return [row_dict(row) for row in page.obligations]


# --- CSV -----------------------------------------------------------------------------------


def matrix_rows(matrix: Matrix) -> Iterator[dict]:
    """Flat rows for CSV: one per obligation when zoomed, else one per cell with its bills.

    A zoomed export (a jurisdiction, a bill or a category) is read in chunks
    from the database rather than held; the full matrix is one row per cell.
    """
    filters = matrix.filters
    if filters.zoomed:
        yield from _obligation_rows(filters)
        return
    names = _bill_names(filters)
    for cell in matrix.cells:
        yield {
            "jurisdiction": cell.jurisdiction,
            "category": cell.category,
            "obligations": cell.obligation_count,
            "bills": "; ".join(names.get((cell.jurisdiction, cell.category), [])),
            "strictest": "; ".join(cell.labels),
        }


def _bill_names(filters: MatrixFilters) -> dict[tuple[str, str], list[str]]:
    """Each cell's law, by identifier (the export's "bills" column)."""
    names: dict[tuple[str, str], list[str]] = {}
    rows = (
        obligation_queryset(filters)
        .values_list("jurisdiction__code", "category", "bill__identifier")
        .order_by("jurisdiction__code", "category", "bill__identifier")
        .distinct()
    )
    for code, category, identifier in rows:
        names.setdefault((code, category), []).append(identifier)
    return names


def _obligation_rows(filters: MatrixFilters) -> Iterator[dict]:
    layer = "both" if filters.include_pending else "law"
    rows = (
        obligation_queryset(filters, layer)
        .order_by("jurisdiction__code", "category", "bill_id", "start", "id")
        .values_list(
            "jurisdiction__code",
            "category",
            "bill_id",
            "bill__identifier",
            "bill__session__identifier",
            "bill__status",
            "bill__popular_name",
            "bill__title",
            "id",
            "actor",
            "section",
            "attributes",
        )
    )
    for code, category, bill_id, identifier, session, status, name, title, pk, actor, section, attrs in rows.iterator(chunk_size=2000):  # fmt: skip
        yield {
            "jurisdiction": code,
            "category": category,
            "bill_id": bill_id,
            "bill": identifier,
            "session": session,
            "status": status,
            "name": name or title[:160],
            "obligation_id": pk,
            "actor": actor,
            "section": section,
            "key_values": attribute_summary(attrs),
        }
