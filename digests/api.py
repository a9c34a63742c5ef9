"""``POST /api/v1/subscriptions/``: subscribe by API, with the same double opt-in as the page.

Anyone may call it (no account), so it is throttled, and it answers the same
202 whether or not the address is already subscribed.
"""

from __future__ import annotations

from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from bills.api.views import ApiMixin
from bills.models import Jurisdiction

from . import choices, subscriptions, watchlist
from .query import validation_error

ACCEPTED = "Check your inbox: a confirmation link was sent if the address can receive mail."


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer", "minimum": 1},
            {"type": "string", "minLength": 1, "maxLength": watchlist.MAX_ENTRY_LENGTH},
        ],
        "example": "CA SB 53",
    }
)
class BillEntryField(serializers.Field):
    """One watch-list entry: a bill id, or a number as people write it ("CA SB 53")."""

    default_error_messages = {
        "invalid": 'A bill id or a bill number such as "CA SB 53" is expected.',
        "max_length": "An entry has at most {max_length} characters.",
    }

    def to_internal_value(self, data) -> str:
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("invalid")
        text = " ".join(str(data).split())
        if not text or "\x00" in text:
            self.fail("invalid")
        if len(text) > watchlist.MAX_ENTRY_LENGTH:
            self.fail("max_length", max_length=watchlist.MAX_ENTRY_LENGTH)
        return text

    def to_representation(self, value):
        return value


class SubscriptionSerializer(serializers.Serializer):
    email = serializers.EmailField()
    jurisdictions = serializers.ListField(
        child=serializers.CharField(max_length=8), required=False, default=list
    )
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=choices.categories()), required=False, default=list
    )
    actors = serializers.ListField(
        child=serializers.ChoiceField(choices=choices.actors()), required=False, default=list
    )
    query = serializers.CharField(
        max_length=choices.QUERY_MAX, required=False, allow_blank=True, default=""
    )
    bills = serializers.ListField(
        child=BillEntryField(),
        required=False,
        default=list,
        max_length=watchlist.MAX_ENTRIES,
        help_text='Bills to watch: ids, or numbers as people write them ("CA SB 53", '
        '"US-CA 2025 SB 53", "ny s8828").',
    )
    legal_states = serializers.ListField(
        child=serializers.ChoiceField(choices=choices.legal_states()), required=False, default=list
    )
    frequency = serializers.ChoiceField(choices=choices.frequencies(), default="daily")

    def validate_jurisdictions(self, value: list[str]) -> list[str]:
        known = set(Jurisdiction.objects.filter(code__in=value).values_list("code", flat=True))
        unknown = sorted(set(value) - known)
        if unknown:
            raise serializers.ValidationError(f"Unknown jurisdiction codes: {', '.join(unknown)}.")
        return value

    def validate_query(self, value: str) -> str:
        problem = validation_error(value)
        if problem:
            raise serializers.ValidationError(problem)
        return value

    def validate_bills(self, value: list[str]) -> list[int]:
        ids, errors = watchlist.watched_ids(value)
        if errors:
            raise serializers.ValidationError(errors)
        return ids


class SubscriptionThrottle(AnonRateThrottle):
    scope = "subscriptions"
    rate = "30/hour"


class SubscriptionCreateView(ApiMixin, APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []  # no session, hence no CSRF: anyone may subscribe
    throttle_classes = [SubscriptionThrottle]

    @extend_schema(
        request=SubscriptionSerializer,
        responses={
            202: inline_serializer("SubscriptionAccepted", {"message": serializers.CharField()}),
            400: inline_serializer(
                "SubscriptionError",
                {"message": serializers.CharField(), "errors": serializers.DictField()},
            ),
        },
        examples=[
            OpenApiExample(
                "New York and California incident reporting, daily",
                value={
                    "email": "officer@example.com",
                    "jurisdictions": ["US-NY", "US-CA"],
                    "categories": ["incident_reporting", "civil_penalty"],
                    "bills": ["CA SB 53", "ny s8828"],
                    "frequency": "daily",
                },
                request_only=True,
            )
        ],
        summary="Subscribe to email digests (double opt-in)",
        description=(
            "Creates a pending subscription and mails a confirmation link; nothing else is "
            "sent until it is followed. An empty filter means everything. `query` uses the "
            "search syntax. The answer is the same whether or not the address was subscribed."
        ),
    )
    def post(self, request: Request) -> Response:
        serializer = SubscriptionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        subscriptions.subscribe(data.pop("email"), data.pop("frequency"), **data)
        return Response({"message": ACCEPTED}, status=202)
