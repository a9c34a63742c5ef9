"""Ingest speed (issue 18): an index for links waiting for a bill, and lz4 for stored texts.

Ingest looks up, for each new bill, the related-bill links that named it
before it existed; without an index that was a sequential scan per bill.

Bill texts (5-60 KB each, ~40 MB per 1,000 bills) are compressed by
PostgreSQL as they are stored; lz4 does that about 2.5x faster than the
default pglz at the same size on bill text, and decompresses faster for
pages. Only new values are affected; a server built without lz4 keeps pglz.
"""

from django.db import migrations, models

LZ4 = "ALTER TABLE bills_billversion ALTER COLUMN text SET COMPRESSION {}"


def texts_in_lz4(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' "
                       "AND 'lz4' = ANY(enumvals)")  # fmt: skip
        if cursor.fetchone():
            cursor.execute(LZ4.format("lz4"))


def texts_in_pglz(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(LZ4.format("pglz"))


class Migration(migrations.Migration):
    dependencies = [
        ("bills", "0014_sized_columns_and_run_files"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="relatedbill",
            index=models.Index(
                condition=models.Q(("related__isnull", True)),
                fields=["jurisdiction_code", "session_identifier", "identifier"],
                name="related_waiting_idx",
            ),
        ),
        migrations.RunPython(texts_in_lz4, texts_in_pglz),
    ]
