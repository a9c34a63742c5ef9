"""Signals the domain sends so that other layers can react without the domain importing them.

``extraction_needed`` is sent inside the ingest transaction with the ids of the
text versions it marked ``extraction_pending_since``. The job layer (``jobs``)
listens and queues the extraction once the transaction commits; the mark in
the database, not the signal, is what guarantees the work is done: whatever
is still marked is picked up by the sweeper or ``extract_obligations --pending``.

``search_index_needed`` is the same promise for full-text search: sent inside
the ingest transaction with the ids of the bills it marked
``search_pending_since``; the job layer indexes them in bulk after commit, and
the search sweeper or ``index_search --pending`` picks up what is left.
"""

from django.dispatch import Signal

extraction_needed = Signal()  # kwargs: version_ids (list[int])
search_index_needed = Signal()  # kwargs: bill_ids (list[int])
