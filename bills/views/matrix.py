"""The compliance matrix page: jurisdictions × obligation categories, filtered and zoomed.

The query is validated by the API's serializer, so the page and `/api/v1/matrix/` accept
exactly the same parameters."""

from __future__ import annotations

import math

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

from bills.api.serializers import MatrixQuerySerializer
from bills.matrix import cached_matrix
from bills.vocabulary.taxonomy import ACTORS, CATEGORY_BY_CODE
from vocabulary.kinds import JURISDICTION_KINDS


def matrix_page(request: HttpRequest) -> HttpResponse:
    return matrix_response(request, request.GET.dict(), "bills/matrix.html", {})


def matrix_response(request: HttpRequest, params: dict, template: str, extra: dict) -> HttpResponse:
    query = MatrixQuerySerializer(data={k: v for k, v in params.items() if v != ""})
    context = {"params": params, "actors": ACTORS, "statuses": ["all", "enacted", "pending"]}
    context["kinds"] = JURISDICTION_KINDS
    if not query.is_valid():
        return render(request, template, {**context, **extra, "errors": query.errors}, status=400)
    matrix = cached_matrix(query.filters())
    api_query = urlencode({k: v for k, v in params.items() if v != ""})
    context.update(extra)
    context.update(
        matrix=matrix,
        grid=_grid(matrix, params),
        drilldown=_drilldown(matrix) if matrix.filters.zoomed else [],
        api_query=api_query,
    )
    return render(request, template, context)


def _grid(matrix, carried_params: dict) -> list[dict]:
    """Rows of the heatmap: each jurisdiction with one entry per category and a shade 0–4."""
    top = max((c.obligation_count for c in matrix.cells), default=0)
    carried = {k: v for k, v in carried_params.items() if k in ("status", "as_of", "include") and v}
    rows = []
    for place in matrix.jurisdictions:
        entries = []
        for category in matrix.categories:
            cell = matrix.cell(place["code"], category["code"])
            count = cell.obligation_count if cell else 0
            shade = math.ceil(4 * count / top) if top and count else 0
            zoom = {**carried, "jurisdiction": place["code"], "category": category["code"]}
            entries.append(
                {
                    "category": category,
                    "cell": cell,
                    "count": count,
                    "shade": shade,
                    "query": urlencode(zoom),
                }
            )
        rows.append({"place": place, "entries": entries})
    return rows


def _cell_bills(cell) -> list[int]:
    """The laws of a cell, then the pending bills of its separate layer."""
    pending = cell.pending.bill_ids if cell.pending else []
    return cell.bill_ids + [pk for pk in pending if pk not in cell.bill_ids]


def _drilldown(matrix) -> list[dict]:
    """Zoomed cells with their obligations grouped by bill, for reading."""
    sections = []
    for cell in matrix.cells:
        by_bill: dict[int, list] = {}
        for ob in cell.obligations or []:
            by_bill.setdefault(ob["bill_id"], []).append(ob)
        sections.append(
            {
                "cell": cell,
                "label": CATEGORY_BY_CODE[cell.category].label,
                "bills": [(matrix.bills[pk], by_bill.get(pk, [])) for pk in _cell_bills(cell)],
            }
        )
    return sections
