"""Bills side by side: per category, attribute values per bill with the strictest marked."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

from bills.api.serializers import CompareQuerySerializer
from bills.compare import compare_bills
from bills.models import Bill
from bills.search.suggest import suggest_bills


def compare_page(request: HttpRequest) -> HttpResponse:
    """Bills are picked by name or number (``find``; htmx suggests as one types, and without
    JavaScript the form's Find button lists the same suggestions); ``?bills=1,2`` still works."""
    # A bill ticked twice (in the list and again in fresh suggestions) is one bill.
    raw = ",".join(dict.fromkeys(p.strip() for p in request.GET.getlist("bills") if p.strip()))
    find = request.GET.get("find", "").strip()
    context = {
        "raw": raw,
        "params": request.GET,
        "find": find,
        "chosen": _chosen(raw),
        "suggestions": suggest_bills(find) if find else [],
    }
    if not raw or len(context["chosen"]) < 2 and find:
        return render(request, "bills/compare.html", context)
    params = {k: request.GET.get(k, "") for k in ("as_of", "include")}
    params = {k: v for k, v in params.items() if v}
    query = CompareQuerySerializer(data={"bills": raw, **params})
    if not query.is_valid():
        return render(
            request, "bills/compare.html", {**context, "errors": query.errors}, status=400
        )
    comparison = compare_bills(**query.arguments())
    context.update(
        comparison=comparison,
        rows=_comparison_rows(comparison),
        api_query=urlencode({"bills": raw, **params}),
        params=params,
    )
    return render(request, "bills/compare.html", context)


def compare_suggestions(request: HttpRequest) -> HttpResponse:
    """The autocomplete's list (htmx swaps it under the box): bills to tick, by name or number."""
    find = request.GET.get("find", "").strip()
    ticked = _chosen(",".join(request.GET.getlist("bills")))
    # Bills already ticked stay ticked at the top: the list is replaced on every keystroke.
    suggestions = [b for b in suggest_bills(find) if b not in ticked]
    context = {"ticked": ticked, "suggestions": suggestions, "find": find}
    return render(request, "bills/partials/compare_suggestions.html", context)


def _chosen(raw: str) -> list[Bill]:
    # Only ids a database key can hold: anything else is for the serializer to refuse.
    ids = [int(p) for p in raw.split(",") if p.strip().isdigit() and len(p.strip()) < 19][:4]
    found = Bill.objects.select_related("jurisdiction").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def _comparison_rows(comparison) -> list[dict]:
    """Per category: attribute rows (a value per bill, marked) and the cited obligations per bill."""
    ids = [b["id"] for b in comparison.bills]
    return [
        {
            "category": cat,
            "attributes": [
                {
                    "attr": attr,
                    "values": [(attr.values.get(pk, ""), pk in attr.strictest) for pk in ids],
                }
                for attr in cat.attributes
            ],
            "obligations": [cat.obligations.get(pk, []) for pk in ids],
        }
        for cat in comparison.categories
    ]
