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
import json
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection

from bills.planner import index_scans

from .passages import DETAILS
from .query import Query, Term

MARK_START, MARK_STOP = "\x02", "\x03"  # never in text; turned into <mark> after escaping
FRAGMENT_GAP = " … "
FTS_TABLE = "bills_searchpassage_fts"
SNIPPET_WINDOW = 1600  # characters of a passage given to ts_headline
PASSAGES_PER_BILL = 8  # about, at realistic text lengths (bench: 1,695,748 for 250,000 bills)
VECTOR_READ = 20  # reading a passage's vector costs about this many narrow heap rows


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


def id_array(ids) -> str:
    """Ids as a PostgreSQL array literal, for a ``%s::bigint[]`` parameter: psycopg turns a
    Python list into an array one element at a time in Python (2 ms of a search's client
    CPU for a few thousand ids); this is one ``join``."""
    return "{" + ",".join(map(str, ids)) + "}"


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

    def details_matches(self, query: Query, limit: int) -> list[int]:
        """Up to ``limit`` bills whose details passage (weight A) has a wanted term: the partial
        GIN index of details, stopped at ``limit`` rows (which ones, when more match, is the
        index's order). Only candidates: the caller checks the whole query and its filters.

        The planner, taking a word's share of all passages for its share of the details,
        would rather scan the table until ``limit`` rows pass (testing every text passage's
        vector on the way: 0.2 s at 50,000 bills); the scan is turned off for this query."""
        sql = (
            "SELECT bill_id FROM bills_searchpassage WHERE kind = %s "
            "AND vector @@ websearch_to_tsquery('english', %s) LIMIT %s"
        )
        with index_scans(), connection.cursor() as cursor:
            cursor.execute(sql, [DETAILS, query.websearch(), limit])
            return [row[0] for row in cursor.fetchall()]

    def details_among(self, query: Query, bill_ids: list[int], limit: int) -> list[int]:
        """The newest ``limit`` of these bills whose details passage (weight A) holds every
        wanted word of an alternative (a phrase's words in any order: these are candidates
        for ranking, not matches), newest first.

        The details come from their partial GIN index (an AND of rare and common words
        costs what the rarest does), kept here if among the bills; the newest of those
        from the index of bills by date. Testing each bill's details instead read every
        matching bill's row (80 ms for 5,000 matches at 250,000 bills)."""
        alternatives, params = [], []
        for group in query.groups:
            alternatives.append(
                "(" + " && ".join(["plainto_tsquery('english', %s)"] * len(group.include)) + ")"
            )
            params += [" ".join(term.words) for term in group.include]
        sql = (
            "SELECT bill_id FROM bills_searchpassage WHERE kind = %s AND vector @@ ("
            + " || ".join(alternatives) + ")"
        )  # fmt: skip
        with index_scans(), connection.cursor() as cursor:
            cursor.execute(sql, [DETAILS, *params])
            among = set(bill_ids)
            titled = [row[0] for row in cursor.fetchall() if row[0] in among]
            if not titled:
                return []
            cursor.execute(NEWEST_SQL, [id_array(titled), limit])
            return [row[0] for row in cursor.fetchall()]

    def matching_bills(self, query: Query) -> set[int]:
        """The ids of every bill matching the query.

        Each alternative's words, wanted and not, are answered together at bill level by
        the ``SearchTerms`` GIN index (a phrase by its words: a superset); then each
        phrase (or a word PostgreSQL reads as several, e.g. ``x86``) is checked on the
        passages, only for the bills still in the running (``_bills_with``)."""
        positional = self._positional(
            {term for group in query.groups for term in group.include + group.exclude}
        )
        # When the one alternative's wanted terms are all positional, the passages their
        # checks find are all that can rank: ranking then reads those only (best_passages).
        single = len(query.groups) == 1 and all(t in positional for t in query.positive_terms())
        self._ranked_passages = defaultdict(list) if single else None
        found: set[int] = set()
        for group in query.groups:
            checked = [term for term in group.include if term in positional]
            if len(checked) == 1 == len(group.include) and all(
                term in positional for term in group.exclude
            ):  # one phrase and no word: the index of words would narrow nothing
                bills = self._bills_with(checked[0], keep=self._ranked_passages)
                for term in group.exclude:
                    bills -= self._bills_with(term, among=bills) if bills else set()
                found |= bills
                continue
            parts = ["plainto_tsquery('english', %s)"] * len(group.include)
            params = [" ".join(term.words) for term in group.include]
            for term in group.exclude:
                if term not in positional:
                    parts.append("!! plainto_tsquery('english', %s)")
                    params.append(term.words[0])
            with index_scans(), connection.cursor() as cursor:
                cursor.execute(
                    "SELECT bill_id FROM bills_searchterms WHERE terms @@ (" + " && ".join(parts)
                    + ")", params,
                )  # fmt: skip
                bills = {row[0] for row in cursor.fetchall()}
            for term in group.include:
                if term in positional and bills:
                    bills &= self._bills_with(term, among=bills, keep=self._ranked_passages)
            for term in group.exclude:
                if term in positional and bills:
                    bills -= self._bills_with(term, among=bills)
            found |= bills
        return found

    def _positional(self, terms: set[Term]) -> set[Term]:
        """The terms whose match needs word positions: phrases, and single words that
        PostgreSQL's parser reads as several lexemes in a row."""
        words = [term for term in terms if not term.is_phrase]
        found = {term for term in terms if term.is_phrase}
        if words:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT numnode(websearch_to_tsquery('english', w)) > 1 "
                    "FROM unnest(%s::text[]) WITH ORDINALITY AS t(w, n) ORDER BY n",
                    [[term.words[0] for term in words]],
                )
                found |= {
                    t for t, (several,) in zip(words, cursor.fetchall(), strict=True) if several
                }
        return found

    def _bills_with(
        self, term: Term, among: set[int] | None = None, keep: dict | None = None
    ) -> set[int]:
        """The bills with a passage matching the term (of ``among``, when given); ``keep``
        gathers the matching passages' ids by bill.

        Two ways to ask of ``among``: every passage the term's GIN entries lead to, kept
        here if of those bills (one narrow heap row per passage that says the term: about
        half a microsecond each, but a common word has hundreds of thousands), or these
        bills' passages by ``bill_id``, testing each one's vector (read from the TOAST table
        and decompressed: about ``VECTOR_READ`` heap rows' worth each). The cheaper by the
        planner's counts. The first keeps no ``bill_id = ANY(...)`` filter in SQL: on the
        heap scan PostgreSQL tests it against the array element by element."""
        websearch = term.websearch()
        by_bill = among is not None and (
            len(among) * PASSAGES_PER_BILL * VECTOR_READ < self._passages_estimate(term)
        )
        with index_scans(), connection.cursor() as cursor:
            if by_bill:  # GIN answers bitmap scans only: this leaves the bill_id index
                cursor.execute("SET LOCAL enable_bitmapscan = off")
                cursor.execute(
                    "SELECT id, bill_id FROM bills_searchpassage "
                    "WHERE bill_id = ANY(%s::bigint[]) "
                    "AND vector @@ websearch_to_tsquery('english', %s)",
                    [id_array(among), websearch],
                )
                rows = cursor.fetchall()
                cursor.execute("SET LOCAL enable_bitmapscan = DEFAULT")  # SET LOCAL outlives
                # a released savepoint: put back
            else:
                cursor.execute(
                    "SELECT id, bill_id FROM bills_searchpassage "
                    "WHERE vector @@ websearch_to_tsquery('english', %s)",
                    [websearch],
                )
                rows = cursor.fetchall()
        found = set()
        for passage, bill in rows:
            if among is None or bill in among:
                found.add(bill)
                if keep is not None:
                    keep[bill].append(passage)
        return found

    def _passages_estimate(self, term: Term) -> float:
        """The planner's estimate of the passages matching the term (kept per engine)."""
        known = self.__dict__.setdefault("_estimates", {})
        if term not in known:
            sql, params = self.term_sql(term)
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
                plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            known[term] = plan[0]["Plan"]["Plan Rows"]
        return known[term]

    def bills_estimate(self) -> float:
        """How many bills there are, as the planner believes (no scan)."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'bills_bill'::regclass")
            return cursor.fetchone()[0]

    def best_passages(self, query: Query, bill_ids: list[int]) -> dict[int, tuple[float, int]]:
        """Each of these bills' rank (its best passage's) and that passage's id, the one its
        snippet shows: ranking reads the vectors once for both. After ``matching_bills``
        of a query whose wanted terms are all phrases, only the passages its checks found
        are read (the others cannot match): testing a phrase on every passage of 200
        candidates cost 30 ms at 250,000 bills."""
        found = getattr(self, "_ranked_passages", None)
        if found is not None and all(pk in found for pk in bill_ids):
            where, ids = "p.id = ANY(%s::bigint[])", [pid for pk in bill_ids for pid in found[pk]]
        else:
            where, ids = "p.bill_id = ANY(%s::bigint[]) AND p.vector @@ q.query", bill_ids
        sql = f"""
            SELECT DISTINCT ON (p.bill_id) p.bill_id, ts_rank(p.vector, q.query), p.id
            FROM bills_searchpassage p, (SELECT websearch_to_tsquery('english', %s) AS query) q
            WHERE {where}
            ORDER BY p.bill_id, 2 DESC, p.id
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [query.websearch(), id_array(ids)])
            return {bill: (rank, passage) for bill, rank, passage in cursor.fetchall()}

    def snippets(
        self, query: Query, bill_ids: list[int], passages: dict[int, int] | None = None
    ) -> dict[int, Snippet]:
        """The best passage of each bill, headlined: ts_headline parses what it is given, so
        it is given ``SNIPPET_WINDOW`` characters of the passage around the first place one
        of the query's words appears as typed (the whole passage when none does, e.g. only a
        stemmed form of it is there), not the passage's 3-20 KB. ``passages``: the best
        passage of some of the bills, known from ranking (``best_passages``)."""
        passages = passages or {}
        known = [passages[pk] for pk in bill_ids if pk in passages]
        unknown = [pk for pk in bill_ids if pk not in passages]
        found = self._headlines(query, SNIPPET_KNOWN, known) if known else {}
        if unknown:
            found.update(self._headlines(query, SNIPPET_BEST, unknown))
        return found

    def _headlines(self, query: Query, best: str, ids: list[int]) -> dict[int, Snippet]:
        options = (
            f"StartSel={MARK_START}, StopSel={MARK_STOP}, MaxWords=30, MinWords=12, "
            f'MaxFragments=2, FragmentDelimiter="{FRAGMENT_GAP}"'
        )
        sql = f"""
            WITH q AS (SELECT websearch_to_tsquery('english', %s) AS query),
            best AS ({best})
            SELECT best.bill_id, best.label, ts_headline('english', CASE WHEN at.first > 0
                THEN substr(best.text, greatest(1, at.first - %s), %s) ELSE best.text END,
                q.query, %s)
            FROM best, q, LATERAL (
                SELECT coalesce(
                    (SELECT min(found) FROM (SELECT strpos(lower(best.text), phrase) AS found
                     FROM unnest(%s::text[]) phrase) p WHERE found > 0),
                    (SELECT min(found) FROM (SELECT strpos(lower(best.text), word) AS found
                     FROM unnest(%s::text[]) word) w WHERE found > 0),
                    0) AS first
            ) at
        """
        # A phrase as typed first: its words alone may come earlier, where the window would
        # hold no match for ts_headline to mark (and it would then read the whole passage).
        terms = query.positive_terms()
        phrases = sorted({" ".join(term.words) for term in terms if term.is_phrase})
        words = sorted({word for term in terms for word in term.words})
        before = SNIPPET_WINDOW // 4
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [query.websearch(), id_array(ids), before, SNIPPET_WINDOW, options, phrases, words],
            )
            return {row[0]: Snippet(row[1], marked_html(row[2])) for row in cursor.fetchall()}


# The newest of some bills (an index-only walk of bills by date, stopped at the limit).
NEWEST_SQL = """
    SELECT id FROM bills_bill WHERE id = ANY(%s::bigint[])
    ORDER BY latest_action_date DESC NULLS FIRST, id DESC LIMIT %s
"""
# The passage a snippet shows: known by id (from ranking), or the bill's best by rank.
SNIPPET_KNOWN = (
    "SELECT p.bill_id, p.label, p.text FROM bills_searchpassage p WHERE p.id = ANY(%s::bigint[])"
)
SNIPPET_BEST = """
    SELECT DISTINCT ON (p.bill_id) p.bill_id, p.label, p.text
    FROM bills_searchpassage p, q
    WHERE p.bill_id = ANY(%s::bigint[]) AND p.vector @@ q.query
    ORDER BY p.bill_id, ts_rank(p.vector, q.query) DESC, p.id
"""


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
