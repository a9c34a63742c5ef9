"""Home, bill and health pages."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from bills.health import stale_sources
from bills.models import Bill, ChangeEvent, Obligation
from bills.vocabulary.statuses import STATUSES
from bills.vocabulary.taxonomy import CATEGORY_BY_CODE


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


def health(request: HttpRequest) -> JsonResponse:
    """200 when every source ran successfully recently; 503 with the stale ones otherwise."""
    alarms = stale_sources()
    body = {
        "status": "stale" if alarms else "ok",
        "stale_sources": [
            {"source": a.source, "last_success": a.last_success, "message": a.message}
            for a in alarms
        ],
    }
    return JsonResponse(body, status=503 if alarms else 200)
