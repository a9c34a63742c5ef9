"""The ``query`` filter of a subscription: which bills a saved search matches.

The search of the site (``bills.search``: PostgreSQL full text in
production, SQLite FTS5 on the embedded default, the websearch syntax
"quoted phrase", -exclude, ``or``) over title, abstract, actions and every
text version, so a saved search in a digest finds what the search page
finds. ``bills_matching`` asks it once per distinct query and run.
"""

from __future__ import annotations

from collections.abc import Iterable

from bills.models import Bill
from bills.search import SearchQueryError, parse_query, search_bills


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
    try:
        found = search_bills(query, Bill.objects.filter(id__in=ids))
    except SearchQueryError:
        return set()  # validated when saved; a query the syntax no longer accepts matches nothing
    return set(found.order_by().values_list("id", flat=True))
