"""Full-text search over bills: PostgreSQL's own (GIN ``tsvector``) in production, SQLite
FTS5 on the embedded default, one query syntax (websearch: "phrase", -exclude, or).

    from bills.search import search_bills, attach_snippets, index_bills, SearchQueryError

    bills = search_bills('"critical safety incident" -colorado')   # a ranked Bill queryset
    page = attach_snippets(query, list(bills[:20]))                  # bill.snippet.html
    index_bills(ids)   # after writing bills outside ingest, now
    index_pending()    # what ingest marked (the job layer calls it after commit)
"""

from .engine import attach_snippets, search_bills
from .indexing import index_bill, index_bills, index_pending
from .query import Query, SearchQueryError, parse_query

__all__ = [
    "Query",
    "SearchQueryError",
    "attach_snippets",
    "index_bill",
    "index_bills",
    "index_pending",
    "parse_query",
    "search_bills",
]
