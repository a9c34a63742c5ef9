"""Ingest speed (issue 18): search indexing leaves the ingest transaction, re-imports skip parsing.

``Bill.search_pending_since`` is set by ingest in the transaction that writes
the bill and cleared when its search passages are rewritten; the job layer
indexes after commit and a sweeper catches what a lost task left. Bills
stored before this migration were indexed by ingest itself, so none is marked.

``Bill.import_hash`` is the sha256 of the JSONL line a bill was last imported
from: a re-import of an unchanged file looks its lines' hashes up (indexed)
before parsing any of them.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("bills", "0019b_matrix_page_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="bill",
            name="import_hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="bill",
            name="search_pending_since",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="bill",
            index=models.Index(fields=["import_hash"], name="bill_import_hash_idx"),
        ),
        migrations.AddIndex(
            model_name="bill",
            index=models.Index(
                condition=models.Q(("search_pending_since__isnull", False)),
                fields=["search_pending_since"],
                name="bill_search_pending_idx",
            ),
        ),
    ]
