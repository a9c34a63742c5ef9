"""A jurisdiction's page (its bills and its matrix row) and the federal page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from bills.matrix import MatrixFilters, federal_overlay
from bills.models import Bill, Jurisdiction
from bills.views.matrix import matrix_response
from vocabulary.statuses import STATUSES


def jurisdiction_page(request: HttpRequest, code: str) -> HttpResponse:
    place = get_object_or_404(Jurisdiction, code=code)
    bills = place.bills.select_related("session").order_by("-latest_action_date", "identifier")
    extra = {"place": place, "place_bills": bills[:500]}
    return matrix_response(
        request, {**request.GET.dict(), "jurisdiction": code}, "bills/matrix.html", extra
    )


def federal_page(request: HttpRequest) -> HttpResponse:
    bills = Bill.objects.filter(jurisdiction__kind="federal").select_related(
        "jurisdiction", "session"
    )
    context = {
        "bills": bills.order_by("-status_date", "identifier")[:500],
        "items": federal_overlay(None, MatrixFilters()),
        "statuses": STATUSES,
    }
    return render(request, "bills/federal.html", context)
