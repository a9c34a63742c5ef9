"""The data's generation: a counter in the shared cache that moves whenever the domain's data does.

Whatever is cached from the data (the API's rendered answers) is tagged with the
generation it was built under and is good only while the counter has not moved.

Every write to a table of this app moves it, whichever path wrote: the ORM, a
``bulk_create``, an ``update()``, raw SQL (ingest, extraction, review, legal
states, the admin). Listing the writers would miss the next one, so the
database connection itself watches its statements (``install``): an
``INSERT``, ``UPDATE`` or ``DELETE`` on a ``bills_`` table moves the counter
at once *and* again when its transaction commits. At once, so the writer's
own reads (and a test's, inside a transaction that never commits) see fresh
answers; at commit, because a reader elsewhere may have cached the old rows
under the new number in between. ``COPY`` does not pass through the wrapper:
``bills.bulk_rows``, which writes by COPY, reports each one (``written``).

While Redis is unreachable nothing is cached and nothing can be bumped; when it
answers again the generation moves once (``after_outage``), since writes may have
happened meanwhile.

Scrape runs' heartbeats (``bills_scraperun``) are not data anyone reads from
the API, and would otherwise empty the cache every 30 seconds during a run.
"""

from __future__ import annotations

import re

from django.core.cache import cache

KEY = "data-generation"
UNWATCHED = frozenset({"bills_scraperun"})
_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


def current() -> int:
    """The generation now (0 before anything was written, or after the cache was emptied)."""
    return cache.get(KEY) or 0


def bump() -> None:
    """Move the generation on: everything cached under an earlier one is stale."""
    try:
        cache.incr(KEY)
    except ValueError:  # no counter yet (a fresh or emptied cache): start one
        if not cache.add(KEY, 1, timeout=None):
            cache.incr(KEY)


def writes_data(sql: str) -> bool:
    """Whether a statement writes a table whose rows the API shows."""
    match = _WRITE.match(sql)
    return bool(match) and shows_data(match.group(1))


def shows_data(table: str) -> bool:
    """Whether the API shows rows of this table (writing it must move the generation)."""
    table = table.lower()
    return table.startswith("bills_") and table not in UNWATCHED


def written(connection) -> None:
    """A write the wrapper cannot see (COPY): move the generation now and at its commit."""
    bump()
    if connection.in_atomic_block:
        connection.data_written = True  # and bump again at its commit (_committing)


def _watch(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and writes_data(sql):
        written(context["connection"])
    return result


def _committing(connection, commit):
    """``connection.commit``, moving the generation once more when the transaction wrote.

    Not ``transaction.on_commit``: a callback there would be one more for every caller
    that counts the callbacks a transaction queued (the job layer's tests do).
    """

    def commit_and_bump() -> None:
        commit()
        if getattr(connection, "data_written", False):
            connection.data_written = False
            bump()

    return commit_and_bump


def after_outage(sender, **kwargs) -> None:
    """``regtracker.cache.reconnected`` receiver: writes during a Redis outage could not bump."""
    bump()


def install(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: watch this connection's statements for writes."""
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)
        connection.commit = _committing(connection, connection.commit)
