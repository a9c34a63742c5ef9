"""The ``query`` filter of a subscription: which bills a saved search matches.

The search of the site (``bills.search``: PostgreSQL full text in
production, SQLite FTS5 on the embedded default, the websearch syntax
"quoted phrase", -exclude, ``or``) over title, abstract, actions and every
text version, so a saved search in a digest finds what the search page
finds. ``bills_matching`` asks it once per distinct query and run.

Search indexing runs after ingest, in the job layer: a bill ingested
moments ago may still be marked for indexing (its task queued, or lost and
left to the sweeper). A digest must not miss it, nor match it on its old
text, so the window's marked bills are indexed first (``index_pending`` on
those ids: a no-op when none is marked, one query).
"""

from __future__ import annotations

from collections.abc import Iterable

from bills.models import Bill
from bills.search import SearchQueryError, index_pending, parse_query, search_bills


def validation_error(query: str) -> str:
    """The search page's message for a query that cannot run, or "" when it can."""
    if not query.strip():
        return ""
    try:
        parse_query(query)
    except SearchQueryError as exc:
        return str(exc)
    return ""


def bills_matching(query: str, bills: Iterable) -> set[int]:
    """Ids of these bills (objects with ``id``) that the saved search matches."""
    ids = [bill.id for bill in bills]
    if not ids:
        return set()
    index_pending(bill_ids=ids)
    try:
        found = search_bills(query, Bill.objects.filter(id__in=ids))
    except SearchQueryError:
        return set()  # validated when saved; a query the syntax no longer accepts matches nothing
    return set(found.order_by().values_list("id", flat=True))
