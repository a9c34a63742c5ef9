"""Maintained totals: the matrix's cells as of a day, and the bills counted by place,
status and legal state.

Both are kept by the database and the commit, never by the writers
(``bills.totals`` says how): triggers on ``bills_obligation`` mark the cells a
write touched (``MatrixCellMark``) and triggers on ``bills_bill`` append the
counts' changes (``BillCount`` rows are deltas, summed on read);
before a transaction that wrote either table commits, the marked cells are
recomputed and the deltas folded, in that transaction. A cell still marked
(a write outside a transaction, or inside a test's that never commits) is
computed from the obligations on read, so the answers never depend on it.
"""

from __future__ import annotations

from django.db import models


class MatrixCellTotal(models.Model):
    """One matrix cell (jurisdiction × category) of one layer, as of ``TotalsDay.day``.

    The default matrix's answer for the cell: the law (``layer="law"``) or the
    pending bills' duties (``"pending"``), every shown obligation counted.
    Each strictest value's source (the law layer): the obligation, its bill, its
    section and the day it takes effect (``<value>_obligation_id`` …), typed
    columns rather than JSON, whose decoding cost more than the rest of the read.
    """

    jurisdiction_id = models.IntegerField()
    category = models.CharField(max_length=32)
    layer = models.CharField(max_length=8)
    obligation_count = models.IntegerField()
    bill_count = models.IntegerField()
    deadline_seconds = models.BigIntegerField(null=True)
    penalty_max_usd = models.BigIntegerField(null=True)
    compute_threshold_flop = models.FloatField(null=True)
    revenue_threshold_usd = models.BigIntegerField(null=True)
    deadline_obligation_id = models.BigIntegerField(null=True)
    deadline_bill_id = models.BigIntegerField(null=True)
    deadline_section = models.CharField(max_length=80, blank=True)
    deadline_from = models.DateField(null=True)
    penalty_obligation_id = models.BigIntegerField(null=True)
    penalty_bill_id = models.BigIntegerField(null=True)
    penalty_section = models.CharField(max_length=80, blank=True)
    penalty_from = models.DateField(null=True)
    compute_obligation_id = models.BigIntegerField(null=True)
    compute_bill_id = models.BigIntegerField(null=True)
    compute_section = models.CharField(max_length=80, blank=True)
    compute_from = models.DateField(null=True)
    revenue_obligation_id = models.BigIntegerField(null=True)
    revenue_bill_id = models.BigIntegerField(null=True)
    revenue_section = models.CharField(max_length=80, blank=True)
    revenue_from = models.DateField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction_id", "category", "layer"], name="matrix_cell_total_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction_id}/{self.category}/{self.layer}"


class MatrixCellMark(models.Model):
    """A cell a write touched since its total was last computed (written by triggers)."""

    jurisdiction_id = models.IntegerField()
    category = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"{self.jurisdiction_id}/{self.category}"


class TotalsDay(models.Model):
    """The day the cell totals are computed for (one row; none: not built yet)."""

    name = models.CharField(max_length=16, primary_key=True)
    day = models.DateField(null=True)

    def __str__(self) -> str:
        return f"{self.name}: {self.day}"


class BillCount(models.Model):
    """A change of the number of bills of a place with a status and a legal state (written by
    triggers; summed on read): the home page's counts by status, the map's and a state's page's
    bills and laws per place."""

    jurisdiction_id = models.IntegerField()
    status = models.CharField(max_length=24)
    legal_state = models.CharField(max_length=24)
    n = models.IntegerField()

    def __str__(self) -> str:
        return f"{self.jurisdiction_id}/{self.status}/{self.legal_state} {self.n:+d}"
