"""The search page, ``/search/``, and the bills list, ``/bills/``: one form, one filter set.

Both read their parameters through ``bills.api.filters.BillFilter``, the
filter set of ``/api/v1/bills/``, so the page, the list and the API accept
the same query and a bad one is the same 400 everywhere. The whole query
lives in the URL: a search can be bookmarked, shared or followed as a feed.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bills.api.filters import SORTS, BillFilter
from bills.models import Bill, Jurisdiction
from bills.search import attach_snippets
from bills.vocabulary.taxonomy import ACTORS, CATEGORIES
from vocabulary.kinds import BILL_KINDS
from vocabulary.statuses import STATUSES

PAGE_SIZE = 20


def search_page(request: HttpRequest) -> HttpResponse:
    return _bill_list(request, "bills/search.html")


def bill_list_page(request: HttpRequest) -> HttpResponse:
    """Every bill, newest action first, with the same filters (the home page's counts link here)."""
    return _bill_list(request, "bills/bill_list.html")


def _bill_list(request: HttpRequest, template: str) -> HttpResponse:
    params = request.GET
    query = params.get("q", "").strip()
    bills = Bill.objects.select_related("jurisdiction", "session")
    if not query:
        bills = bills.order_by("-latest_action_date", "-id")
    found = BillFilter(params, queryset=bills)
    context = {
        "query": query,
        "params": params,
        "form_choices": _choices(),
        "sorts": SORTS,
        "status_selected": params.getlist("status"),
    }
    if not found.is_valid():
        context["errors"] = found.errors
        return render(request, template, context, status=400)
    page = Paginator(found.qs, PAGE_SIZE).get_page(params.get("page"))
    page.object_list = list(page.object_list)  # one query; snippets are set on these rows
    if query:
        attach_snippets(query, page.object_list)
    context.update(page=page, bills=page.object_list)
    return render(request, template, context)


def _choices() -> dict:
    """The form's options, labelled for people (names, never codes)."""
    return {
        "jurisdictions": Jurisdiction.objects.order_by("kind", "name").values_list("code", "name"),
        "statuses": list(STATUSES.items()),
        "kinds": list(BILL_KINDS.items()),
        "categories": [(c.code, c.label) for c in CATEGORIES],
        "actors": [(a.code, a.label) for a in ACTORS],
    }
