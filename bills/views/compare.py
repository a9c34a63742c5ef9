"""Bills side by side: per category, attribute values per bill with the strictest marked."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

from bills.api.serializers import CompareQuerySerializer
from bills.compare import compare_bills
from bills.models import Bill


def compare_page(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("bills", "")
    context = {
        "raw": raw,
        "params": request.GET,
        "bill_choices": Bill.objects.select_related("jurisdiction")[:300],
    }
    if not raw:
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
