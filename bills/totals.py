"""Maintained totals: the matrix's cells and the bills by status, kept current by every write.

The default matrix (any zoom; no filter on bills, actors, sessions or dates)
and the home page's status counts are read from small tables instead of
aggregating the obligations and bills on every cold request, so they cost
the same whatever the size of the data.

How they stay right, whichever path writes (ingest, COPY, extraction, the
legal-state recompute, reviews, the admin, deletions, raw SQL):

- **Triggers** (migration ``0021``) on ``bills_obligation`` mark the cells
  (jurisdiction × category) a statement touched in ``MatrixCellMark``; those
  on ``bills_bill`` append each change of a place's bills by status and legal
  state to ``BillCount`` as a delta. They are written in the writing transaction, by the database.
- **Before a transaction that wrote either table commits** (``install``
  wraps the connection's commit, as ``bills.generation`` does), ``flush``
  recomputes the marked cells from the obligations as of today and removes the
  marks it read, in that transaction, under one lock
  (PostgreSQL: an advisory lock, so concurrent writers recompute one after
  the other, each seeing what the previous committed).
- **Reads never depend on the flush**: a cell still marked (a write outside a
  transaction, or inside one that has not committed, as a test's) is computed
  from the obligations on read (``cells``), and the counts are the sum of
  the deltas, which a commit folds into one row per key once they are many
  (``FOLD_AFTER``), as ``flush`` and ``rebuild`` always do.
- **Days**: the totals are for one day (``TotalsDay``). Whether a duty counts
  as law moves with the date; every such move is a change of the row's
  timeline, which ``legal_state_until`` (the row's next change) announces. On
  a later day the cells of rows whose next change is due are recomputed on
  read until the next flush (the daily ``advance_legal_states`` flushes) moves
  the totals to that day. The matrix on any other date (``as_of``), or with
  any other filter, is computed from the obligations: correct, not maintained.

``rebuild`` recomputes everything (``python manage.py rebuild_totals``; also
after ``migrate`` when the totals were never built).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date

from django.db import connections, transaction
from django.db.models import Count, Sum

from bills.legal_state import today
from bills.models import Bill, BillCount, MatrixCellTotal, Obligation, TotalsDay

LOCK = 7_201_019  # PostgreSQL advisory lock held while totals are written
DAY = "matrix"
STALE_LIMIT = 400  # more cells to compute on read than this: compute the whole matrix instead
# The counts' deltas are folded once they span more rows than this (reads sum them all): a
# transaction that stores one bill then adds one row, not a rewrite of the few hundred kept.
FOLD_AFTER = 2000
_WRITES = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
WATCHED = {"bills_obligation": "cells_written", "bills_bill": "bills_written"}
LAYERS = ("law", "pending")


# --- Reading ---------------------------------------------------------------------------------


def answerable(filters) -> bool:
    """Whether the totals answer these matrix filters (zoom and kind only select cells)."""
    return (
        filters.actor is None
        and filters.status == "all"
        and not filters.session
        and filters.date_from is None
        and filters.date_to is None
        and filters.bill is None
    )


def cells(filters, code_by_id: dict[int, str]) -> dict | None:
    """The raw cells (``bills.matrix.RawCell``) of these filters from the totals; None when the
    totals cannot answer (another filter or date, not built yet, too much changed since)."""
    from bills.matrix import RawCell, raw_cells

    if not answerable(filters) or not code_by_id:
        return None
    day, built = filters.day, built_day()
    if built is None or not (day == built or built < day == today()):
        return None
    layers = LAYERS if filters.include_pending else LAYERS[:1]
    rows = MatrixCellTotal.objects.filter(layer__in=layers)
    if filters.jurisdiction or filters.kind:
        rows = rows.filter(jurisdiction_id__in=sorted(code_by_id))
    if filters.category:
        rows = rows.filter(category=filters.category)
    found: dict[tuple[int, str], RawCell] = {}
    sql, params = rows.values_list(*_ROW).query.sql_with_params()
    with connections[rows.db].cursor() as cursor:  # ~1,800 rows: no per-row field converters
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    for place, category, layer, *values in fetched:
        cell = found.get((place, category))
        if cell is None:
            cell = found[place, category] = RawCell(place, category)
        if layer == "law":
            cell.law = tuple(values[:6])
            cell.sources = {
                column: tuple(values[at : at + 4])
                for column, at in _SOURCE_AT
                if values[at] is not None
            }
        else:
            cell.pending = tuple(values[:6])
    stale = {
        (place, category)
        for place, category in stale_cells(day if day != built else None)
        if place in code_by_id and (not filters.category or category == filters.category)
    }
    if len(stale) > STALE_LIMIT:
        return None
    if stale:  # computed from the obligations: the rectangle the stale cells span
        places, categories = {p for p, _ in stale}, {c for _, c in stale}
        for key in [k for k in found if k[0] in places and k[1] in categories]:
            del found[key]
        found.update(raw_cells(filters, places, categories, pending=filters.include_pending))
    return found


# The typed columns whose strictest value a cell names, and the prefix of its source's columns.
SOURCE_PREFIXES = (
    ("deadline_seconds", "deadline"),
    ("penalty_max_usd", "penalty"),
    ("compute_threshold_flop", "compute"),
    ("revenue_threshold_usd", "revenue"),
)
SOURCE_FIELDS = ("obligation_id", "bill_id", "section", "from")
_ROW = (
    "jurisdiction_id",
    "category",
    "layer",
    "obligation_count",
    "bill_count",
    "deadline_seconds",
    "penalty_max_usd",
    "compute_threshold_flop",
    "revenue_threshold_usd",
    *(f"{prefix}_{name}" for _, prefix in SOURCE_PREFIXES for name in SOURCE_FIELDS),
)
# Where each column's source starts in a row after (place, category, layer).
_SOURCE_AT = tuple((column, 6 + 4 * k) for k, (column, _) in enumerate(SOURCE_PREFIXES))


def built_day() -> date | None:
    return TotalsDay.objects.filter(name=DAY).values_list("day", flat=True).first()


def stale_cells(due_by: date | None = None) -> set[tuple[int, str]]:
    """Cells marked by writes the totals do not include yet, and (with ``due_by``) the cells of
    rows whose legal timeline changes by then (what counts as law may have moved)."""
    from bills.models import MatrixCellMark

    found = set(MatrixCellMark.objects.values_list("jurisdiction_id", "category").distinct())
    if due_by is not None:
        due = Obligation.objects.filter(legal_state_until__lte=due_by).order_by()
        found |= set(due.values_list("jurisdiction_id", "category").distinct())
    return found


COUNT_KEY = ("jurisdiction_id", "status", "legal_state")


def bill_counts() -> dict[tuple[int, str, str], int]:
    """Bills by (place, status, legal state): the sum of the maintained deltas (one row per
    key once folded: a few hundred rows, whatever the number of bills)."""
    rows = BillCount.objects.order_by().values_list(*COUNT_KEY).annotate(n=Sum("n"))
    return {(place, status, state): n for place, status, state, n in rows if n}


def counted_from_scratch() -> dict[tuple[int, str, str], int]:
    rows = Bill.objects.order_by().values_list(*COUNT_KEY).annotate(n=Count("*"))
    return {(place, status, state): n for place, status, state, n in rows}


def status_counts() -> dict[str, int]:
    """Bills by status (the home page's counts)."""
    found: dict[str, int] = {}
    for (_, status, _), n in bill_counts().items():
        found[status] = found.get(status, 0) + n
    return {status: n for status, n in found.items() if n}


def place_counts(law_states: Iterable[str]) -> tuple[dict[int, int], dict[int, int]]:
    """(bills whose legal state is one of ``law_states``, all bills) per place id."""
    law_states = set(law_states)
    laws: dict[int, int] = {}
    tracked: dict[int, int] = {}
    for (place, _, state), n in bill_counts().items():
        tracked[place] = tracked.get(place, 0) + n
        if state in law_states:
            laws[place] = laws.get(place, 0) + n
    return {p: n for p, n in laws.items() if n}, {p: n for p, n in tracked.items() if n}


# --- Writing ---------------------------------------------------------------------------------


def flush(using: str = "default") -> None:
    """Bring the totals up to what this transaction sees: marked cells and due rows recomputed
    as of today, the bill counts' deltas folded. Called before a writing transaction commits;
    ``advance_legal_states`` calls it daily."""
    with transaction.atomic(using=using):
        _lock(using)
        _flush_cells(today(), using)
        _fold_counts(using)


@contextlib.contextmanager
def flushed_once(using: str = "default") -> Iterator[None]:
    """In this block, the commits of this connection leave the cells they marked for one
    flush when it ends, instead of each recomputing them.

    For a batch of writing transactions on the same few cells (extracting a batch of
    versions: each commit recomputed its cells, a fifth of the extraction's time at
    250,000 bills, under the lock every writer takes). Meanwhile the marked cells are
    computed on read, as for any write not yet flushed; a batch that raises leaves its
    marks for the next flush, by this process or another."""
    connection = connections[using]
    outer = getattr(connection, "cells_deferred", False)
    connection.cells_deferred = True
    try:
        yield
    finally:
        connection.cells_deferred = outer
    if not outer and ready(connection):
        flush(using)


def rebuild(day: date | None = None, using: str = "default") -> int:
    """Recompute every cell and the bill counts from scratch; returns the cells written."""
    day = day or today()
    with transaction.atomic(using=using):
        _lock(using)
        _take_marks(using)
        written = _recompute(None, day, using)
        _set_day(day, using)
        BillCount.objects.using(using).all().delete()
        rows = Bill.objects.using(using).order_by().values_list(*COUNT_KEY).annotate(n=Count("*"))
        BillCount.objects.using(using).bulk_create(
            BillCount(jurisdiction_id=place, status=status, legal_state=state, n=n)
            for place, status, state, n in rows
        )
    return written


def _lock(using: str) -> None:
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK])


def _take_marks(using: str) -> set[tuple[int, str]]:
    """Remove the marks this transaction sees and return their cells (one statement, so a
    mark committed meanwhile by another writer stays for its own flush)."""
    with connections[using].cursor() as cursor:
        cursor.execute("DELETE FROM bills_matrixcellmark RETURNING jurisdiction_id, category")
        return set(cursor.fetchall())


def _flush_cells(day: date, using: str) -> None:
    built = TotalsDay.objects.using(using).filter(name=DAY).values_list("day", flat=True).first()
    marked = _take_marks(using)
    if built is None or built > day:
        _recompute(None, day, using)
    else:
        if built < day:
            marked |= set(
                Obligation.objects.using(using)
                .filter(legal_state_until__lte=day)
                .order_by()
                .values_list("jurisdiction_id", "category")
                .distinct()
            )
        if marked:
            _recompute(marked, day, using)
    if built != day:
        _set_day(day, using)


def _set_day(day: date, using: str) -> None:
    TotalsDay.objects.using(using).update_or_create(name=DAY, defaults={"day": day})


def _recompute(marked: Iterable[tuple[int, str]] | None, day: date, using: str) -> int:
    """Replace the totals of the rectangle the marked cells span (all cells: None)."""
    from bills.matrix import MatrixFilters, raw_cells

    places = categories = None
    totals = MatrixCellTotal.objects.using(using)
    if marked is not None:
        places = {p for p, _ in marked}
        categories = {c for _, c in marked}
        totals = totals.filter(jurisdiction_id__in=sorted(places), category__in=sorted(categories))
    filters = replace(MatrixFilters(), as_of=day)
    found = raw_cells(filters, places, categories, pending=True)
    totals.delete()
    rows = []
    for cell in found.values():
        if cell.law:
            rows.append(_total(cell, "law", cell.law, cell.sources))
        if cell.pending:
            rows.append(_total(cell, "pending", cell.pending, {}))
    MatrixCellTotal.objects.using(using).bulk_create(rows, batch_size=1000)
    return len(rows)


def _total(cell, layer: str, values: tuple, sources: dict) -> MatrixCellTotal:
    n, bills, deadline, penalty, compute, revenue = values
    named = {
        f"{prefix}_{name}": value
        for column, prefix in SOURCE_PREFIXES
        if column in sources
        for name, value in zip(SOURCE_FIELDS, sources[column], strict=True)
    }
    return MatrixCellTotal(
        jurisdiction_id=cell.place,
        category=cell.category,
        layer=layer,
        obligation_count=n,
        bill_count=bills,
        deadline_seconds=deadline,
        penalty_max_usd=penalty,
        compute_threshold_flop=compute,
        revenue_threshold_usd=revenue,
        **named,
    )


def _unfolded(using: str) -> int:
    """About how many delta rows wait to be folded (the id span: two index ends, not a count)."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT MAX(id) - MIN(id) FROM bills_billcount")
        return cursor.fetchone()[0] or 0


def _fold_counts(using: str) -> None:
    """One row per key: the deltas this transaction sees summed (those of writers not yet
    committed stay, and are added on read until their own flush)."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "DELETE FROM bills_billcount RETURNING jurisdiction_id, status, legal_state, n"
        )
        sums: dict[tuple, int] = {}
        for place, status, state, n in cursor.fetchall():
            sums[place, status, state] = sums.get((place, status, state), 0) + n
    BillCount.objects.using(using).bulk_create(
        BillCount(jurisdiction_id=place, status=status, legal_state=state, n=n)
        for (place, status, state), n in sorted(sums.items())
        if n
    )


def maintained_rows() -> dict:
    """The cell totals as (place, category, layer) → values (what ``from_scratch`` returns)."""
    found = {}
    for place, category, layer, *values in MatrixCellTotal.objects.values_list(*_ROW):
        sources = {c: tuple(values[at : at + 4]) for c, at in _SOURCE_AT if values[at] is not None}
        found[place, category, layer] = (*values[:6], sources)
    return found


def from_scratch(day: date | None = None) -> dict:
    """The cell totals computed from the obligations now, as (place, category, layer) → values."""
    from bills.matrix import MatrixFilters, raw_cells

    found = {}
    day = day or today()
    for cell in raw_cells(replace(MatrixFilters(), as_of=day), pending=True).values():
        if cell.law:
            found[cell.place, cell.category, "law"] = (*cell.law, cell.sources)
        if cell.pending:
            found[cell.place, cell.category, "pending"] = (*cell.pending, {})
    return found


def differences() -> list[str]:
    """What differs between the totals and a computation from scratch (empty: they agree).

    Cells still marked are not counted as differences: reads compute them."""
    built = built_day()
    if built is None:
        return ["the totals were never built"]
    found = []
    if built != today():
        found.append(f"the totals are for {built}, not today ({today()})")
    kept, scratch = maintained_rows(), from_scratch(built)
    marked = stale_cells()
    for key in sorted(kept.keys() | scratch.keys(), key=str):
        if key[:2] not in marked and kept.get(key) != scratch.get(key):
            found.append(f"cell {key}: kept {kept.get(key)} != computed {scratch.get(key)}")
    kept_counts, counted = bill_counts(), counted_from_scratch()
    for key in sorted(kept_counts.keys() | counted.keys(), key=str):
        if kept_counts.get(key) != counted.get(key):
            found.append(f"bills {key}: kept {kept_counts.get(key)} != counted {counted.get(key)}")
    return found


# --- The hook: before a writing transaction commits ---------------------------------------------


def ready(connection) -> bool:
    """Whether this database has the totals' tables (not before their migration ran)."""
    if getattr(connection, "totals_ready", False):
        return True
    connection.totals_ready = "bills_matrixcellmark" in connection.introspection.table_names()
    return connection.totals_ready


def _watch(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if isinstance(sql, str):
        match = _WRITES.match(sql)
        flag = match and WATCHED.get(match.group(1).lower())
        if flag:
            connection = context["connection"]
            setattr(connection, flag, True)
            if connection.get_autocommit() and not match.group(0).lstrip()[:6].upper() == "INSERT":
                # Committed already (an admin action's update, outside a transaction): flush
                # now. Not after an INSERT, whose RETURNING rows may not be read yet; its marks
                # wait for the next flush and are computed on read meanwhile.
                with transaction.atomic(using=connection.alias):
                    _settle(connection)  # what this write left, in a transaction of its own
    return result


def _settle(connection) -> None:
    """Before a commit: the cells this transaction marked recomputed, the counts' deltas
    folded once they are many; nothing when it wrote neither table."""
    cells_written = getattr(connection, "cells_written", False)
    cells_written &= not getattr(connection, "cells_deferred", False)  # see flushed_once
    bills_written = getattr(connection, "bills_written", False)
    connection.cells_written = connection.bills_written = False
    if not (cells_written or bills_written) or not ready(connection):
        return
    if cells_written:
        _lock(connection.alias)
        _flush_cells(today(), connection.alias)
    if bills_written and _unfolded(connection.alias) > FOLD_AFTER:
        _lock(connection.alias)
        _fold_counts(connection.alias)


def _flushing(connection, commit):
    """``connection.commit``, flushing the totals first when the transaction wrote their sources."""

    def flush_and_commit() -> None:
        _settle(connection)
        commit()

    return flush_and_commit


def install(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: flush the totals before each writing commit."""
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)
        connection.commit = _flushing(connection, connection.commit)


def build_after_migrate(sender, using: str = "default", **kwargs) -> None:
    """``post_migrate`` (also sent after ``flush``, which empties tables in any order, the
    triggers firing): the totals are built again from the data."""
    connection = connections[using]
    connection.totals_ready = False  # the tables may have just been made (or unmade)
    if ready(connection):
        rebuild(using=using)
