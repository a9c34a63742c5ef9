"""Maintained totals (``bills.totals``): their tables, and the triggers that mark what writes touch."""

from django.db import migrations, models

# What a matrix cell's total reads from an obligation: a change to any of these marks its cells.
CELL_COLUMNS = (
    "jurisdiction_id", "category", "bill_id", "is_current", "review_state", "section", "start",
    "deadline_seconds", "penalty_max_usd", "compute_threshold_flop", "revenue_threshold_usd",
    "law_from", "law_until", "in_force_from", "pending_from", "pending_until",
)  # fmt: skip
MARK = "INSERT INTO bills_matrixcellmark (jurisdiction_id, category)"
COUNT = "INSERT INTO bills_billcount (jurisdiction_id, status, legal_state, n)"
KEY = "jurisdiction_id, status, legal_state"  # what the counts are grouped by
CHANGED_PG = " OR ".join(f"o.{c} IS DISTINCT FROM n.{c}" for c in CELL_COLUMNS)
CHANGED_SQLITE = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in CELL_COLUMNS)

# PostgreSQL: statement triggers read the statement's rows as a whole (COPY included); a
# change of a bill's place, status or legal state is rare among its updates, so that one is
# a row trigger on those columns, which costs nothing to the updates that do not set them.
POSTGRESQL = f"""
CREATE FUNCTION bills_mark_cells() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {MARK} SELECT DISTINCT jurisdiction_id, category FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    {MARK} SELECT DISTINCT jurisdiction_id, category FROM old_rows;
  ELSE
    {MARK} SELECT DISTINCT c.j, c.k FROM old_rows o JOIN new_rows n ON n.id = o.id,
      LATERAL (VALUES (o.jurisdiction_id, o.category), (n.jurisdiction_id, n.category)) c(j, k)
      WHERE {CHANGED_PG};
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER bills_obligation_cells_insert AFTER INSERT ON bills_obligation
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bills_mark_cells();
CREATE TRIGGER bills_obligation_cells_update AFTER UPDATE ON bills_obligation
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bills_mark_cells();
CREATE TRIGGER bills_obligation_cells_delete AFTER DELETE ON bills_obligation
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bills_mark_cells();

CREATE FUNCTION bills_count_statuses() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {COUNT} SELECT {KEY}, COUNT(*) FROM new_rows GROUP BY {KEY};
  ELSIF TG_OP = 'DELETE' THEN
    {COUNT} SELECT {KEY}, -COUNT(*) FROM old_rows GROUP BY {KEY};
  ELSE
    {COUNT} VALUES (OLD.jurisdiction_id, OLD.status, OLD.legal_state, -1),
      (NEW.jurisdiction_id, NEW.status, NEW.legal_state, 1);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER bills_bill_count_insert AFTER INSERT ON bills_bill
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bills_count_statuses();
CREATE TRIGGER bills_bill_count_delete AFTER DELETE ON bills_bill
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bills_count_statuses();
CREATE TRIGGER bills_bill_count_update
  AFTER UPDATE OF jurisdiction_id, status, legal_state ON bills_bill FOR EACH ROW
  WHEN ((OLD.jurisdiction_id, OLD.status, OLD.legal_state)
        IS DISTINCT FROM (NEW.jurisdiction_id, NEW.status, NEW.legal_state))
  EXECUTE FUNCTION bills_count_statuses();
"""
POSTGRESQL_DROP = """
DROP TRIGGER IF EXISTS bills_obligation_cells_insert ON bills_obligation;
DROP TRIGGER IF EXISTS bills_obligation_cells_update ON bills_obligation;
DROP TRIGGER IF EXISTS bills_obligation_cells_delete ON bills_obligation;
DROP FUNCTION IF EXISTS bills_mark_cells();
DROP TRIGGER IF EXISTS bills_bill_count_insert ON bills_bill;
DROP TRIGGER IF EXISTS bills_bill_count_delete ON bills_bill;
DROP TRIGGER IF EXISTS bills_bill_count_update ON bills_bill;
DROP FUNCTION IF EXISTS bills_count_statuses();
"""

# SQLite: row triggers (the only kind); the marks and deltas are folded at commit.
SQLITE = [
    f"""CREATE TRIGGER bills_obligation_cells_insert AFTER INSERT ON bills_obligation
    BEGIN {MARK} VALUES (NEW.jurisdiction_id, NEW.category); END""",
    f"""CREATE TRIGGER bills_obligation_cells_delete AFTER DELETE ON bills_obligation
    BEGIN {MARK} VALUES (OLD.jurisdiction_id, OLD.category); END""",
    f"""CREATE TRIGGER bills_obligation_cells_update AFTER UPDATE ON bills_obligation
    WHEN {CHANGED_SQLITE}
    BEGIN {MARK} VALUES (OLD.jurisdiction_id, OLD.category), (NEW.jurisdiction_id, NEW.category);
    END""",
    f"""CREATE TRIGGER bills_bill_count_insert AFTER INSERT ON bills_bill
    BEGIN {COUNT} VALUES (NEW.jurisdiction_id, NEW.status, NEW.legal_state, 1); END""",
    f"""CREATE TRIGGER bills_bill_count_delete AFTER DELETE ON bills_bill
    BEGIN {COUNT} VALUES (OLD.jurisdiction_id, OLD.status, OLD.legal_state, -1); END""",
    f"""CREATE TRIGGER bills_bill_count_update
    AFTER UPDATE OF jurisdiction_id, status, legal_state ON bills_bill
    WHEN OLD.jurisdiction_id IS NOT NEW.jurisdiction_id OR OLD.status IS NOT NEW.status
      OR OLD.legal_state IS NOT NEW.legal_state
    BEGIN {COUNT} VALUES (OLD.jurisdiction_id, OLD.status, OLD.legal_state, -1),
      (NEW.jurisdiction_id, NEW.status, NEW.legal_state, 1); END""",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "bills_obligation_cells_insert", "bills_obligation_cells_delete",
        "bills_obligation_cells_update", "bills_bill_count_insert", "bills_bill_count_delete",
        "bills_bill_count_update",
    )
]  # fmt: skip


def install_triggers(apps, schema_editor):
    """The triggers, and the counts of the bills already stored (the cells are built
    after ``migrate`` by ``bills.totals.rebuild``, which reads the current models)."""
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": [POSTGRESQL], "sqlite": SQLITE}.get(vendor)
    if statements is None:
        raise NotImplementedError(f"maintained totals: no triggers for {vendor}")
    for statement in statements:
        schema_editor.execute(statement, params=None)
    schema_editor.execute(
        f"{COUNT} SELECT {KEY}, COUNT(*) FROM bills_bill GROUP BY {KEY}", params=None
    )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in [POSTGRESQL_DROP] if vendor == "postgresql" else SQLITE_DROP:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("bills", "0020_ing_redundant_fk_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="BillCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("jurisdiction_id", models.IntegerField()),
                ("status", models.CharField(max_length=24)),
                ("legal_state", models.CharField(max_length=24)),
                ("n", models.IntegerField()),
            ],
        ),
        migrations.CreateModel(
            name="MatrixCellMark",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("jurisdiction_id", models.IntegerField()),
                ("category", models.CharField(max_length=32)),
            ],
        ),
        migrations.CreateModel(
            name="TotalsDay",
            fields=[
                ("name", models.CharField(max_length=16, primary_key=True, serialize=False)),
                ("day", models.DateField(null=True)),
            ],
        ),
        migrations.CreateModel(
            name="MatrixCellTotal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("jurisdiction_id", models.IntegerField()),
                ("category", models.CharField(max_length=32)),
                ("layer", models.CharField(max_length=8)),
                ("obligation_count", models.IntegerField()),
                ("bill_count", models.IntegerField()),
                ("deadline_seconds", models.BigIntegerField(null=True)),
                ("penalty_max_usd", models.BigIntegerField(null=True)),
                ("compute_threshold_flop", models.FloatField(null=True)),
                ("revenue_threshold_usd", models.BigIntegerField(null=True)),
                ("deadline_obligation_id", models.BigIntegerField(null=True)),
                ("deadline_bill_id", models.BigIntegerField(null=True)),
                ("deadline_section", models.CharField(blank=True, max_length=80)),
                ("deadline_from", models.DateField(null=True)),
                ("penalty_obligation_id", models.BigIntegerField(null=True)),
                ("penalty_bill_id", models.BigIntegerField(null=True)),
                ("penalty_section", models.CharField(blank=True, max_length=80)),
                ("penalty_from", models.DateField(null=True)),
                ("compute_obligation_id", models.BigIntegerField(null=True)),
                ("compute_bill_id", models.BigIntegerField(null=True)),
                ("compute_section", models.CharField(blank=True, max_length=80)),
                ("compute_from", models.DateField(null=True)),
                ("revenue_obligation_id", models.BigIntegerField(null=True)),
                ("revenue_bill_id", models.BigIntegerField(null=True)),
                ("revenue_section", models.CharField(blank=True, max_length=80)),
                ("revenue_from", models.DateField(null=True)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("jurisdiction_id", "category", "layer"),
                        name="matrix_cell_total_key",
                    )
                ],
            },
        ),
        migrations.RunPython(install_triggers, drop_triggers),
    ]
