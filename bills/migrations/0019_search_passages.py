"""Full-text search: bill passages, a GIN index on PostgreSQL or an FTS5 table on SQLite.

The index kind depends on the database, so the SQL runs in ``RunPython``
steps that ask the connection which vendor it is. Existing bills are
indexed here (in batches) so an upgraded install searches at once.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

FTS = "bills_searchpassage_fts"

SQLITE_CREATE = [
    f"""CREATE VIRTUAL TABLE {FTS} USING fts5(
        details, body, tokenize = 'porter unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER bills_searchpassage_fts_insert AFTER INSERT ON bills_searchpassage BEGIN
        INSERT INTO {FTS}(rowid, details, body) VALUES (new.id,
            CASE WHEN new.kind = 'details' THEN new.text ELSE '' END,
            CASE WHEN new.kind = 'details' THEN '' ELSE new.text END);
    END""",
    f"""CREATE TRIGGER bills_searchpassage_fts_delete AFTER DELETE ON bills_searchpassage BEGIN
        DELETE FROM {FTS} WHERE rowid = old.id;
    END""",
    f"""CREATE TRIGGER bills_searchpassage_fts_update AFTER UPDATE OF text, kind
        ON bills_searchpassage BEGIN
        DELETE FROM {FTS} WHERE rowid = old.id;
        INSERT INTO {FTS}(rowid, details, body) VALUES (new.id,
            CASE WHEN new.kind = 'details' THEN new.text ELSE '' END,
            CASE WHEN new.kind = 'details' THEN '' ELSE new.text END);
    END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS bills_searchpassage_fts_update",
    "DROP TRIGGER IF EXISTS bills_searchpassage_fts_delete",
    "DROP TRIGGER IF EXISTS bills_searchpassage_fts_insert",
    f"DROP TABLE IF EXISTS {FTS}",
]
POSTGRES_CREATE = [
    "CREATE INDEX search_passage_vector_idx ON bills_searchpassage USING gin (vector)",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS search_passage_vector_idx"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def index_existing_bills(apps, schema_editor):
    """Every stored bill's passages, as ``bills.search.indexing`` would write them."""
    from bills.search.indexing import VECTOR_SQL
    from bills.search.passages import DETAILS, bill_passages, details_text

    bill_model = apps.get_model("bills", "Bill")
    passage_model = apps.get_model("bills", "SearchPassage")
    ids = list(bill_model.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), 200):
        batch = bill_model.objects.filter(pk__in=ids[start : start + 200])
        rows = []
        for bill in batch.prefetch_related("actions", "versions"):
            actions = [a.text for a in sorted(bill.actions.all(), key=lambda a: a.order)]
            versions = [(v.label, v.text) for v in sorted(bill.versions.all(), key=_version_key)]
            details = details_text(
                bill.identifier, bill.title, bill.popular_name, bill.abstract,
                bill.subjects or [], actions,
            )  # fmt: skip
            rows += [
                passage_model(bill=bill, kind=p.kind, label=p.label, digest=p.digest, text=p.text)
                for p in bill_passages(details, versions)
            ]
        created = passage_model.objects.bulk_create(rows)
        if created and schema_editor.connection.vendor == "postgresql":
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(VECTOR_SQL, [DETAILS, [p.pk for p in created]])


def _version_key(version):
    return (version.order, version.pk)


class Migration(migrations.Migration):
    dependencies = [
        ("bills", "0015_run_heartbeat"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchPassage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=8)),
                ("label", models.CharField(blank=True, max_length=120)),
                ("digest", models.CharField(max_length=64)),
                ("text", models.TextField()),
                (
                    "vector",
                    django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
                ),
                (
                    "bill",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="search_passages",
                        to="bills.bill",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("bill", "digest"), name="unique_search_passage")
                ],
            },
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
        migrations.RunPython(index_existing_bills, migrations.RunPython.noop),
    ]
