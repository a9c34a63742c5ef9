"""The redline page: ``/bills/<id>/diff/?from=<label>&to=<label>`` (default: the last two)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from bills.models import Bill
from bills.redline import redline


def bill_diff(request: HttpRequest, pk: int) -> HttpResponse:
    bill = get_object_or_404(Bill.objects.select_related("jurisdiction", "session"), pk=pk)
    labels = list(bill.versions.order_by("order", "date", "id").values_list("label", flat=True))
    context = {"bill": bill, "labels": labels}
    if len(labels) < 2:
        context["message"] = "This bill has only one text version, so there is nothing to compare."
        return render(request, "bills/bill_diff.html", context)
    old_label = request.GET.get("from") or labels[-2]
    new_label = request.GET.get("to") or labels[-1]
    unknown = [label for label in (old_label, new_label) if label not in labels]
    if unknown:
        context["errors"] = {
            "from/to": [f"No version labelled {unknown[0]!r}; this bill has: {', '.join(labels)}."]
        }
        return render(request, "bills/bill_diff.html", context, status=400)
    texts = dict(
        bill.versions.filter(label__in=[old_label, new_label]).values_list("label", "text")
    )
    context.update(
        old_label=old_label,
        new_label=new_label,
        result=redline(texts[old_label], texts[new_label]),
    )
    return render(request, "bills/bill_diff.html", context)
