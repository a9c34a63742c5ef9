"""``POST /api/v1/subscriptions/``: subscribe by API, with the same double opt-in as the page.

Anyone may call it (no account), so it is throttled, and it answers the same
202 whether or not the address is already subscribed.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from bills.api.views import ApiMixin
from bills.models import Bill, Jurisdiction

from . import choices, subscriptions
from .query import validation_error

ACCEPTED = "Check your inbox: a confirmation link was sent if the address can receive mail."


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
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        required=False,
        default=list,
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

    def validate_bills(self, value: list[int]) -> list[int]:
        known = set(Bill.objects.filter(id__in=value).values_list("id", flat=True))
        missing = sorted(set(value) - known)
        if missing:
            raise serializers.ValidationError(f"No bill with id {', '.join(map(str, missing))}.")
        return value


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
