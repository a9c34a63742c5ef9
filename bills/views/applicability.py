""" "What applies to me": a profile in the query string, the applicable obligations out."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bills.api.serializers import ProfileSerializer
from bills.applicability import PROFILE_ROLES, applicable_obligations
from bills.models import Jurisdiction
from bills.vocabulary.taxonomy import ACTOR_BY_CODE


def applies_page(request: HttpRequest) -> HttpResponse:
    params = request.GET
    context = {
        "roles": [(code, _role_label(code)) for code in PROFILE_ROLES],
        "places": Jurisdiction.objects.exclude(kind="federal").order_by("code"),
        "chosen_roles": params.getlist("roles"),
        "chosen_states": params.getlist("states"),
        "params": params,
    }
    if "roles" not in params:
        if params.get("asked"):  # the form was sent with no role ticked
            errors = {"roles": ["Choose at least one role: who you are decides what applies."]}
            return render(request, "bills/applies.html", {**context, "errors": errors}, status=400)
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
    report = applicable_obligations(profile.profile())
    names = dict(Jurisdiction.objects.values_list("code", "name"))
    for category in report.categories:  # the summary table's counts, read before the details
        category.applies_count = sum(f.outcome == "applies" for f in category.findings)
        category.may_count = len(category.findings) - category.applies_count
        category.by_place = _by_place(category.findings, names)
    params = params.copy()
    params.pop("asked", None)
    # Citations print with their full address: a printed report is read away from the site.
    origin = request.build_absolute_uri("/").rstrip("/")
    context.update(report=report, api_query=params.urlencode(), origin=origin)
    context.update(
        profile_roles=[_role_label(code) for code in report.profile.roles],
        profile_states=[names.get(code, code) for code in report.profile.states],
    )
    return render(request, "bills/applies.html", context)


def _by_place(findings: list, names: dict[str, str]) -> list[tuple[str, list]]:
    """Findings grouped by jurisdiction (already in code order), each group named."""
    groups: dict[str, list] = {}
    for finding in findings:
        groups.setdefault(finding.jurisdiction, []).append(finding)
    return [(names.get(code, code), group) for code, group in groups.items()]


def _role_label(code: str) -> str:
    actor = ACTOR_BY_CODE.get(code)
    return actor.label if actor else code.replace("_", " ").capitalize()
