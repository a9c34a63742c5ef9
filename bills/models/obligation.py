"""Obligations extracted from a bill version, cited to the exact span that states them.

Typed attributes live in ``attributes`` (JSON, the taxonomy's names); the
ones the matrix and applicability filter or sort on are copied to columns so
those queries use indexes instead of JSON lookups.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from bills.vocabulary.taxonomy import actor_choices, category_choices

from .bill import Bill, BillVersion
from .jurisdiction import Jurisdiction
from .legal import LegalStateFields

REVIEW_STATES = [
    ("extracted", "Extracted, not reviewed"),
    ("confirmed", "Confirmed by an editor"),
    ("corrected", "Corrected by an editor"),
    ("rejected", "Rejected by an editor"),
]


# The matrix cell's columns, in the order its covering indexes keep them.
CELL_INDEX_FIELDS = (
    "jurisdiction",
    "category",
    "bill",
    "is_current",
    "review_state",
    "actor",
    "deadline_seconds",
    "penalty_max_usd",
    "compute_threshold_flop",
    "revenue_threshold_usd",
    "law_from",
    "law_until",
    "in_force_from",
)


class ObligationQuerySet(models.QuerySet):
    def shown(self) -> ObligationQuerySet:
        """What the matrix may show: not rejected by an editor."""
        return self.filter(is_current=True).exclude(review_state="rejected")


class Obligation(LegalStateFields):
    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="obligations")
    version = models.ForeignKey(BillVersion, on_delete=models.CASCADE, related_name="obligations")
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="obligations"
    )  # denormalised for the matrix; follows the bill
    category = models.CharField(max_length=32, choices=category_choices())
    actor = models.CharField(max_length=32, choices=actor_choices())
    actor_text = models.CharField(max_length=200, blank=True)
    section = models.CharField(max_length=80, blank=True)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    attributes = models.JSONField(default=dict, blank=True)
    confidence = models.FloatField(default=0.5)
    # Why this was extracted: the rule that fired, the words that triggered it
    # (offsets into the version's text) and why its section counts as AI law.
    rule_id = models.CharField(max_length=64, blank=True)
    trigger_start = models.PositiveIntegerField(null=True, blank=True)
    trigger_end = models.PositiveIntegerField(null=True, blank=True)
    relevance = models.CharField(max_length=200, blank=True)
    needs_review = models.BooleanField(
        default=False, help_text="Confidence under the calibrated threshold: an editor should look"
    )
    fingerprint = models.CharField(
        max_length=64, help_text="Stable identity across re-extraction (category+section+text)"
    )
    # Columns copied from attributes for fast filtering and "strictest value" queries.
    deadline_seconds = models.BigIntegerField(null=True, blank=True)
    penalty_max_usd = models.BigIntegerField(null=True, blank=True)
    compute_threshold_flop = models.FloatField(null=True, blank=True)
    revenue_threshold_usd = models.BigIntegerField(null=True, blank=True)
    is_current = models.BooleanField(
        default=True, help_text="From the bill's latest extracted version (what the matrix shows)"
    )
    review_state = models.CharField(max_length=12, choices=REVIEW_STATES, default="extracted")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,  # the review stands if the editor's account goes
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ObligationQuerySet.as_manager()

    class Meta:
        ordering = ["bill", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "fingerprint"], name="unique_obligation_per_version"
            )
        ]
        indexes = [
            models.Index(fields=["category", "actor"], name="obligation_cat_actor_idx"),
            models.Index(fields=["reviewed_at"], name="obligation_reviewed_idx"),
            models.Index(
                fields=["needs_review", "review_state", "confidence"],
                name="obligation_review_queue_idx",
            ),
            models.Index(fields=["is_current", "jurisdiction"], name="obligation_current_idx"),
            # Covers the matrix's grouped query, so it never touches the table;
            # the law/pending date ranges answer "as of a date" from the index too.
            models.Index(
                fields=[*CELL_INDEX_FIELDS, "pending_from", "pending_until"],
                name="obligation_cell_law_idx",
            ),
            # The same for the rows that ever count as law, the matrix's default (law only):
            # its scan is as long as the law, not as the pending bills' duties.
            models.Index(
                fields=list(CELL_INDEX_FIELDS),
                name="obligation_law_cell_idx",
                condition=models.Q(law_from__isnull=False),
                # PostgreSQL: what naming a cell's strictest values reads, so that too is
                # an index-only scan (ignored on SQLite).
                include=["id", "start", "section", "pending_from", "pending_until"],
            ),
            # Upcoming changes: duties taking effect or ending after a date, soonest first
            # (ties by id), so the first few hundred are read in order, never sorted.
            models.Index(
                fields=["in_force_from", "id"],
                name="obligation_in_force_from_idx",
                condition=models.Q(in_force_from__isnull=False),
            ),
            models.Index(
                fields=["law_until", "id"],
                name="obligation_law_until_idx",
                condition=models.Q(law_until__isnull=False),
            ),
            # The obligations API's order over what is shown: its first page is the index's start.
            models.Index(
                fields=["id"],
                name="obligation_shown_idx",
                condition=models.Q(is_current=True) & ~models.Q(review_state="rejected"),
            ),
            models.Index(fields=["legal_state"], name="obligation_legal_state_idx"),
            models.Index(fields=["legal_state_until"], name="obligation_legal_until_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.category}/{self.actor} {self.section}"

    @property
    def reviewed(self) -> bool:
        return self.review_state != "extracted"

    @property
    def trigger(self) -> str:
        """The words that made the rule fire (empty for rows stored before rule ids)."""
        if self.trigger_start is None or self.trigger_end is None:
            return ""
        return self.text[self.trigger_start - self.start : self.trigger_end - self.start]
