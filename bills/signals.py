"""Signals the domain sends so that other layers can react without the domain importing them.

``extraction_needed`` is sent inside the ingest transaction with the ids of the
text versions it marked ``extraction_pending_since``. The job layer (``jobs``)
listens and queues the extraction once the transaction commits; the mark in
the database, not the signal, is what guarantees the work is done: whatever
is still marked is picked up by the sweeper or ``extract_obligations --pending``.
"""

from django.dispatch import Signal

extraction_needed = Signal()  # kwargs: version_ids (list[int])
