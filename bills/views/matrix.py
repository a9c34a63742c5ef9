"""The compliance matrix page: jurisdictions × obligation categories, filtered and zoomed.

The query is validated by the API's serializer, so the page and `/api/v1/matrix/` accept
exactly the same parameters. The page is bounded whatever the data: each cell shows its
strictest value and the law it comes from; a cell's obligations are listed page by page
at `/matrix/cell/`, swapped in place by htmx (a plain link to the zoomed page without it).
"""

from __future__ import annotations

import html
import math
from dataclasses import replace
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe

from bills.api.serializers import MatrixCellQuerySerializer, MatrixQuerySerializer
from bills.matrix import Matrix, MatrixFilters, build_matrix, cached, matrix_cache_key
from bills.matrix_cell import CellPage, cell_page, listed
from bills.vocabulary.taxonomy import ACTORS, CATEGORY_BY_CODE
from vocabulary.kinds import JURISDICTION_KINDS

CARRIED = ("actor", "status", "kind", "session", "date_field", "date_from", "date_to", "as_of",
           "include")  # fmt: skip


def matrix_page(request: HttpRequest) -> HttpResponse:
    params = request.GET.dict()
    if request.headers.get("HX-Request") and params.get("jurisdiction") and params.get("category"):
        response = matrix_cell(request)  # a cell clicked in the heatmap: only its drill-down
    else:
        response = matrix_response(request, params, "bills/matrix.html", {})
    patch_vary_headers(response, ["HX-Request"])
    return response


def matrix_cell(request: HttpRequest) -> HttpResponse:
    """One page of a cell's obligations, as the fragment htmx swaps into ``#drill``."""
    query = MatrixCellQuerySerializer(data=_given(request.GET.dict()))
    if not query.is_valid():
        return render(request, "bills/partials/errors.html", {"errors": query.errors}, status=400)
    page = cell_page(query.filters(), query.validated_data["page"])
    return render(request, "bills/partials/matrix_drill.html", _drill_context(page, request.GET))


def matrix_response(request: HttpRequest, params: dict, template: str, extra: dict) -> HttpResponse:
    context = {"params": params, "actors": ACTORS, "statuses": ["all", "enacted", "pending"]}
    context["kinds"] = JURISDICTION_KINDS
    one_cell = bool(params.get("jurisdiction") and params.get("category"))
    serializer = MatrixCellQuerySerializer if one_cell else MatrixQuerySerializer
    query = serializer(data=_given(params))
    if not query.is_valid():
        return render(request, template, {**context, **extra, "errors": query.errors}, status=400)
    matrix, heatmap = page_matrix(query.filters(), params)
    context.update(extra)
    context.update(
        matrix=matrix,
        heatmap=heatmap,
        summaries=_summaries(matrix, params) if matrix.filters.zoomed else [],
        api_query=urlencode(_given(params)),
    )
    if one_cell:
        page = cell_page(query.filters(), query.validated_data["page"])
        context.update(_drill_context(page, params))
    return render(request, template, context)


def page_matrix(filters: MatrixFilters, params: dict) -> tuple[Matrix, SafeString]:
    """The matrix and its rendered heatmap, cached together by the data's version.

    The heatmap of the full matrix is ~1,800 cells: the page keeps the HTML rather than the
    cells (which only a zoomed page lists again), so neither a cold nor a warm request
    pickles or unpickles them.
    """
    carried = urlencode({k: v for k, v in params.items() if k in CARRIED and v})

    def build() -> tuple[Matrix, str]:
        matrix = build_matrix(filters)
        heatmap = str(heatmap_rows(matrix, params))
        return (matrix if matrix.filters.zoomed else replace(matrix, cells=[])), heatmap

    matrix, heatmap = cached(matrix_cache_key(filters, f"matrix-page:{carried}"), build)
    return matrix, mark_safe(heatmap)  # noqa: S308 - written escaped by heatmap_rows


def _given(params) -> dict:
    return {k: v for k, v in params.items() if v != ""}


def heatmap_rows(matrix: Matrix, params: dict) -> SafeString:
    """The heatmap's body: a row per jurisdiction, a cell per category with its strictest value.

    Written here rather than in the template: the full matrix has ~1,800 cells,
    and a template tag per cell cost more than the queries behind them (and
    ``html.escape`` on plain strings, not Django's lazy-aware ``escape``).
    """
    top = max((c.obligation_count for c in matrix.cells), default=0)
    carried = urlencode({k: v for k, v in params.items() if k in CARRIED and v})
    carried = _escape(f"{carried}&" if carried else "")
    categories = [(c["code"], _escape(quote(c["code"]))) for c in matrix.categories]
    by_key = {(c.jurisdiction, c.category): c for c in matrix.cells}
    empty = '<td class="shade-0"></td>'
    rows = []
    for place in matrix.jurisdictions:
        code = place["code"]
        link = reverse("jurisdiction", args=[code])
        cells = [f'<th class="place"><a href="{link}" hx-boost="false">{_escape(code)}</a></th>']
        place_query = f"{carried}jurisdiction={_escape(quote(code))}&amp;category="
        for category, quoted in categories:
            cell = by_key.get((code, category))
            cells.append(empty if cell is None else _heatmap_cell(cell, top, place_query + quoted))
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return mark_safe("".join(rows))  # noqa: S308 - every value above is escaped


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _heatmap_cell(cell, top: int, query: str) -> str:
    count = cell.obligation_count
    shade = math.ceil(4 * count / top) if top and count else 0
    title = f"{count} obligation{'s' if count != 1 else ''} in {cell.bill_count} law" + (
        "s" if cell.bill_count != 1 else ""
    )
    strictest = next(iter(cell.strictest.values()), None)
    if strictest:
        shown = f"<b>{_escape(strictest['label'])}</b> <small>{_escape(strictest['bill'])}</small>"
    else:
        shown = str(count) if count else ""
    if cell.pending:
        title += f"; {cell.pending.obligation_count} in pending bills"
        shown += f' <span class="pending-layer">+{cell.pending.obligation_count}</span>'
    return f'<td class="shade-{shade}"><a href="?{query}" title="{title}">{shown}</a></td>'


def _summaries(matrix: Matrix, params: dict) -> list[dict]:
    """A zoomed matrix's cells for reading: counts, strictest values and their drill-down."""
    carried = {k: v for k, v in params.items() if k in CARRIED and v}
    return [
        {
            "cell": cell,
            "label": CATEGORY_BY_CODE[cell.category].label,
            "query": urlencode(
                {**carried, "jurisdiction": cell.jurisdiction, "category": cell.category}
            ),
        }
        for cell in matrix.cells
    ]


def _drill_context(page: CellPage, params) -> dict:
    """The drill-down fragment's context: the cell, its obligations grouped by bill, paging."""
    query = {k: v for k, v in params.items() if k != "page" and v != ""}
    groups: list[tuple[dict, str, list[dict]]] = []
    for ob in listed(page):
        bill = page.bills[ob["bill_id"]]
        if not groups or groups[-1][0]["id"] != bill["id"] or groups[-1][1] != ob["layer"]:
            groups.append((bill, ob["layer"], []))
        groups[-1][2].append(ob)
    return {
        "cellpage": page,
        "cell_label": CATEGORY_BY_CODE[page.filters.category].label,
        "groups": groups,
        "cell_query": urlencode(query),
        "previous_query": urlencode({**query, "page": page.page - 1}) if page.page > 1 else "",
        "next_query": urlencode({**query, "page": page.page + 1}) if page.has_next else "",
    }
