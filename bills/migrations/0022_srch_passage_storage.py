"""Search passages stored for speed at scale (issue 18): narrow rows, lz4, a details index.

Finding which bills say a common word visits one heap row per matching
passage for its ``bill_id``. With the passage's text and ``tsvector`` kept in
the row (2.4 KB on average) that was one page per passage: 3,500 pages for
"artificial intelligence" at 50,000 bills. ``toast_tuple_target = 128``
moves both out to the TOAST table whenever a row would be over 2 KB, so the
rows are ~150 bytes (the heap of 50,000 bills' passages: 814 MB → 119 MB);
the vectors are then read only to rank the few candidates shown
(``bills.search.engine``), the texts only for the snippets of one page.
Both are compressed with lz4 (faster than pglz to write and to read).

``search_passage_details_idx``: a partial GIN index over the details
passages (identifier, title, abstract, actions), the candidates that rank
first. ``bill_latest_id_idx``: the newest bills in the search's order
(latest action, then id) without a sort. Only new rows are affected by the storage settings; a server built
without lz4 keeps pglz.
"""

from django.db import migrations, models

STORAGE = (
    "ALTER TABLE bills_searchpassage ALTER COLUMN text SET COMPRESSION {compression}, "
    "ALTER COLUMN vector SET COMPRESSION {compression}, SET (toast_tuple_target = {target})"
)
DETAILS_INDEX = (
    "CREATE INDEX IF NOT EXISTS search_passage_details_idx "
    "ON bills_searchpassage USING gin (vector) WHERE kind = 'details'"
)


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' "
                       "AND 'lz4' = ANY(enumvals)")  # fmt: skip
        compression = "lz4" if cursor.fetchone() else "pglz"
        cursor.execute(STORAGE.format(compression=compression, target=128))
        cursor.execute(DETAILS_INDEX)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_passage_details_idx")
        schema_editor.execute(STORAGE.format(compression="pglz", target=2032))


class Migration(migrations.Migration):
    dependencies = [
        ("bills", "0021_pg_maintained_totals"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="bill",
            index=models.Index(fields=["latest_action_date", "id"], name="bill_latest_id_idx"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
