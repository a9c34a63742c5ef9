"""The patchwork page: a profile in the query string; the report, its heatmap and the research view."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bills.api.patchwork import PatchworkQuerySerializer
from bills.applicability import PROFILE_ROLES
from bills.models import Jurisdiction
from bills.patchwork.report import cached_patchwork
from bills.patchwork.research import cached_research
from bills.patchwork.selection import LEGAL_STATE_LABELS
from bills.patchwork.svg import growth_chart, heatmap
from bills.vocabulary.taxonomy import ACTOR_BY_CODE

_LISTS = ("roles", "states", "sectors")


def patchwork_page(request: HttpRequest) -> HttpResponse:
    params = request.GET
    context = {
        "roles": [(code, ACTOR_BY_CODE[code].label) for code in PROFILE_ROLES],
        "places": Jurisdiction.objects.exclude(kind="federal").order_by("code"),
        "chosen_roles": params.getlist("roles"),
        "chosen_states": params.getlist("states"),
        "params": params,
        "legal_states": LEGAL_STATE_LABELS,
    }
    query = None
    if "roles" in params:
        data = {k: (v if k in _LISTS else v[0]) for k, v in params.lists() if v != [""]}
        query = PatchworkQuerySerializer(data=data)
        if not query.is_valid():
            return render(
                request, "bills/patchwork.html", {**context, "errors": query.errors}, status=400
            )
    as_of = query.as_of_date() if query else _as_of(params.get("as_of"))
    research = cached_research(as_of, bool(query and query.validated_data["include_pending"]))
    context.update(as_of=as_of, research=research, growth_svg=growth_chart(research.growth))
    if query is not None:
        patchwork = cached_patchwork(query.profile(), as_of)
        context.update(
            patchwork=patchwork,
            profile_roles=[ACTOR_BY_CODE[r].label.lower() for r in patchwork.profile.roles],
            heatmap_svg=heatmap(patchwork),
            api_query=params.urlencode(),
        )
    return render(request, "bills/patchwork.html", context)


def _as_of(value: str | None) -> date:
    try:
        return date.fromisoformat(value) if value else date.today()
    except ValueError:
        return date.today()
