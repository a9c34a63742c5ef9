"""Keep the search index current: a bill's passages re-computed, only changed ones written.

``index_bills`` works on many bills at once (ingest of a batch, a backfill):
one query per kind of row read, one bulk insert and — on PostgreSQL — one
``UPDATE`` that computes the new passages' ``tsvector``s in the database
(``to_tsvector('english', …)``, weighted). On SQLite the FTS5 table is kept
by triggers on ``bills_searchpassage``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction

from bills.models import Bill, BillAction, BillVersion, SearchPassage

from .passages import DETAILS, Passage, bill_passages, details_text

BATCH = 200

# Details weigh most ('A'), texts least ('D'): a word in a title ranks above one on page 40.
# Punctuation becomes a space first, so words split where FTS5's unicode61 splits them
# ("CHAP.699" is "chap 699" on both engines, not one PostgreSQL "file" token).
VECTOR_SQL = """
UPDATE bills_searchpassage
SET vector = setweight(
    to_tsvector('english', regexp_replace(text, '[^[:alnum:]]+', ' ', 'g')),
    CASE WHEN kind = %s THEN 'A' ELSE 'D' END::"char")
WHERE id = ANY(%s)
"""


def index_bill(bill_id: int) -> int:
    """Bring one bill's passages up to date; returns how many were written."""
    return index_bills([bill_id])


def index_bills(bill_ids: Iterable[int]) -> int:
    """Bring these bills' passages up to date, in batches; returns how many were written."""
    ids = list(dict.fromkeys(bill_ids))
    written = 0
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            written += _index_batch(ids[start : start + BATCH])
    return written


def _index_batch(ids: list[int]) -> int:
    wanted = _passages_by_bill(ids)
    stored: dict[int, dict[str, int]] = defaultdict(dict)
    for pk, bill_id, digest in SearchPassage.objects.filter(bill_id__in=ids).values_list(
        "pk", "bill_id", "digest"
    ):
        stored[bill_id][digest] = pk
    stale, fresh = [], []
    for bill_id in ids:
        keep = {p.digest for p in wanted.get(bill_id, [])}
        stale += [pk for digest, pk in stored[bill_id].items() if digest not in keep]
        fresh += [
            SearchPassage(bill_id=bill_id, kind=p.kind, label=p.label, digest=p.digest, text=p.text)
            for p in wanted.get(bill_id, [])
            if p.digest not in stored[bill_id]
        ]
    SearchPassage.objects.filter(pk__in=stale).delete()
    created = SearchPassage.objects.bulk_create(fresh)
    if created and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(VECTOR_SQL, [DETAILS, [p.pk for p in created]])
    return len(created)


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
