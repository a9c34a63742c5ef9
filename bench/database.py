"""The bench's own throwaway database on the configured backend, never the real data.

Django's test-database machinery makes it: on PostgreSQL (``DATABASE_URL``)
``test_<name>``, dropped at the end; on the embedded default a separate
SQLite file ``var/bench.sqlite3``. ``--keep`` leaves it for a later run of the
query benches (``--reuse``) so a 250k-bill load is paid once.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regtracker.settings")
os.environ.setdefault("API_ANON_RATE", "1000000/minute")  # the bench is not an abuser

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402


@contextlib.contextmanager
def bench_database(keep: bool = False, reuse: bool = False, name: str = "") -> Iterator[dict]:
    """Switch the default connection to the bench database for the block; yields its settings.

    ``name``: an existing, loaded database of that name (``--db``; on SQLite a file path)
    is used as it is, and neither created nor dropped.
    """
    from django.test.utils import setup_test_environment

    setup_test_environment(debug=False)  # as in production: no query log (it kept every
    # statement of a batch, texts included, and formatted each one)
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(settings.VAR_DIR / "bench.sqlite3")
    old_name = connection.settings_dict["NAME"]
    if name:
        connection.close()
        connection.settings_dict["NAME"] = name
        keep = True
    elif reuse:
        connection.close()
        connection.settings_dict["NAME"] = connection.creation._get_test_db_name()
    else:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        yield connection.settings_dict
    finally:
        if keep:
            connection.close()
            connection.settings_dict["NAME"] = old_name
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def analyse() -> None:
    """What autovacuum does after a bulk load: planner statistics (and the visibility map)."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
