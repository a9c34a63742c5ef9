"""A bulk import as the job layer runs it: load the file, then index what it loaded for search.

During the load, ingest marks every bill it writes for the search index but
nothing is queued (``search_indexing_deferred``); the marked bills are then
indexed in one pass, in bulk, before this returns, so search sees the import
as soon as the command is done. If that pass cannot run (the database went
away), the marks stay for the sweeper and ``index_search --pending``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.db import DatabaseError

from bills.importing import import_jsonl_path
from bills.models import ScrapeRun
from bills.search import index_pending

from .queueing import search_indexing_deferred

logger = logging.getLogger(__name__)


def import_and_index(
    path: str | Path, source: str = "import", workers: int = 0
) -> tuple[ScrapeRun, int | None]:
    """The run, and how many bills were indexed for search (None when indexing failed).

    ``workers``: processes parsing the file's lines while this one writes (``ingest_many``).
    """
    with search_indexing_deferred():
        run = import_jsonl_path(path, source=source, workers=workers)
    try:
        return run, index_pending()
    except DatabaseError:
        logger.exception("search indexing after run %s failed; the sweeper will do it", run.pk)
        return run, None
