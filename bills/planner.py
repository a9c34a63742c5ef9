"""A hint to PostgreSQL's planner for queries whose right plan is known: by index.

Why: the planner prices plans from table statistics, and two of our cases
mislead it. The search passages' rows are narrow (their vectors live in the
TOAST table), so a scan looks cheap though testing ``vector @@ query`` on
each row reads and decompresses its vector (170 ms instead of 1 ms for a
rare word at 1,000 bills). And right after a large first load the bills'
statistics still say the table is nearly empty (until autovacuum analyses
it), so looking up a batch's 500 keys became a scan of every bill, batch
after batch (a re-import straight after a 50,000-bill load took 6.2 s
instead of 3.3 s).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.db import connection, transaction


@contextlib.contextmanager
def index_scans() -> Iterator[None]:
    """PostgreSQL plans the block's queries without sequential scans (elsewhere: nothing).

    JIT is off too: a plan that keeps a sequential scan (of a small table) is
    costed at 10^10 without them, far over JIT's threshold, and compiling it
    took 220 ms for a 15 ms query.
    ``SET LOCAL`` in a transaction (or savepoint) of its own; put back after.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL jit = off")
        yield
        cursor.execute("SET LOCAL enable_seqscan = DEFAULT; SET LOCAL jit = DEFAULT")
