"""A bill's page: its history, versions, sponsors and obligations by category."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from bills.models import Bill, Obligation
from bills.vocabulary.taxonomy import CATEGORY_BY_CODE


def bill_detail(request: HttpRequest, pk: int) -> HttpResponse:
    current = Obligation.objects.shown().order_by("category", "start")
    bill = get_object_or_404(
        Bill.objects.select_related("jurisdiction", "session").prefetch_related(
            "actions",
            "versions",
            "sponsorships",
            "related_bills__related",
            Prefetch("obligations", queryset=current, to_attr="current_obligations"),
        ),
        pk=pk,
    )
    groups: dict[str, list] = {}
    for ob in bill.current_obligations:
        groups.setdefault(CATEGORY_BY_CODE[ob.category].label, []).append(ob)
    return render(request, "bills/bill_detail.html", {"bill": bill, "obligation_groups": groups})
