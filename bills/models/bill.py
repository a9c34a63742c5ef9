"""Bills (and executive orders, policy documents, regulations) with their history and texts.

Modelled on Open States' Bill/BillAction/BillVersion/BillSponsorship/
RelatedBill, with LegiScan's idea of hashes: ``record_hash`` lets re-ingest
of an unchanged record skip all work, ``BillVersion.sha256`` detects a new text.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from scrapers.records import FIELD_LENGTHS
from vocabulary.kinds import BILL_KINDS, RELATION_KINDS, SPONSOR_KINDS
from vocabulary.statuses import ENACTED_STATUSES, PENDING_STATUSES, STATUSES

from .jurisdiction import Jurisdiction, LegislativeSession
from .legal import LegalStateFields


class BillQuerySet(models.QuerySet):
    def enacted(self) -> BillQuerySet:
        return self.filter(status__in=ENACTED_STATUSES)

    def pending(self) -> BillQuerySet:
        return self.filter(status__in=PENDING_STATUSES)

    def ai_relevant(self) -> BillQuerySet:
        return self.exclude(ai_relevant=False)


class Bill(LegalStateFields):
    # No index of its own: unique_bill_key and bill_place_latest_idx both lead with it
    # (one index fewer to write per bill on a first load).
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="bills", db_index=False
    )  # bills are never orphaned by an edit to the jurisdiction table
    session = models.ForeignKey(
        LegislativeSession, on_delete=models.PROTECT, related_name="bills"
    )  # a session outlives edits
    identifier = models.CharField(
        max_length=FIELD_LENGTHS["identifier"], help_text="Normalised: S 6953, HR 21, EO 14179"
    )
    title = models.TextField()
    popular_name = models.CharField(max_length=FIELD_LENGTHS["popular_name"], blank=True)
    abstract = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=list(BILL_KINDS.items()), default="bill")
    status = models.CharField(max_length=24, choices=list(STATUSES.items()), default="introduced")
    status_date = models.DateField(null=True, blank=True)
    chapter = models.CharField(
        max_length=FIELD_LENGTHS["chapter"], blank=True, help_text="Chapter 699 of 2025"
    )
    effective_date = models.DateField(null=True, blank=True)
    subjects = models.JSONField(default=list, blank=True)
    first_action_date = models.DateField(null=True, blank=True)
    latest_action_date = models.DateField(null=True, blank=True)
    source_urls = models.JSONField(default=list, blank=True)
    source_ids = models.JSONField(default=dict, blank=True)
    ai_relevant = models.BooleanField(null=True, blank=True)
    ai_relevance_reason = models.TextField(blank=True)
    record_hash = models.CharField(max_length=64, blank=True, editable=False)
    # sha256 of the JSONL line this bill was last imported from (``bills.ingest.line_hash``),
    # "" when another kind of record wrote it last: a re-import of the same line is found
    # unchanged before the line is even parsed into a record.
    import_hash = models.CharField(max_length=64, blank=True, editable=False)
    # Set by ingest in the transaction that writes the bill, cleared when its search
    # passages are rewritten (``bills.search.index_pending``): a bill whose queued indexing
    # was lost stays visible to the sweeper.
    search_pending_since = models.DateTimeField(null=True, blank=True, editable=False)
    # Set by an editor: a court order suspends the law (it stops counting until cleared).
    enjoined_on = models.DateField(null=True, blank=True, help_text="Date of the court order")
    enjoined_order = models.CharField(
        max_length=300,
        blank=True,
        help_text="The court order, cited: X.AI LLC v. Weiser (D. Colo.)",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BillQuerySet.as_manager()

    class Meta:
        ordering = ["jurisdiction__code", "session__identifier", "identifier"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "session", "identifier"], name="unique_bill_key"
            )
        ]
        indexes = [
            models.Index(fields=["status", "status_date"], name="bill_status_idx"),
            models.Index(fields=["latest_action_date"], name="bill_latest_action_idx"),
            # Search: the newest matching bills, walked newest first (bills.search.engine).
            models.Index(fields=["latest_action_date", "id"], name="bill_latest_id_idx"),
            models.Index(fields=["updated_at"], name="bill_updated_idx"),
            models.Index(fields=["legal_state"], name="bill_legal_state_idx"),
            models.Index(fields=["legal_state_until"], name="bill_legal_until_idx"),
            # A state's page: its newest bills first, a page of them.
            models.Index(
                fields=["jurisdiction", "latest_action_date", "id"], name="bill_place_latest_idx"
            ),
            # Upcoming changes of law after a date: partial, as most bills never become law.
            *(
                models.Index(
                    fields=[name],
                    name=f"bill_{name}_idx",
                    condition=models.Q(**{f"{name}__isnull": False}),
                )
                for name in ("law_from", "law_until", "in_force_from")
            ),
            models.Index(fields=["import_hash"], name="bill_import_hash_idx"),
            models.Index(
                fields=["search_pending_since"],
                name="bill_search_pending_idx",
                condition=models.Q(search_pending_since__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction.code} {self.session.identifier} {self.identifier}"

    def get_absolute_url(self) -> str:
        return reverse("bill-detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        return self.popular_name or self.title


class BillAction(models.Model):
    # No index of its own: unique_action_order (bill, order) serves every lookup by bill,
    # and a first load writes ~20 actions per bill.
    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="actions", db_index=False)
    date = models.DateField()
    actor = models.CharField(max_length=FIELD_LENGTHS["action.actor"], blank=True)
    text = models.TextField()
    classification = models.JSONField(default=list, blank=True)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["bill", "order"]
        constraints = [
            models.UniqueConstraint(fields=["bill", "order"], name="unique_action_order")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.text[:60]}"


class BillVersion(models.Model):
    # No index of its own: unique_version_label (bill, label) serves every lookup by bill.
    bill = models.ForeignKey(
        Bill, on_delete=models.CASCADE, related_name="versions", db_index=False
    )
    label = models.CharField(max_length=FIELD_LENGTHS["version.label"])
    date = models.DateField(null=True, blank=True)
    url = models.URLField(max_length=FIELD_LENGTHS["version.url"], blank=True)
    media_type = models.CharField(max_length=FIELD_LENGTHS["version.media_type"], blank=True)
    text = models.TextField(blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    extracted_sha256 = models.CharField(
        max_length=64, blank=True, help_text="sha256 of the text the obligations were taken from"
    )
    # Set by ingest in the same transaction that stores a new or changed text, cleared by
    # extraction: a version whose queued extraction was lost stays visible to the sweeper.
    extraction_pending_since = models.DateTimeField(
        null=True, blank=True, help_text="when this text started waiting for extraction"
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["bill", "order", "date"]
        constraints = [
            models.UniqueConstraint(fields=["bill", "label"], name="unique_version_label")
        ]
        indexes = [
            models.Index(
                fields=["extraction_pending_since"],
                name="version_pending_idx",
                condition=models.Q(extraction_pending_since__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.bill} {self.label}"


class Sponsorship(models.Model):
    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="sponsorships")
    name = models.CharField(max_length=FIELD_LENGTHS["sponsor.name"])
    classification = models.CharField(max_length=12, choices=list(SPONSOR_KINDS.items()))
    chamber = models.CharField(max_length=FIELD_LENGTHS["sponsor.chamber"], blank=True)
    party = models.CharField(max_length=FIELD_LENGTHS["sponsor.party"], blank=True)
    source_id = models.CharField(max_length=FIELD_LENGTHS["sponsor.source_id"], blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["bill", "order"]

    def __str__(self) -> str:
        return self.name


class RelatedBill(models.Model):
    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="related_bills")
    relation = models.CharField(max_length=24, choices=list(RELATION_KINDS.items()))
    jurisdiction_code = models.CharField(max_length=8)
    session_identifier = models.CharField(max_length=FIELD_LENGTHS["related.session"])
    identifier = models.CharField(max_length=FIELD_LENGTHS["related.identifier"])
    related = models.ForeignKey(
        Bill,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,  # the link text survives the other bill's removal
        related_name="related_from",
    )

    class Meta:
        ordering = ["bill", "relation", "identifier"]
        indexes = [
            # Ingest looks up, for each new bill, the links that were waiting for it.
            models.Index(
                fields=["jurisdiction_code", "session_identifier", "identifier"],
                name="related_waiting_idx",
                condition=models.Q(related__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.relation} {self.jurisdiction_code} {self.identifier}"
