"""Jurisdictions: the index with its tile-grid map, a state's page, and the federal page.

A state's page leads with the state's own bills and laws; federal items that
reach the state are one separate section at the end (they are the same on
every state's page, so they never push the state's own material down).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from bills import totals
from bills.matrix import MatrixFilters, federal_overlay
from bills.models import Bill, Jurisdiction
from bills.tilemap import legend, map_size, tiles
from bills.views.matrix import matrix_response
from vocabulary.jurisdictions import by_code
from vocabulary.legal_states import COUNTED
from vocabulary.statuses import STATUSES

PLACE_BILLS = 25  # the newest few, not the whole history: the bills list pages through the rest


def jurisdiction_index(request: HttpRequest) -> HttpResponse:
    width, height = map_size()
    context = {
        "tiles": tiles(),
        "legend": legend(),
        "map_width": width,
        "map_height": height,
        "places": Jurisdiction.objects.order_by("kind", "name"),
    }
    return render(request, "bills/jurisdictions.html", context)


def jurisdiction_page(request: HttpRequest, code: str) -> HttpResponse:
    place = Jurisdiction.objects.filter(code=code).first() or _known_place(code)
    if place.kind == "federal":
        return federal_page(request)
    # By the place's id, not its code: joined on the code, PostgreSQL walked every bill by date.
    own = Bill.objects.filter(jurisdiction_id=place.pk).select_related("session")
    own = own.order_by("-latest_action_date", "-id")
    laws = own.filter(legal_state__in=COUNTED)
    shown = (list(laws[:PLACE_BILLS]), list(own.exclude(legal_state__in=COUNTED)[:PLACE_BILLS]))
    law_totals, bill_totals = totals.place_counts(COUNTED)  # maintained: not a count of rows
    extra = {
        "place": place,
        "laws": shown[0],
        "other_bills": shown[1],
        "law_total": law_totals.get(place.pk, 0),
        "bill_total": bill_totals.get(place.pk, 0),
        "federal": federal_bills(code),
    }
    extra["more_bills"] = extra["bill_total"] > len(shown[0]) + len(shown[1])
    if place.pk is None:
        return render(request, "bills/jurisdiction.html", extra)
    params = {**request.GET.dict(), "jurisdiction": code}
    return matrix_response(request, params, "bills/jurisdiction.html", extra)


def federal_bills(code: str) -> list[dict]:
    """Each federal bill reaching this state once, with the states it names (if any)."""
    bills: dict[int, dict] = {}
    for item in federal_overlay([code], MatrixFilters()):
        entry = bills.setdefault(
            item.bill_id,
            {
                "bill_id": item.bill_id,
                "identifier": item.identifier,
                "name": item.name,
                "targets": [],
            },
        )
        entry["targets"] += [t for t in item.targets if t not in entry["targets"]]
    return list(bills.values())


def _known_place(code: str) -> Jurisdiction:
    """A state with nothing tracked yet still has a page (the map links every tile)."""
    try:
        known = by_code(code)
    except (KeyError, ValueError) as error:
        raise Http404(f"No jurisdiction {code}") from error
    return Jurisdiction(code=known.code, name=known.name, kind=known.kind)


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
