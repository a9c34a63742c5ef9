"""Keep the search index current: a bill's passages re-computed, only changed ones written.

Indexing is not part of ingest's transaction (full-text indexing of a bill's
texts costs many times what storing them does): ingest marks each bill it
writes (``Bill.search_pending_since``) and announces it
(``bills.signals.search_index_needed``); the job layer calls
``index_pending`` after commit, and its sweeper (or ``index_search --pending``)
indexes whatever a lost task left marked.

Both functions work on many bills at once: one query per kind of row read
and one bulk insert (COPY on PostgreSQL). On PostgreSQL the passages'
``tsvector``s are written with them, built in Python (``bills.search.vectors``:
the database only stems the words it has not stemmed for this process yet),
equal to what ``VECTOR_SQL`` computes; a passage that path cannot build
exactly (non-ASCII letters) gets its vector from ``VECTOR_SQL`` in one
``UPDATE``; then each changed bill's ``SearchTerms`` row is computed from its
passages' vectors in one statement. On SQLite the FTS5 table is kept by triggers on
``bills_searchpassage``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from bills import generation
from bills.bulk_rows import insert_rows
from bills.models import Bill, BillAction, BillVersion, SearchPassage

from .passages import DETAILS, Passage, bill_passages, details_text
from .vectors import Lexicon, tokens

BATCH = 200
PASSAGE_COLUMNS = ("bill", "kind", "label", "digest", "text")

# Details weigh most ('A'), texts least ('D'): a word in a title ranks above one on page 40.
# Punctuation becomes a space first, so words split where FTS5's unicode61 splits them
# ("CHAP.699" is "chap 699" on both engines, not one PostgreSQL "file" token).
VECTOR_EXPRESSION = """setweight(
    to_tsvector('english', regexp_replace({text}, '[^[:alnum:]]+', ' ', 'g')),
    CASE WHEN {kind} = %s THEN 'A' ELSE 'D' END::"char")"""
VECTOR_SQL = f"""
UPDATE bills_searchpassage
SET vector = {VECTOR_EXPRESSION.format(text="text", kind="kind")}
WHERE id = ANY(%s::bigint[])
"""
# The same for the passages just written for some bills whose vector Python did not build.
NEW_VECTORS_SQL = VECTOR_SQL.replace(
    "WHERE id = ANY(%s::bigint[])", "WHERE bill_id = ANY(%s::bigint[]) AND vector IS NULL"
)
# Each bill's words once (``SearchTerms``), from its passages' vectors as now written.
TERMS_SQL = """
INSERT INTO bills_searchterms (bill_id, terms)
SELECT p.bill_id, array_to_tsvector(array_agg(DISTINCT lexeme))
FROM bills_searchpassage p, unnest(tsvector_to_array(p.vector)) AS lexeme
WHERE p.bill_id = ANY(%s::bigint[]) AND p.vector IS NOT NULL
GROUP BY p.bill_id
ON CONFLICT (bill_id) DO UPDATE SET terms = EXCLUDED.terms
"""


def index_bill(bill_id: int) -> int:
    """Bring one bill's passages up to date now; returns how many were written."""
    return index_bills([bill_id])


def index_bills(bill_ids: Iterable[int]) -> int:
    """Bring these bills' passages up to date now, in batches; returns how many were written.

    For rows written outside ingest (a restore, a test's factory) and backfills;
    it clears the bills' marks too, since their index is current. Each batch first
    locks its bills (in id order, waiting for an ingest that is rewriting one), so a
    change committed meanwhile cannot have its mark cleared by an index that missed it.
    """
    ids = list(dict.fromkeys(bill_ids))
    written = 0
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            batch = sorted(ids[start : start + BATCH])
            list(Bill.objects.select_for_update().filter(pk__in=batch).order_by("pk")
                 .values_list("pk", flat=True))  # fmt: skip
            written += _index_batch(batch)
            Bill.objects.filter(pk__in=batch, search_pending_since__isnull=False).update(
                search_pending_since=None
            )
    return written


def index_pending(
    bill_ids: Iterable[int] | None = None,
    older_than: timedelta | None = None,
    limit: int | None = None,
) -> int:
    """Index the bills still marked (all, or those among ``bill_ids``) and clear their marks.

    Returns how many bills were indexed. Safe to run twice and beside another
    run: each batch locks its marked bills (skipping those another transaction
    holds, as ingest does while it rewrites a bill; that transaction announces
    them again) and clears exactly the marks it indexed, so a bill is never
    left marked-but-indexed nor indexed-but-stale. ``older_than`` leaves fresh
    marks to the task their ingest queued (the sweeper's grace period).
    """
    done = 0
    for batch in _pending_batches(bill_ids, older_than, limit):
        with transaction.atomic():
            locked = list(
                Bill.objects.select_for_update(skip_locked=True)
                .filter(pk__in=batch, search_pending_since__isnull=False)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            if locked:
                _index_batch(locked)
                Bill.objects.filter(pk__in=locked).update(search_pending_since=None)
        done += len(locked)
    return done


def _pending_batches(bill_ids, older_than, limit):
    """Marked bill ids in batches of ``BATCH``, by id, read one batch at a time (memory flat)."""
    marked = Bill.objects.filter(search_pending_since__isnull=False)
    if bill_ids is not None:
        marked = marked.filter(pk__in=list(bill_ids))
    if older_than is not None:
        marked = marked.filter(search_pending_since__lte=timezone.now() - older_than)
    after, left = 0, limit
    while left is None or left > 0:
        size = BATCH if left is None else min(BATCH, left)
        batch = list(marked.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:size])
        if not batch:
            return
        yield batch
        after = batch[-1]
        if left is not None:
            left -= len(batch)


def pending_count() -> int:
    return Bill.objects.filter(search_pending_since__isnull=False).count()


def _index_batch(ids: list[int]) -> int:
    wanted = _passages_by_bill(ids)
    stored: dict[int, dict[str, int]] = defaultdict(dict)
    for pk, bill_id, digest in SearchPassage.objects.filter(bill_id__in=ids).values_list(
        "pk", "bill_id", "digest"
    ):
        stored[bill_id][digest] = pk
    stale, fresh, changed = [], [], []
    for bill_id in ids:
        keep = {p.digest for p in wanted.get(bill_id, [])}
        gone = [pk for digest, pk in stored[bill_id].items() if digest not in keep]
        new = [
            (bill_id, p.kind, p.label, p.digest, p.text)
            for p in wanted.get(bill_id, [])
            if p.digest not in stored[bill_id]
        ]
        stale += gone
        fresh += new
        if gone or new:
            changed.append(bill_id)
    SearchPassage.objects.filter(pk__in=stale).delete()
    if connection.vendor != "postgresql":
        insert_rows(SearchPassage, PASSAGE_COLUMNS, fresh)
        return len(fresh)
    vectors = passage_vectors([(kind, text) for _, kind, _, _, text in fresh])
    _copy_with_vectors([(*row, v) for row, v in zip(fresh, vectors, strict=True)])
    left = sorted({row[0] for row, vector in zip(fresh, vectors, strict=True) if vector is None})
    with connection.cursor() as cursor:
        if left:
            cursor.execute(NEW_VECTORS_SQL, [DETAILS, left])
        if changed:  # a bill always keeps its details passage, so it keeps its terms row
            cursor.execute(TERMS_SQL, [changed])
    return len(fresh)


def _copy_with_vectors(rows: list[tuple]) -> None:
    """COPY passages with their vectors, in text format: the vector is a ``tsvector`` literal
    (``bulk_rows.insert_rows`` writes binary COPY, which has no text form for it)."""
    if not rows:
        return
    sql = "COPY bills_searchpassage (bill_id, kind, label, digest, text, vector) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
    if generation.shows_data(SearchPassage._meta.db_table):
        generation.written(connection)


_LEXICON = Lexicon()
STEM_SQL = """
SELECT w, t.lexeme, t.positions
FROM unnest(%s::text[]) AS w LEFT JOIN LATERAL unnest(to_tsvector('english', w)) AS t ON true
"""


def passage_vectors(passages: list[tuple[str, str]]) -> list[str | None]:
    """The ``tsvector`` (text form) of each (kind, text), as ``VECTOR_SQL`` would compute it;
    None where only the database can say (PostgreSQL only: the stems are the database's)."""
    split = [tokens(text) for _, text in passages]
    _LEXICON.learn({word for words in split if words for word in words}, _stem)
    return [
        None if words is None else _LEXICON.literal(words, "A" if kind == DETAILS else "")
        for (kind, _), words in zip(passages, split, strict=True)
    ]


def _stem(words: list[str]) -> dict[str, list[tuple[str, list[int]]]]:
    found: dict[str, list[tuple[str, list[int]]]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(STEM_SQL, [words])
        for word, lexeme, positions in cursor.fetchall():
            if lexeme is not None:
                found[word].append((lexeme, positions))
    return found


def _passages_by_bill(ids: list[int]) -> dict[int, list[Passage]]:
    actions: dict[int, list[str]] = defaultdict(list)
    for bill_id, text in (
        BillAction.objects.filter(bill_id__in=ids)
        .order_by("bill_id", "order")
        .values_list("bill_id", "text")
    ):
        actions[bill_id].append(text)
    versions: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for bill_id, label, text in (
        BillVersion.objects.filter(bill_id__in=ids)
        .order_by("bill_id", "order", "id")
        .values_list("bill_id", "label", "text")
    ):
        versions[bill_id].append((label, text))
    fields = ("pk", "identifier", "title", "popular_name", "abstract", "subjects")
    result = {}
    for pk, identifier, title, popular, abstract, subjects in Bill.objects.filter(
        pk__in=ids
    ).values_list(*fields):
        details = details_text(identifier, title, popular, abstract, subjects or [], actions[pk])
        result[pk] = bill_passages(details, versions[pk])
    return result
