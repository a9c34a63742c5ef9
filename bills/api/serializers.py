"""What the API reads (query and profile validation) and writes (model representations).

Query serializers turn request parameters into the plain arguments of the
domain functions (``bills.matrix``, ``bills.compare``, ``bills.applicability``),
so a bad value is a 400 with the field named, never a 500 further down.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bills.applicability import PROFILE_ROLES, Profile
from bills.formatting import attribute_labels
from bills.legal_state import period_on
from bills.matrix import DATE_FIELDS, STATUS_FILTERS, MatrixFilters
from bills.models import (
    Bill,
    BillAction,
    BillVersion,
    ChangeEvent,
    Jurisdiction,
    Obligation,
    RelatedBill,
    Sponsorship,
)
from bills.vocabulary.taxonomy import ACTOR_CODES, CATEGORY_CODES
from vocabulary.kinds import JURISDICTION_KINDS

MAX_ID = 2**63 - 1  # the largest primary key PostgreSQL's bigint holds: larger ids are a 400

JURISDICTION_CODE = r"^US(-[A-Z]{2})?$"


class CommaSeparatedField(serializers.ListField):
    """A list given either as repeated values or as one comma-separated string (``?bills=1,2``)."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = [part.strip() for part in data.split(",") if part.strip()]
        elif isinstance(data, list) and all(isinstance(d, str) for d in data):
            data = [part.strip() for d in data for part in d.split(",") if part.strip()]
        return super().to_internal_value(data)


class AsOfField(serializers.DateField):
    """``as_of=YYYY-MM-DD``: the day the answer is for (default today)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "The day the law is read for, YYYY-MM-DD (default today).")
        super().__init__(**kwargs)


class IncludeField(serializers.ChoiceField):
    """``include=pending`` adds pending bills as a separate layer (law only by default)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "pending: add pending bills as a separate layer.")
        super().__init__(choices=["pending"], **kwargs)


class MatrixQuerySerializer(serializers.Serializer):
    actor = serializers.ChoiceField(choices=ACTOR_CODES, required=False)
    status = serializers.ChoiceField(choices=list(STATUS_FILTERS), default="all")
    kind = serializers.ChoiceField(choices=list(JURISDICTION_KINDS), required=False)
    session = serializers.CharField(max_length=40, required=False)
    date_field = serializers.ChoiceField(choices=DATE_FIELDS, default="status_date")
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    jurisdiction = serializers.RegexField(JURISDICTION_CODE, required=False)
    bill = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    category = serializers.ChoiceField(choices=CATEGORY_CODES, required=False)
    as_of = AsOfField()
    include = IncludeField()

    def validate_jurisdiction(self, value: str) -> str:
        if not Jurisdiction.objects.filter(code=value).exists():
            raise serializers.ValidationError(f"Unknown jurisdiction {value!r}.")
        return value

    def validate(self, attrs: dict) -> dict:
        start, end = attrs.get("date_from"), attrs.get("date_to")
        if start and end and start > end:
            raise serializers.ValidationError({"date_to": ["Must not be before date_from."]})
        return attrs

    def filters(self) -> MatrixFilters:
        data = dict(self.validated_data)
        include = data.pop("include", "")
        return MatrixFilters(**data, include_pending=include == "pending")


class MatrixCellQuerySerializer(MatrixQuerySerializer):
    """A cell's drill-down: the matrix's filters, one jurisdiction and one category, a page."""

    jurisdiction = serializers.RegexField(JURISDICTION_CODE)
    category = serializers.ChoiceField(choices=CATEGORY_CODES)
    page = serializers.IntegerField(min_value=1, max_value=1_000_000, default=1)

    def filters(self) -> MatrixFilters:
        data = dict(self.validated_data)
        data.pop("page")
        include = data.pop("include", "")
        return MatrixFilters(**data, include_pending=include == "pending")


class CompareQuerySerializer(serializers.Serializer):
    bills = CommaSeparatedField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), min_length=2, max_length=4
    )
    as_of = AsOfField()
    include = IncludeField()

    def validate_bills(self, value: list[int]) -> list[int]:
        if len(set(value)) != len(value):
            raise serializers.ValidationError("List each bill once.")
        missing = sorted(
            set(value) - set(Bill.objects.filter(pk__in=value).values_list("pk", flat=True))
        )
        if missing:
            raise serializers.ValidationError(f"Unknown bill ids: {', '.join(map(str, missing))}.")
        return value

    def arguments(self) -> dict:
        """Keyword arguments of ``bills.compare.compare_bills``."""
        data = self.validated_data
        return {
            "bill_ids": data["bills"],
            "as_of": data.get("as_of"),
            "include_pending": data.get("include") == "pending",
        }


class ProfileSerializer(serializers.Serializer):
    roles = CommaSeparatedField(child=serializers.ChoiceField(choices=PROFILE_ROLES), min_length=1)
    annual_revenue_usd = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    training_compute_flop = serializers.FloatField(min_value=0, required=False, allow_null=True)
    training_cost_usd = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    states = CommaSeparatedField(child=serializers.RegexField(JURISDICTION_CODE), required=False)
    sectors = CommaSeparatedField(child=serializers.CharField(max_length=60), required=False)
    include_pending = serializers.BooleanField(
        default=False, help_text="Add pending bills as a separate layer (law only by default)."
    )
    include = IncludeField()
    as_of = AsOfField()

    def validate_states(self, value: list[str]) -> list[str]:
        known = set(Jurisdiction.objects.filter(code__in=value).values_list("code", flat=True))
        unknown = [code for code in value if code not in known]
        if unknown:
            raise serializers.ValidationError(f"Unknown jurisdictions: {', '.join(unknown)}.")
        return value

    def profile(self) -> Profile:
        data = self.validated_data
        return Profile(
            roles=tuple(data["roles"]),
            annual_revenue_usd=data.get("annual_revenue_usd"),
            training_compute_flop=data.get("training_compute_flop"),
            training_cost_usd=data.get("training_cost_usd"),
            states=tuple(data.get("states", ())),
            sectors=tuple(data.get("sectors", ())),
            include_pending=data["include_pending"] or data.get("include") == "pending",
            as_of=data.get("as_of"),
        )


class JurisdictionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Jurisdiction
        fields = ["code", "name", "kind"]


class LegalStateMixin:
    """``legal_state`` and its reason: today's stored ones, or those of ``as_of`` (context)."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        as_of = self.context.get("as_of")
        if as_of is not None:
            period = period_on(instance.legal_timeline, as_of)
            data["legal_state"] = period.state if period else ""
            data["legal_state_reason"] = period.reason if period else "not yet introduced"
            data["legal_state_since"] = period.start if period else None
        return data


class BillListSerializer(LegalStateMixin, serializers.ModelSerializer):
    jurisdiction = serializers.CharField(source="jurisdiction.code")
    session = serializers.CharField(source="session.identifier")
    url = serializers.CharField(source="get_absolute_url")

    class Meta:
        model = Bill
        fields = [
            "id",
            "jurisdiction",
            "session",
            "identifier",
            "title",
            "popular_name",
            "kind",
            "status",
            "status_date",
            "latest_action_date",
            "effective_date",
            "chapter",
            "legal_state",
            "legal_state_reason",
            "legal_state_since",
            "in_force_from",
            "url",
        ]


class SnippetSerializer(serializers.Serializer):
    version = serializers.CharField(
        source="label", help_text="The version's label; empty for the bill's own details"
    )
    html = serializers.CharField(help_text="Escaped text; the matched words in <mark>")


class BillSearchResultSerializer(BillListSerializer):
    """A search hit: the bill and where it matched."""

    snippet = SnippetSerializer(allow_null=True, read_only=True)

    class Meta(BillListSerializer.Meta):
        fields = [*BillListSerializer.Meta.fields, "snippet"]


class TriggerSerializer(serializers.Serializer):
    start = serializers.IntegerField(
        help_text="Offset of the first trigger character in the version's text"
    )
    end = serializers.IntegerField(help_text="Offset just after the trigger in the version's text")
    text = serializers.CharField(help_text="The words that made the rule fire")


class ObligationSerializer(LegalStateMixin, serializers.ModelSerializer):
    """An obligation, with why it was extracted: ``rule_id``, ``trigger``, ``ai_reason``."""

    bill = serializers.IntegerField(source="bill_id")
    jurisdiction = serializers.CharField(source="jurisdiction.code")
    version = serializers.CharField(source="version.label")
    labels = serializers.SerializerMethodField()
    rule_id = serializers.CharField(
        help_text="The extraction rule that found it (bills/extraction/rules.py); stable"
    )
    trigger = serializers.SerializerMethodField(
        help_text="The words that fired the rule; null for obligations stored before rule ids"
    )
    ai_reason = serializers.CharField(
        source="relevance", help_text="Why its section counts as a law about AI"
    )
    needs_review = serializers.BooleanField(
        help_text="Confidence under the calibrated threshold: an editor should look"
    )

    class Meta:
        model = Obligation
        fields = [
            "id",
            "bill",
            "jurisdiction",
            "version",
            "category",
            "actor",
            "actor_text",
            "section",
            "start",
            "end",
            "text",
            "attributes",
            "labels",
            "confidence",
            "needs_review",
            "rule_id",
            "trigger",
            "ai_reason",
            "review_state",
            "legal_state",
            "legal_state_reason",
            "legal_state_since",
            "in_force_from",
        ]

    def get_labels(self, obligation: Obligation) -> list[str]:
        return attribute_labels(obligation.attributes)

    @extend_schema_field(TriggerSerializer(allow_null=True))
    def get_trigger(self, obligation: Obligation) -> dict | None:
        if obligation.trigger_start is None or obligation.trigger_end is None:
            return None
        return {
            "start": obligation.trigger_start,
            "end": obligation.trigger_end,
            "text": obligation.trigger,
        }


class ActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = BillAction
        fields = ["date", "actor", "text", "classification", "order"]


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = BillVersion
        fields = ["id", "label", "date", "url", "media_type", "sha256"]


class SponsorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sponsorship
        fields = ["name", "classification", "chamber", "party"]


class RelatedBillSerializer(serializers.ModelSerializer):
    bill_id = serializers.IntegerField(source="related_id", allow_null=True)

    class Meta:
        model = RelatedBill
        fields = ["relation", "jurisdiction_code", "session_identifier", "identifier", "bill_id"]


class BillDetailSerializer(BillListSerializer):
    actions = ActionSerializer(many=True)
    related_bills = RelatedBillSerializer(many=True)
    related_from = serializers.SerializerMethodField(
        help_text="Bills that name this one (its amendments, replacements, companions)"
    )
    versions = VersionSerializer(many=True)
    sponsors = SponsorSerializer(many=True, source="sponsorships")
    obligations = ObligationSerializer(many=True, source="shown_obligations")

    class Meta(BillListSerializer.Meta):
        fields = [
            *BillListSerializer.Meta.fields,
            "abstract",
            "subjects",
            "source_urls",
            "actions",
            "versions",
            "sponsors",
            "obligations",
            "related_bills",
            "related_from",
            "enjoined_on",
            "enjoined_order",
            "legal_timeline",
        ]

    def get_related_from(self, bill: Bill) -> list[dict]:
        return [
            {"relation": link.relation, "identifier": link.bill.identifier, "bill_id": link.bill_id}
            for link in bill.related_from.select_related("bill").order_by("relation", "bill_id")
        ]


class ChangeEventSerializer(serializers.ModelSerializer):
    bill = serializers.IntegerField(source="bill_id")
    jurisdiction = serializers.CharField(source="bill.jurisdiction.code")
    identifier = serializers.CharField(source="bill.identifier")

    class Meta:
        model = ChangeEvent
        fields = ["id", "bill", "jurisdiction", "identifier", "kind", "occurred_at", "details"]
