"""The two engines behind one interface: PostgreSQL full-text search and SQLite FTS5.

Each engine answers three questions in SQL: which bills have a passage
matching one term (``term_sql``), how well a bill matches the query
(``rank_sql``, correlated with the outer ``bills_bill`` row), and the
snippets of a few bills (``snippets``). ``bills.search.engine`` combines
the terms into the query's AND / OR / NOT at bill level, so both engines
find the same bills; only the rank order differs a little (ts_rank vs BM25).

Stemming: PostgreSQL's ``english`` configuration (Snowball) and FTS5's
``porter`` tokenizer reduce words the same way in all but rare cases
("reporting", "reports" → "report" on both).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from django.db import connection

from .query import Query, Term

MARK_START, MARK_STOP = "\x02", "\x03"  # never in text; turned into <mark> after escaping
FRAGMENT_GAP = " … "
FTS_TABLE = "bills_searchpassage_fts"


@dataclass(frozen=True)
class Snippet:
    label: str  # "" for the bill's details, the version label for its text
    html: str  # escaped text with the matched words in <mark>


def marked_html(raw: str) -> str:
    """Engine output with sentinel marks as safe HTML: escape first, then add the tags."""
    escaped = html.escape(" ".join(raw.split()))
    # PostgreSQL marks a phrase word by word, FTS5 as one run: join neighbours so both read alike.
    escaped = escaped.replace(f"{MARK_STOP} {MARK_START}", " ")
    return escaped.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")


class PostgresEngine:
    def term_sql(self, term: Term) -> tuple[str, list]:
        return (
            "SELECT bill_id FROM bills_searchpassage "
            "WHERE vector @@ websearch_to_tsquery('english', %s)",
            [term.websearch()],
        )

    def rank_sql(self, query: Query) -> tuple[str, list]:
        return (
            "(SELECT max(ts_rank(p.vector, websearch_to_tsquery('english', %s))) "
            "FROM bills_searchpassage p WHERE p.bill_id = bills_bill.id)",
            [query.websearch()],
        )

    def snippets(self, query: Query, bill_ids: list[int]) -> dict[int, Snippet]:
        """The best passage of each bill, headlined (ts_headline on that passage only)."""
        options = (
            f"StartSel={MARK_START}, StopSel={MARK_STOP}, MaxWords=30, MinWords=12, "
            f'MaxFragments=2, FragmentDelimiter="{FRAGMENT_GAP}"'
        )
        sql = """
            WITH q AS (SELECT websearch_to_tsquery('english', %s) AS query),
            best AS (
                SELECT DISTINCT ON (p.bill_id) p.bill_id, p.label, p.text
                FROM bills_searchpassage p, q
                WHERE p.bill_id = ANY(%s) AND p.vector @@ q.query
                ORDER BY p.bill_id, ts_rank(p.vector, q.query) DESC, p.id
            )
            SELECT best.bill_id, best.label, ts_headline('english', best.text, q.query, %s)
            FROM best, q
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [query.websearch(), bill_ids, options])
            return {row[0]: Snippet(row[1], marked_html(row[2])) for row in cursor.fetchall()}


class SqliteEngine:
    def term_sql(self, term: Term) -> tuple[str, list]:
        return (
            f"SELECT p.bill_id FROM {FTS_TABLE} f JOIN bills_searchpassage p ON p.id = f.rowid "
            f"WHERE {FTS_TABLE} MATCH %s",
            [term.fts5()],
        )

    def rank_sql(self, query: Query) -> tuple[str, list]:
        # bm25 is lower for better matches; the details column weighs ten times the text.
        return (
            f"(SELECT -bm25({FTS_TABLE}, 10.0, 1.0) AS score FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s AND rowid IN "
            "(SELECT id FROM bills_searchpassage WHERE bill_id = bills_bill.id) "
            "ORDER BY score DESC LIMIT 1)",
            [query.fts5()],
        )

    def snippets(self, query: Query, bill_ids: list[int]) -> dict[int, Snippet]:
        found: dict[int, Snippet] = {}
        placeholders = ", ".join("%s" for _ in bill_ids)
        sql = f"""
            SELECT p.bill_id, p.label,
                   snippet({FTS_TABLE}, -1, %s, %s, %s, 24) AS snip,
                   bm25({FTS_TABLE}, 10.0, 1.0) AS score
            FROM {FTS_TABLE} f JOIN bills_searchpassage p ON p.id = f.rowid
            WHERE {FTS_TABLE} MATCH %s AND p.bill_id IN ({placeholders})
            ORDER BY p.bill_id, score, p.id
        """
        params = [MARK_START, MARK_STOP, FRAGMENT_GAP, query.fts5(), *bill_ids]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for bill_id, label, snip, _ in cursor.fetchall():
                found.setdefault(bill_id, Snippet(label, marked_html(snip)))
        return found


def current_engine() -> PostgresEngine | SqliteEngine:
    if connection.vendor == "postgresql":
        return PostgresEngine()
    if connection.vendor == "sqlite":
        return SqliteEngine()
    raise NotImplementedError(
        f"full-text search needs PostgreSQL or SQLite, not {connection.vendor}"
    )
