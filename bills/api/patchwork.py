"""The patchwork report in the API: ``GET``/``POST /api/v1/patchwork/`` and its research view.

The profile fields are "what applies to me"'s (``ProfileSerializer``) plus
``as_of``; ``include_pending`` defaults to false here because the patchwork
counts law, with pending bills as a layer asked for (both layers' totals are
always in the answer).
"""

from __future__ import annotations

from datetime import date

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bills.patchwork.exports import patchwork_rows
from bills.patchwork.report import Patchwork, cached_patchwork
from bills.patchwork.research import cached_research

from .serializers import ProfileSerializer
from .views import ApiMixin, plain, wants_csv


class PatchworkQuerySerializer(ProfileSerializer):
    include_pending = serializers.BooleanField(default=False)
    as_of = serializers.DateField(required=False, help_text="YYYY-MM-DD; default today")

    def as_of_date(self) -> date:
        return self.validated_data.get("as_of") or date.today()


class ResearchQuerySerializer(serializers.Serializer):
    include_pending = serializers.BooleanField(default=False)
    as_of = serializers.DateField(required=False, help_text="YYYY-MM-DD; default today")


def patchwork_payload(patchwork: Patchwork) -> dict:
    body = plain(patchwork)
    body["profile"] = plain(patchwork.profile)
    return body


class PatchworkView(ApiMixin, APIView):
    """For a profile and its states: every duty state by state, the one program, what stays state-specific,
    totals for law and with pending bills, and the federal overlay. ``?format=csv`` for flat rows."""

    permission_classes = [permissions.AllowAny]  # a POST that reads, open like the GET

    @extend_schema(parameters=[PatchworkQuerySerializer], responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        return self._answer(request, request.query_params)

    @extend_schema(request=PatchworkQuerySerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request) -> Response:
        return self._answer(request, request.data)

    def _answer(self, request: Request, data) -> Response:
        query = PatchworkQuerySerializer(data=_lists(data))
        query.is_valid(raise_exception=True)
        patchwork = cached_patchwork(query.profile(), query.as_of_date())
        if wants_csv(request):
            return Response(patchwork_rows(patchwork))
        return Response(patchwork_payload(patchwork))


class PatchworkResearchView(ApiMixin, APIView):
    """The whole country: categories the same everywhere, the most divergent, growth by start date."""

    @extend_schema(parameters=[ResearchQuerySerializer], responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        query = ResearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        research = cached_research(
            query.validated_data.get("as_of") or date.today(),
            query.validated_data["include_pending"],
        )
        return Response(plain(research))


def _lists(data) -> dict:
    """Query parameters with repeated ``roles``/``states``/``sectors`` kept as lists."""
    if hasattr(data, "getlist"):
        return {
            key: (data.getlist(key) if key in ("roles", "states", "sectors") else data.get(key))
            for key in data
        }
    return data
