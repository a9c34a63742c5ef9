""" "What applies to me": a profile in the query string, the applicable obligations out."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bills.api.serializers import ProfileSerializer
from bills.applicability import PROFILE_ROLES, applicable_obligations
from bills.models import Jurisdiction


def applies_page(request: HttpRequest) -> HttpResponse:
    params = request.GET
    context = {
        "roles": PROFILE_ROLES,
        "places": Jurisdiction.objects.exclude(kind="federal").order_by("code"),
        "chosen_roles": params.getlist("roles"),
        "chosen_states": params.getlist("states"),
        "params": params,
    }
    if "roles" not in params:
        return render(request, "bills/applies.html", context)
    data = {k: v for k, v in params.lists() if v != [""]}
    data = {k: (v if k in ("roles", "states", "sectors") else v[0]) for k, v in data.items()}
    if "sectors" in data:
        data["sectors"] = ",".join(data["sectors"])
    profile = ProfileSerializer(data=data)
    if not profile.is_valid():
        return render(
            request, "bills/applies.html", {**context, "errors": profile.errors}, status=400
        )
    context.update(report=applicable_obligations(profile.profile()), api_query=params.urlencode())
    return render(request, "bills/applies.html", context)
