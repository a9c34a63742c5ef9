"""A bill's page: its history, versions, sponsors and obligations by category."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from rest_framework.exceptions import ValidationError

from bills.api.serializers import AsOfField
from bills.legal_state import amendment_chain, period_on
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
    as_of = _as_of(request)
    groups: dict[str, list] = {}
    for ob in bill.current_obligations:
        if as_of:
            ob.legal_state_on = period_on(ob.legal_timeline, as_of)
        groups.setdefault(CATEGORY_BY_CODE[ob.category].label, []).append(ob)
    context = {
        "bill": bill,
        "obligation_groups": groups,
        "as_of": as_of,
        "state_on": period_on(bill.legal_timeline, as_of) if as_of else None,
        "chain": amendment_chain(bill),
    }
    return render(request, "bills/bill_detail.html", context)


def _as_of(request: HttpRequest):
    """``?as_of=YYYY-MM-DD`` (the stored state, today's, when absent or unreadable)."""
    raw = request.GET.get("as_of")
    if not raw:
        return None
    try:
        return AsOfField().run_validation(raw)
    except ValidationError:  # a bad date shows today's state; the page still renders
        return None
