"""API views: validate the request, call one domain function, shape the answer.

Every error is JSON ``{"message": ..., "errors": {field: [...]}}`` with status
400 for a bad parameter, whatever format was asked for.
"""

from __future__ import annotations

import hashlib
from dataclasses import is_dataclass
from functools import cached_property
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import urlencode
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, permissions, viewsets
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler

from bills.applicability import applicable_obligations, report_rows
from bills.compare import compare_bills, comparison_rows
from bills.matrix import build_matrix, cached, cached_matrix, data_version, matrix_cache_key
from bills.matrix_cell import cell_page, listed, matrix_rows
from bills.models import Bill, ChangeEvent, Jurisdiction, Obligation
from bills.search import attach_snippets
from bills.vocabulary.taxonomy import ACTORS, ATTRIBUTES, CATEGORIES

from . import serializers as s
from .filters import BillFilter, ChangeEventFilter, ObligationFilter
from .renderers import CSVRenderer

RENDERERS = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]


def api_exception_handler(exc, context):
    """DRF's handler, with every error body shaped as ``{"message", "errors"}``."""
    if isinstance(exc, SuspiciousOperation):  # e.g. a body or a form past Django's limits
        return Response(*refusal(exc))
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = (
            response.data
            if isinstance(response.data, dict)
            else {"non_field_errors": response.data}
        )
        response.data = {"message": "Invalid request parameters.", "errors": errors}
    else:
        response.data = {"message": str(getattr(exc, "detail", exc)), "errors": {}}
    return response


def refusal(exc: SuspiciousOperation) -> tuple[dict, int]:
    """The error body and status for a request Django refused (too big, too many fields…)."""
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return {"message": f"Request body too large (limit {limit} bytes).", "errors": {}}, 413
    return {"message": f"Bad request: {exc}", "errors": {}}, 400


class ApiMixin:
    """Errors as JSON even when CSV was asked for; the shared error shape."""

    renderer_classes = RENDERERS

    def get_exception_handler(self):
        return api_exception_handler

    def handle_exception(self, exc):
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)


def plain(value):
    """Dataclasses (and lists or dicts of them) as dicts the JSON renderer can write.

    Lists and dicts of plain values are passed through untouched: a full
    matrix holds tens of thousands of bill ids, not worth walking.
    """
    if is_dataclass(value):
        return {name: plain(item) for name, item in vars(value).items() if not name.startswith("_")}
    if isinstance(value, list | tuple) and value and _nested(value[0]):
        return [plain(v) for v in value]
    if isinstance(value, dict) and value and _nested(next(iter(value.values()))):
        return {k: plain(v) for k, v in value.items()}
    return value


def _nested(value) -> bool:
    return is_dataclass(value) or isinstance(value, list | tuple | dict)


def wants_csv(request: Request) -> bool:
    return getattr(request.accepted_renderer, "format", "") == "csv"


class TaxonomyView(ApiMixin, APIView):
    """The obligation taxonomy: categories, actors and attributes (codes are a public contract)."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        return Response(
            {
                "categories": [
                    {
                        "code": t.code,
                        "label": t.label,
                        "description": t.description,
                        "group": t.group,
                    }
                    for t in CATEGORIES
                ],
                "actors": [
                    {"code": t.code, "label": t.label, "description": t.description} for t in ACTORS
                ],
                "attributes": [
                    {"name": name, "type": kind, "description": text}
                    for name, (kind, text) in ATTRIBUTES.items()
                ],
            }
        )


class MatrixView(ApiMixin, APIView):
    """Jurisdictions × categories: per cell the counts, the strictest values and their source,
    and ``url``, the cell's obligations page by page. Zoom with ``jurisdiction``, ``bill`` or
    ``category``; ``?format=csv`` (one row per cell, or per obligation when zoomed)."""

    @extend_schema(parameters=[s.MatrixQuerySerializer], responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        query = s.MatrixQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        filters = query.filters()
        if wants_csv(request):
            return Response(list(matrix_rows(cached_matrix(filters))))
        if not isinstance(request.accepted_renderer, JSONRenderer):
            return Response(self.payload(query.data, cached_matrix(filters)))
        # The rendered body is cached: rendering it again for every reader costs more than
        # reading it back.
        body = cached(
            matrix_cache_key(filters, "matrix-json"),
            lambda: JSONRenderer().render(self.payload(query.data, build_matrix(filters))),
        )
        return HttpResponse(body, content_type="application/json")

    @staticmethod
    def payload(filters: dict, matrix) -> dict:
        carried = urlencode({k: v for k, v in filters.items() if k not in CELL_KEYS})
        base = reverse("api-matrix-cell")
        cells = [
            cell_body(cell) | {"url": f"{base}?{cell_query(cell)}{'&' if carried else ''}{carried}"}
            for cell in matrix.cells
        ]
        return {
            "filters": filters,
            "as_of": matrix.as_of,
            "jurisdictions": matrix.jurisdictions,
            "categories": matrix.categories,
            "cells": cells,
            "bills": matrix.bills,
            "federal_items": plain(matrix.federal_items),
            "federal_items_total": matrix.federal_total,
            "upcoming": matrix.upcoming,
        }


CELL_KEYS = ("jurisdiction", "category")


def cell_query(cell) -> str:
    """``jurisdiction=…&category=…`` of a cell (codes need no escaping beyond ``quote``)."""
    return f"jurisdiction={quote(cell.jurisdiction)}&category={quote(cell.category)}"


def cell_body(cell) -> dict:
    """A cell as the API shows it: written out, as ``plain`` walking 1,800 cells cost more than
    building the matrix."""
    return {
        "jurisdiction": cell.jurisdiction,
        "category": cell.category,
        "obligation_count": cell.obligation_count,
        "bill_count": cell.bill_count,
        "deadline_seconds": cell.deadline_seconds,
        "penalty_max_usd": cell.penalty_max_usd,
        "compute_threshold_flop": cell.compute_threshold_flop,
        "revenue_threshold_usd": cell.revenue_threshold_usd,
        "labels": cell.labels,
        "strictest": cell.strictest,
        "pending": vars(cell.pending) if cell.pending else None,
    }


class MatrixCellView(ApiMixin, APIView):
    """A matrix cell's obligations, law first, then the pending layer with ``include=pending``;
    50 a page (``page``), with the same filters as the matrix."""

    @extend_schema(parameters=[s.MatrixCellQuerySerializer], responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        query = s.MatrixCellQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = cell_page(query.filters(), query.validated_data["page"])
        if wants_csv(request):
            return Response(listed(page))
        return Response(
            {
                "filters": {k: v for k, v in query.data.items() if k != "page"},
                "as_of": page.filters.day,
                "cell": cell_body(page.cell) if page.cell else None,
                "count": page.total,
                "page": page.page,
                "pages": page.pages,
                "next": self._link(request, page.page + 1) if page.has_next else None,
                "previous": self._link(request, page.page - 1) if page.page > 1 else None,
                "results": listed(page),
                "bills": page.bills,
            }
        )

    @staticmethod
    def _link(request: Request, number: int) -> str:
        params = request.query_params.copy()
        params["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


class CompareView(ApiMixin, APIView):
    """Two to four bills side by side by category: ``?bills=1,2``; ``?format=csv`` is flat
    (one row per category and bill, one column per attribute)."""

    @extend_schema(parameters=[s.CompareQuerySerializer], responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        params = {k: request.query_params.get(k, "") for k in ("bills", "as_of", "include")}
        query = s.CompareQuerySerializer(
            data={k: v for k, v in params.items() if v or k == "bills"}
        )
        query.is_valid(raise_exception=True)
        comparison = compare_bills(**query.arguments())
        if wants_csv(request):
            return Response(comparison_rows(comparison))  # flat: one row per category and bill
        return Response(plain(comparison))


class ApplicabilityView(ApiMixin, APIView):
    """What applies to a profile: POST it as JSON, or GET with the same names as query parameters."""

    permission_classes = [permissions.AllowAny]  # a POST that reads, open like the GET

    @extend_schema(parameters=[s.ProfileSerializer], responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        return self._answer(request, request.query_params.dict())

    @extend_schema(request=s.ProfileSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request) -> Response:
        return self._answer(request, request.data)

    def _answer(self, request: Request, data) -> Response:
        profile = s.ProfileSerializer(data=data)
        profile.is_valid(raise_exception=True)
        report = applicable_obligations(profile.profile())
        if wants_csv(request):
            return Response(report_rows(report))
        return Response(plain(report))


class JurisdictionViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Jurisdiction.objects.order_by("code")
    serializer_class = s.JurisdictionSerializer
    lookup_field = "code"
    pagination_class = None


class BillCursor(CursorPagination):
    ordering = "-id"
    page_size = 50


class SearchPages(PageNumberPagination):
    """Search results keep their rank order, which a cursor over ids cannot page through."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class AsOfContextMixin:
    """``?as_of=YYYY-MM-DD`` puts each row's legal state on that day in the serializer's context."""

    def get_serializer_context(self):
        context = super().get_serializer_context()
        raw = self.request.query_params.get("as_of")
        if raw:
            field = s.AsOfField()
            try:
                context["as_of"] = field.run_validation(raw)
            except exceptions.ValidationError as error:
                raise exceptions.ValidationError({"as_of": error.detail}) from error
        return context


class BillViewSet(ApiMixin, AsOfContextMixin, viewsets.ReadOnlyModelViewSet):
    """Bills with the search page's filters. ``q`` is full-text search (websearch syntax:
    words, "a phrase", -leave-out, or) over titles, abstracts, actions and every text
    version; its results are ranked, paged by ``page``, and carry a highlighted ``snippet``. Each bill
    has its legal state (``legal_state`` filters it; ``as_of`` reads it on another day)."""

    filter_backends = [DjangoFilterBackend]
    filterset_class = BillFilter

    @property
    def searching(self) -> bool:
        return self.action == "list" and bool(self.request.query_params.get("q", "").strip())

    @property
    def pagination_class(self):
        return SearchPages if self.searching else BillCursor

    def get_queryset(self):
        bills = Bill.objects.select_related("jurisdiction", "session")
        if self.action != "retrieve":
            return bills
        shown = Obligation.objects.shown().select_related("jurisdiction", "version")
        return bills.prefetch_related(
            "actions",
            "versions",
            "sponsorships",
            "related_bills",
            Prefetch(
                "obligations", queryset=shown.order_by("start", "id"), to_attr="shown_obligations"
            ),
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None and self.searching:
            attach_snippets(self.request.query_params["q"], page)
        return page

    def get_serializer_class(self):
        if self.action == "retrieve":
            return s.BillDetailSerializer
        return s.BillSearchResultSerializer if self.searching else s.BillListSerializer


class CountedOncePaginator(Paginator):
    """A paginator whose total is cached with the data's version and the query.

    Counting every shown obligation (100,000 at 250,000 bills) cost more than
    the page itself, and the total only changes when the data does.
    """

    @cached_property
    def count(self) -> int:
        sql, params = self.object_list.query.sql_with_params()
        digest = hashlib.sha1(f"{data_version()}|{sql}|{params!r}".encode()).hexdigest()
        return cached(f"api-count:v1:{digest}", lambda: Paginator.count.func(self))


class ObligationPages(PageNumberPagination):
    django_paginator_class = CountedOncePaginator


class ObligationViewSet(ApiMixin, AsOfContextMixin, viewsets.ReadOnlyModelViewSet):
    """Obligations currently shown, with their attributes and legal state (``legal_state``, ``as_of``)."""

    # Only the version's label is shown: its text (up to megabytes a bill) stays in the database.
    queryset = (
        Obligation.objects.shown()
        .select_related("jurisdiction", "version")
        .defer("version__text")
        .order_by("id")
    )
    serializer_class = s.ObligationSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ObligationFilter
    pagination_class = ObligationPages


class ChangeCursor(CursorPagination):
    ordering = "-occurred_at"
    page_size = 100


class ChangesView(ApiMixin, generics.ListAPIView):
    """The change feed: what happened to bills, newest first; ``?since=`` an ISO timestamp."""

    queryset = ChangeEvent.objects.select_related("bill", "bill__jurisdiction")
    serializer_class = s.ChangeEventSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ChangeEventFilter
    pagination_class = ChangeCursor
