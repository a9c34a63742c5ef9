"""``search_bills``: the one function every page, API and feed calls to search.

It returns a ``Bill`` queryset (so callers add their own filters, ordering
and pagination) annotated with ``search_rank``; ``attach_snippets`` then
fetches highlighted snippets for the page of bills actually shown, so the
cost of a search never includes headlining every match.

Paging through relevance order stays bounded on PostgreSQL
(``SearchResults``): ranking means reading each match's ``tsvector``, and a
common word matches most of 250,000 bills. So a page is taken from a bounded
candidate set, ranked exactly: the ``CANDIDATES`` most recent matching bills
(found by walking the bills by date and testing each, which stops early when
matches are many, or from the index when they are few) and as many whose
details (identifier, title, abstract, actions: weight A, which outranks any
number of mentions in the text) match. When the matches are fewer than
``CANDIDATES`` the candidates are all of them and the order is exact; when
they are more, the ranked candidates come first and the other matches
follow, newest first, and ``count()`` is PostgreSQL's estimate once that is
over ``EXACT_COUNT`` (an exact count would visit every match). Iterating the
whole queryset (no slice) orders every match by rank, as before.

When the matches are few (``few``), their ids come from ``matching_bills``:
the query's words answered at bill level by one scan of the ``SearchTerms``
GIN index, phrases then checked on the passages of the bills left. The count
is then exact (the number of ids, or one count when the caller filtered),
and the newest candidates and the newest with matching details are read
from the index of bills by date: no row of the other matches is read
(at 250,000 bills: 24-46 ms for 2,000-5,000 matches, where fetching every
match with its terms evaluated twice took 140-250 ms).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence

from django.db import connection
from django.db.models import BooleanField, F, FloatField, QuerySet, Value
from django.db.models.expressions import Expression, RawSQL
from django.db.models.query import ModelIterable

from bills.models import Bill

from .engines import Snippet, current_engine, id_array, index_scans
from .query import Query, parse_query


def search_bills(query: str | Query, queryset: QuerySet | None = None) -> QuerySet:
    """Bills matching the query (websearch syntax), best first, with ``search_rank``.

    Raises ``SearchQueryError`` (a ValueError with a message for the user)
    on a query that cannot run; callers answer it with a 400.
    """
    parsed = parse_query(query) if isinstance(query, str) else query
    engine = current_engine()
    queryset = Bill.objects.all() if queryset is None else queryset
    rank_sql, rank_params = engine.rank_sql(parsed)
    found = (
        queryset.filter(SearchMatch(parsed, engine))
        .annotate(search_rank=RawSQL(rank_sql, rank_params, output_field=FloatField()))
        .order_by("-search_rank", "-latest_action_date", "-id")
    )
    if not hasattr(engine, "best_passages"):
        return found
    results = found._chain()
    results.__class__ = SearchResults
    results._search = (parsed, engine)
    results._ranked = None
    return results


CANDIDATES = 100
EXACT_COUNT = 5000  # counted exactly when estimated at most this many (else the estimate)
NEWEST = (F("latest_action_date").desc(), "-id")  # the order of the matches after the ranked ones


class SearchResults(QuerySet):
    """Bills matching a search in relevance order, paged from a bounded candidate set.

    A ``QuerySet`` (filter it, order it, take values from it as any other);
    only slicing and ``count()`` while it is in relevance order take the
    bounded path. Its candidates are computed from the queryset as sliced or
    counted, after every filter added to it, and kept for the next slice.
    """

    _search = None
    _ranked = None
    _estimated = False
    _estimate = 0
    _ranks: dict[int, float] | None = None  # the candidates' ranks, set by _rank
    _passages: dict[int, int] | None = None  # and their best passages' ids
    _matching: QuerySet | None = None  # few matches: the bills known to match, by id
    _count: int | None = None  # and how many they are

    def _clone(self):
        clone = super()._clone()
        clone._search = self._search
        return clone

    def order_by(self, *fields):
        clone = super().order_by(*fields)
        clone._search = None  # another order: the plain queryset's
        return clone

    def _bounded(self) -> bool:
        return (
            self._search is not None
            and self._result_cache is None
            and self._iterable_class is ModelIterable
            and not self.query.is_sliced
        )

    def count(self) -> int:
        if not self._bounded():
            return super().count()
        ordered, complete = self._candidates()
        if complete:
            return len(ordered)
        if self._count is not None:
            return self._count
        if self._estimate <= EXACT_COUNT:
            with index_scans():
                return super().count()
        self._estimated = True
        return max(self._estimate, len(ordered))

    def count_is_exact(self) -> bool:
        """False once ``count()`` has answered with PostgreSQL's estimate."""
        return not self._estimated

    def __getitem__(self, k):
        if not isinstance(k, slice) or k.step or k.stop is None or not self._bounded():
            return super().__getitem__(k)
        start, stop = k.start or 0, k.stop
        ordered, complete = self._candidates()
        page = self._rows(ordered[start:stop])
        if complete or stop <= len(ordered):
            return page
        matching = self._matching if self._matching is not None else self._plain()
        rest = matching.exclude(pk__in=ordered).order_by(*NEWEST)
        with index_scans():
            return page + list(rest[max(0, start - len(ordered)) : stop - len(ordered)])

    def _plain(self) -> QuerySet:
        clone = self._chain()
        clone.__class__ = QuerySet
        return clone

    def _unsearched(self) -> QuerySet:
        """This queryset (a plain one, unordered) without the search's match condition, for
        reading bills already known to match: the condition re-evaluates every term.
        When it is not a top-level condition (the queryset was OR-combined), it stays."""
        clone = self._plain().order_by()
        where = clone.query.where
        if where.connector == "AND" and not where.negated:
            where.children = [child for child in where.children if not _is_match(child)]
        return clone

    def _rows(self, ids: list[int]) -> list[Bill]:
        """These matching bills, in this order, with ``search_rank`` set from the ranks already
        computed (the annotation's correlated subquery would read each bill's vectors again)."""
        if not ids:
            return []
        unranked = self._unsearched()
        unranked.query.annotations["search_rank"] = Value(0.0, output_field=FloatField())
        rows = {bill.pk: bill for bill in unranked.filter(pk__in=ids)}
        parsed, engine = self._search
        missing = [pk for pk in ids if pk in rows and pk not in self._ranks]
        if missing:
            for pk, (rank, passage) in engine.best_passages(parsed, missing).items():
                self._ranks[pk], self._passages[pk] = rank, passage
        for pk, bill in rows.items():
            bill.search_rank = self._ranks.get(pk, 0.0)
            bill.search_passage = self._passages.get(pk)  # attach_snippets shows it
        return [rows[pk] for pk in ids if pk in rows]

    def _candidates(self) -> tuple[list[int], bool]:
        """Bill ids, best first, and whether they are all the matches (else the ranked
        candidates only, the other matches following newest first)."""
        if self._ranked is None:
            with index_scans():
                self._ranked = self._rank()
        return self._ranked

    def _rank(self) -> tuple[list[int], bool]:
        """The ranked ids and whether they are all the matches (see ``_candidates``)."""
        parsed, engine = self._search
        matches = self._plain().order_by()
        self._estimate = _estimated_rows(matches)
        if few(self._estimate, engine.bills_estimate()):
            # Few: every match's id, each term evaluated once (engine.matching_bills); then
            # the newest of them, and the newest whose details match, from the index of
            # bills by date (no row of the other matches is read).
            ids = sorted(engine.matching_bills(parsed))
            base = self._unsearched()
            self._matching = base.filter(
                RawSQL(
                    "bills_bill.id = ANY(%s::bigint[])",
                    [id_array(ids)],
                    output_field=BooleanField(),
                )
            )
            filtered = bool(base.query.where.children)
            self._count = self._matching.count() if filtered and ids else len(ids)
            newest = self._matching.order_by(*NEWEST).values_list("pk", "latest_action_date")
            found = dict(newest[:CANDIDATES]) if ids else {}
            recent = list(found)
            titled = engine.details_among(parsed, ids, limit=CANDIDATES) if ids else []
            if titled:
                found.update(base.filter(pk__in=titled).values_list("pk", "latest_action_date"))
            titled = [pk for pk in titled if pk in found]
            complete = self._count <= len(found)
        else:
            # Many: walk the bills newest first, testing each; stops at CANDIDATES.
            found = dict(
                matches.order_by(*NEWEST).values_list("pk", "latest_action_date")[:CANDIDATES]
            )
            complete = len(found) < CANDIDATES
            recent = list(found)
            titled = []
            if not complete:
                titled = engine.details_matches(parsed, CANDIDATES)
                titled = [pk for pk in titled if pk not in found]
                if titled:
                    found.update(
                        matches.filter(pk__in=titled).values_list("pk", "latest_action_date")
                    )
        candidates = list(dict.fromkeys(recent + [pk for pk in titled if pk in found]))
        best = engine.best_passages(parsed, candidates) if candidates else {}
        ranks = {pk: rank for pk, (rank, _) in best.items()}
        self._ranks = dict(ranks)
        self._passages = {pk: passage for pk, (_, passage) in best.items()}

        def order(pk: int) -> tuple:
            return (-ranks.get(pk, 0.0), *_newest(pk, found[pk]))

        ranked = sorted(candidates, key=order)
        if complete:
            shown = set(ranked)
            rest = sorted(
                (pk for pk in found if pk not in shown), key=lambda pk: _newest(pk, found[pk])
            )
            ranked += rest
        return ranked, complete


def few(matches: float, bills: float) -> bool:
    """Whether fetching every match beats walking the bills newest first: walking tests about
    CANDIDATES * bills / matches bills, fetching reads ``matches``; equal at the square root
    if a test cost what a fetched row does, but a test reads the bill's vectors (from the
    TOAST table, often from disk): at 250,000 bills a word in 1.3% of them took 0.6-0.9 s
    walked and 0.13 s fetched (24 ms since the few path reads ids only). So matches up to
    a twentieth of the bills are fetched."""
    return matches <= max(math.sqrt(CANDIDATES * max(bills, 1)), bills / 20)


def _newest(pk: int, day) -> tuple:
    """Sort key of ``NEWEST`` (latest action descending, nulls first as PostgreSQL, then id)."""
    return (day is not None, -(day.toordinal() if day else 0), -pk)


def _estimated_rows(queryset: QuerySet) -> int:
    """PostgreSQL's estimate of the rows of this queryset (the planner's, no rows read)."""
    sql, params = queryset.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


class SearchMatch(Expression):
    """The query's match condition on ``bills_bill``: one node of the WHERE, so that
    ``SearchResults`` can take it out again (``_unsearched``) once it knows the matching ids.

    OR of the groups; in a group, every wanted term in some passage and no unwanted one.
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, query: Query, engine) -> None:
        super().__init__()
        self.search, self.engine = query, engine

    def as_sql(self, compiler, connection):
        bill_id = f"{compiler.quote_name_unless_alias(compiler.query.base_table)}.id"
        alternatives, params = [], []
        for group in self.search.groups:
            parts = []
            for term, wanted in [(t, True) for t in group.include] + [
                (t, False) for t in group.exclude
            ]:
                sql, term_params = self.engine.term_sql(term)
                parts.append(f"{'' if wanted else 'NOT '}{bill_id} IN ({sql})")
                params += term_params
            alternatives.append("(" + " AND ".join(parts) + ")")
        return "(" + " OR ".join(alternatives) + ")", params

    def __eq__(self, other) -> bool:
        return isinstance(other, SearchMatch) and other.search is self.search

    def __hash__(self) -> int:
        return id(self.search)


def _is_match(node) -> bool:
    """Whether a WHERE child is the ``SearchMatch`` that ``search_bills`` added."""
    return isinstance(node, SearchMatch) or isinstance(getattr(node, "lhs", None), SearchMatch)


def attach_snippets(query: str | Query, bills: Sequence[Bill]) -> Sequence[Bill]:
    """Set ``bill.snippet`` (a ``Snippet`` or None) on each of these bills; returns them.

    A bill from a page of ``SearchResults`` carries its best passage (``search_passage``,
    found while ranking), which is then headlined without being looked for again."""
    parsed = parse_query(query) if isinstance(query, str) else query
    ids = [bill.pk for bill in bills]
    engine = current_engine()
    found: dict[int, Snippet] = {}
    if ids:
        known = {bill.pk: bill.search_passage for bill in bills
                 if getattr(bill, "search_passage", None) is not None}  # fmt: skip
        found = engine.snippets(parsed, ids, known) if known else engine.snippets(parsed, ids)
    for bill in bills:
        bill.snippet = found.get(bill.pk)
    return bills
