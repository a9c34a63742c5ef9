"""Django admin for every model; the stale-source alarm shows on the ScrapeRun list."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils import timezone

from .health import stale_sources
from .legal_state import STATE_FIELDS, refresh_around
from .models import (
    Bill,
    BillAction,
    BillVersion,
    ChangeEvent,
    Jurisdiction,
    LegislativeSession,
    Obligation,
    RelatedBill,
    ScrapeRun,
    Sponsorship,
)


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]


@admin.register(LegislativeSession)
class LegislativeSessionAdmin(admin.ModelAdmin):
    list_display = ["jurisdiction", "identifier", "name", "start_date", "end_date"]
    list_filter = ["jurisdiction"]


class ActionInline(admin.TabularInline):
    model = BillAction
    extra = 0


class VersionInline(admin.TabularInline):
    model = BillVersion
    extra = 0
    fields = ["label", "date", "url", "media_type", "sha256"]
    readonly_fields = ["sha256"]


class SponsorshipInline(admin.TabularInline):
    model = Sponsorship
    extra = 0


class RelatedBillInline(admin.TabularInline):
    model = RelatedBill
    fk_name = "bill"
    extra = 0
    raw_id_fields = ["related"]


@admin.register(Bill)
class BillAdmin(admin.ModelAdmin):
    list_display = [
        "identifier",
        "jurisdiction",
        "session",
        "title",
        "status",
        "status_date",
        "legal_state",
    ]
    list_filter = ["jurisdiction", "status", "legal_state", "kind", "ai_relevant"]
    search_fields = ["identifier", "title", "popular_name"]
    date_hierarchy = "latest_action_date"
    inlines = [ActionInline, VersionInline, SponsorshipInline, RelatedBillInline]
    # An editor sets an injunction (the order's date and citation); the rest is derived.
    readonly_fields = list(STATE_FIELDS)

    def save_related(self, request, form, formsets, change) -> None:
        """After the bill and its links are saved, its legal state (and its neighbours') follow."""
        super().save_related(request, form, formsets, change)
        refresh_around(form.instance)


@admin.register(BillAction)
class BillActionAdmin(admin.ModelAdmin):
    list_display = ["bill", "date", "actor", "text"]
    raw_id_fields = ["bill"]


@admin.register(BillVersion)
class BillVersionAdmin(admin.ModelAdmin):
    list_display = ["bill", "label", "date", "media_type"]
    raw_id_fields = ["bill"]


@admin.register(Sponsorship)
class SponsorshipAdmin(admin.ModelAdmin):
    list_display = ["bill", "name", "classification"]
    raw_id_fields = ["bill"]


@admin.register(RelatedBill)
class RelatedBillAdmin(admin.ModelAdmin):
    list_display = ["bill", "relation", "jurisdiction_code", "identifier", "related"]
    raw_id_fields = ["bill", "related"]


@admin.action(description="Confirm the selected obligations")
def confirm_obligations(modeladmin, request, queryset) -> None:
    queryset.update(review_state="confirmed", reviewed_by=request.user, reviewed_at=timezone.now())


@admin.action(description="Reject the selected obligations")
def reject_obligations(modeladmin, request, queryset) -> None:
    queryset.update(review_state="rejected", reviewed_by=request.user, reviewed_at=timezone.now())


@admin.register(Obligation)
class ObligationAdmin(admin.ModelAdmin):
    list_display = [
        "bill", "category", "actor", "section", "confidence", "needs_review", "rule_id", "review_state"
    ]  # fmt: skip
    list_filter = [
        "needs_review",
        "review_state",
        "category",
        "actor",
        "is_current",
        "jurisdiction",
    ]
    ordering = ["-needs_review", "confidence"]  # the review queue: least sure first
    search_fields = ["text", "section", "bill__identifier"]
    raw_id_fields = ["bill", "version"]
    readonly_fields = [
        "fingerprint", "start", "end", "text", "reviewed_by", "reviewed_at", "rule_id",
        "trigger_start", "trigger_end", "relevance",
    ]  # fmt: skip
    actions = [confirm_obligations, reject_obligations]

    def save_model(self, request, obj, form, change) -> None:
        """An editor's save is a correction: keep it through re-extraction."""
        if change and form.changed_data:
            from .obligations import typed_columns

            if obj.review_state == "extracted":
                obj.review_state = "corrected"
            obj.reviewed_by, obj.reviewed_at = request.user, timezone.now()
            for name, value in typed_columns(obj.attributes).items():
                setattr(obj, name, value)
        super().save_model(request, obj, form, change)


@admin.register(ScrapeRun)
class ScrapeRunAdmin(admin.ModelAdmin):
    list_display = [
        "source",
        "started_at",
        "finished_at",
        "status",
        "inserted",
        "updated",
        "unchanged",
        "failed",
    ]
    list_filter = ["source", "status"]
    readonly_fields = [f.name for f in ScrapeRun._meta.fields]

    def changelist_view(self, request, extra_context=None):
        for alarm in stale_sources():
            messages.warning(request, alarm.message)
        return super().changelist_view(request, extra_context)


@admin.register(ChangeEvent)
class ChangeEventAdmin(admin.ModelAdmin):
    list_display = ["bill", "kind", "occurred_at"]
    list_filter = ["kind"]
    raw_id_fields = ["bill", "run"]
