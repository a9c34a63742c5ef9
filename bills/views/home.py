"""The home page: counts by status and recent changes."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bills.models import Bill, ChangeEvent
from vocabulary.statuses import STATUSES


def home(request: HttpRequest) -> HttpResponse:
    bills = (
        Bill.objects.select_related("jurisdiction", "session")
        .annotate(
            obligation_count=Count(
                "obligations",
                filter=Q(obligations__is_current=True) & ~Q(obligations__review_state="rejected"),
            )
        )
        .order_by("-latest_action_date", "jurisdiction__code", "identifier")
    )
    by_status = dict(Bill.objects.values_list("status").annotate(n=Count("id")))
    context = {
        "bills": bills[:200],
        "bill_count": Bill.objects.count(),
        "status_counts": [(STATUSES[s], by_status[s]) for s in STATUSES if s in by_status],
        "recent_changes": ChangeEvent.objects.select_related("bill", "bill__jurisdiction")[:10],
    }
    return render(request, "bills/home.html", context)
