"""Drop three foreign-key indexes that other indexes already cover (issue 18, ingest speed).

A first load writes ~20 actions, 1-3 versions and a bill per record, and every
index of a table is written with each row. These three duplicate the leading
column of an index the table has anyway, which serves the same lookups (by
bill, by jurisdiction, and ON DELETE CASCADE):
- ``bills_billaction(bill_id)``: ``unique_action_order (bill_id, order)``;
- ``bills_billversion(bill_id)``: ``unique_version_label (bill_id, label)``;
- ``bills_bill(jurisdiction_id)``: ``unique_bill_key (jurisdiction_id, session_id,
  identifier)`` and ``bill_place_latest_idx (jurisdiction_id, ...)``.

Only the indexes are dropped (the foreign keys stay as they are, so a large
table is not re-validated); the names are Django's, the same on every backend.
"""

import django.db.models.deletion
from django.db import migrations, models

INDEXES = [
    ("bills_bill_jurisdiction_id_6496a437", "bills_bill", "jurisdiction_id"),
    ("bills_billaction_bill_id_9e3fdfb3", "bills_billaction", "bill_id"),
    ("bills_billversion_bill_id_5ebb4e61", "bills_billversion", "bill_id"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("bills", "0018a_search_pending_and_import_hash"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{name}"',
                    reverse_sql=f'CREATE INDEX "{name}" ON "{table}" ("{column}")',
                )
                for name, table, column in INDEXES
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="bill",
                    name="jurisdiction",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="bills",
                        to="bills.jurisdiction",
                    ),
                ),
                migrations.AlterField(
                    model_name="billaction",
                    name="bill",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="actions",
                        to="bills.bill",
                    ),
                ),
                migrations.AlterField(
                    model_name="billversion",
                    name="bill",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="versions",
                        to="bills.bill",
                    ),
                ),
            ],
        ),
    ]
