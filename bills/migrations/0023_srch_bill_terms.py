"""Each bill's words once, under a GIN index (``SearchTerms``): bill-level AND / NOT in one
index scan for the few-matches search path (issue 18: search p95 at 250,000 bills).

On PostgreSQL: narrow rows (the stripped vector goes to the TOAST table, lz4 where the
server has it), the GIN index, and the rows of every bill already indexed, computed
from its passages' vectors in batches of ``BACKFILL`` bills (about 30 s per 50,000
bills on 2 cores). On SQLite the table stays empty: FTS5 answers there.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

BACKFILL = 5000
STORAGE = (
    "ALTER TABLE bills_searchterms ALTER COLUMN terms SET COMPRESSION {compression}, "
    "SET (toast_tuple_target = 128)"
)
INDEX = "CREATE INDEX IF NOT EXISTS search_terms_idx ON bills_searchterms USING gin (terms)"
# The same statement as bills.search.indexing.TERMS_SQL, for a range of bills.
FILL = """
INSERT INTO bills_searchterms (bill_id, terms)
SELECT p.bill_id, array_to_tsvector(array_agg(DISTINCT lexeme))
FROM bills_searchpassage p, unnest(tsvector_to_array(p.vector)) AS lexeme
WHERE p.bill_id >= %s AND p.bill_id < %s AND p.vector IS NOT NULL
GROUP BY p.bill_id
ON CONFLICT (bill_id) DO UPDATE SET terms = EXCLUDED.terms
"""


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' "
                       "AND 'lz4' = ANY(enumvals)")  # fmt: skip
        cursor.execute(STORAGE.format(compression="lz4" if cursor.fetchone() else "pglz"))
        cursor.execute(INDEX)
        cursor.execute("SELECT min(bill_id), max(bill_id) FROM bills_searchpassage")
        low, high = cursor.fetchone()
        if low is None:
            return
        for start in range(low, high + 1, BACKFILL):
            cursor.execute(FILL, [start, start + BACKFILL])
        cursor.execute("ANALYZE bills_searchterms")


class Migration(migrations.Migration):
    dependencies = [
        ("bills", "0022_srch_passage_storage"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchTerms",
            fields=[
                (
                    "bill",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_terms",
                        serialize=False,
                        to="bills.bill",
                    ),
                ),
                ("terms", django.contrib.postgres.search.SearchVectorField()),
            ],
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
