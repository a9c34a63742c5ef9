"""``search_bills``: the one function every page, API and feed calls to search.

It returns a ``Bill`` queryset (so callers add their own filters, ordering
and pagination) annotated with ``search_rank``; ``attach_snippets`` then
fetches highlighted snippets for the page of bills actually shown, so the
cost of a search never includes headlining every match.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from functools import reduce

from django.db.models import FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL

from bills.models import Bill

from .engines import Snippet, current_engine
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
    return (
        queryset.filter(_matches(parsed, engine))
        .annotate(search_rank=RawSQL(rank_sql, rank_params, output_field=FloatField()))
        .order_by("-search_rank", "-latest_action_date", "-id")
    )


def _matches(query: Query, engine) -> Q:
    """OR of the groups; in a group, every wanted term in some passage and no unwanted one."""
    alternatives = []
    for group in query.groups:
        condition = Q()
        for term in group.include:
            condition &= Q(pk__in=RawSQL(*engine.term_sql(term)))
        for term in group.exclude:
            condition &= ~Q(pk__in=RawSQL(*engine.term_sql(term)))
        alternatives.append(condition)
    return reduce(operator.or_, alternatives)


def attach_snippets(query: str | Query, bills: Sequence[Bill]) -> Sequence[Bill]:
    """Set ``bill.snippet`` (a ``Snippet`` or None) on each of these bills; returns them."""
    parsed = parse_query(query) if isinstance(query, str) else query
    ids = [bill.pk for bill in bills]
    found: dict[int, Snippet] = current_engine().snippets(parsed, ids) if ids else {}
    for bill in bills:
        bill.snippet = found.get(bill.pk)
    return bills
