"""Jurisdictions (states, territories, the federal government) and their sessions."""

from __future__ import annotations

from django.db import models

from scrapers.records import FIELD_LENGTHS
from vocabulary.kinds import JURISDICTION_KINDS


class Jurisdiction(models.Model):
    code = models.CharField(max_length=8, unique=True, help_text="US-NY, US-CA, or US (federal)")
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=12, choices=list(JURISDICTION_KINDS.items()))

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class LegislativeSession(models.Model):
    jurisdiction = models.ForeignKey(
        Jurisdiction,
        on_delete=models.PROTECT,  # a jurisdiction outlives its sessions' edits
        related_name="sessions",
    )
    identifier = models.CharField(
        max_length=FIELD_LENGTHS["session"], help_text="2025-2026, 119, 2025"
    )
    name = models.CharField(max_length=FIELD_LENGTHS["session_name"], blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["jurisdiction__code", "-identifier"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "identifier"], name="unique_session_per_jurisdiction"
            )
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction.code} {self.identifier}"
