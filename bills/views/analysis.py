"""Pages over the domain functions: matrix, compare, what applies to me, obligation review,
jurisdiction and federal pages. Each validates its query with the API's serializers, so a
page and its API endpoint accept exactly the same parameters."""

from __future__ import annotations

import json
import math

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode

from bills.api.serializers import CompareQuerySerializer, MatrixQuerySerializer, ProfileSerializer
from bills.applicability import PROFILE_ROLES, applicable_obligations
from bills.compare import compare_bills
from bills.formatting import ATTRIBUTE_LABELS, format_attribute
from bills.matrix import MatrixFilters, cached_matrix, federal_overlay
from bills.models import Bill, Jurisdiction, Obligation
from bills.review import REVIEW_ACTIONS, review_obligation
from bills.vocabulary.kinds import JURISDICTION_KINDS
from bills.vocabulary.statuses import STATUSES
from bills.vocabulary.taxonomy import ACTORS, CATEGORY_BY_CODE, actor_choices, category_choices

CONTEXT_CHARS = 400


def matrix_page(request: HttpRequest) -> HttpResponse:
    return _matrix_response(request, request.GET.dict(), "bills/matrix.html", {})


def jurisdiction_page(request: HttpRequest, code: str) -> HttpResponse:
    place = get_object_or_404(Jurisdiction, code=code)
    bills = place.bills.select_related("session").order_by("-latest_action_date", "identifier")
    extra = {"place": place, "place_bills": bills[:500]}
    return _matrix_response(
        request, {**request.GET.dict(), "jurisdiction": code}, "bills/matrix.html", extra
    )


def _matrix_response(
    request: HttpRequest, params: dict, template: str, extra: dict
) -> HttpResponse:
    query = MatrixQuerySerializer(data={k: v for k, v in params.items() if v != ""})
    context = {"params": params, "actors": ACTORS, "statuses": ["all", "enacted", "pending"]}
    context["kinds"] = JURISDICTION_KINDS
    if not query.is_valid():
        return render(request, template, {**context, **extra, "errors": query.errors}, status=400)
    matrix = cached_matrix(query.filters())
    api_query = urlencode({k: v for k, v in params.items() if v != ""})
    context.update(extra)
    context.update(
        matrix=matrix,
        grid=_grid(matrix),
        drilldown=_drilldown(matrix) if matrix.filters.zoomed else [],
        api_query=api_query,
    )
    return render(request, template, context)


def _grid(matrix) -> list[dict]:
    """Rows of the heatmap: each jurisdiction with one entry per category and a shade 0–4."""
    top = max((c.obligation_count for c in matrix.cells), default=0)
    rows = []
    for place in matrix.jurisdictions:
        entries = []
        for category in matrix.categories:
            cell = matrix.cell(place["code"], category["code"])
            count = cell.obligation_count if cell else 0
            shade = math.ceil(4 * count / top) if top and count else 0
            entries.append({"category": category, "cell": cell, "count": count, "shade": shade})
        rows.append({"place": place, "entries": entries})
    return rows


def _drilldown(matrix) -> list[dict]:
    """Zoomed cells with their obligations grouped by bill, for reading."""
    sections = []
    for cell in matrix.cells:
        by_bill: dict[int, list] = {}
        for ob in cell.obligations or []:
            by_bill.setdefault(ob["bill_id"], []).append(ob)
        sections.append(
            {
                "cell": cell,
                "label": CATEGORY_BY_CODE[cell.category].label,
                "bills": [(matrix.bills[pk], by_bill.get(pk, [])) for pk in cell.bill_ids],
            }
        )
    return sections


def compare_page(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("bills", "")
    context = {"raw": raw, "bill_choices": Bill.objects.select_related("jurisdiction")[:300]}
    if not raw:
        return render(request, "bills/compare.html", context)
    query = CompareQuerySerializer(data={"bills": raw})
    if not query.is_valid():
        return render(
            request, "bills/compare.html", {**context, "errors": query.errors}, status=400
        )
    comparison = compare_bills(query.validated_data["bills"])
    context.update(
        comparison=comparison,
        rows=_comparison_rows(comparison),
        api_query=urlencode({"bills": raw}),
    )
    return render(request, "bills/compare.html", context)


def _comparison_rows(comparison) -> list[dict]:
    """Per category: attribute rows (a value per bill, marked) and the cited obligations per bill."""
    ids = [b["id"] for b in comparison.bills]
    return [
        {
            "category": cat,
            "attributes": [
                {
                    "attr": attr,
                    "values": [(attr.values.get(pk, ""), pk in attr.strictest) for pk in ids],
                }
                for attr in cat.attributes
            ],
            "obligations": [cat.obligations.get(pk, []) for pk in ids],
        }
        for cat in comparison.categories
    ]


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


class ReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a.title()) for a in REVIEW_ACTIONS])
    category = forms.ChoiceField(choices=category_choices(), required=False)
    actor = forms.ChoiceField(choices=actor_choices(), required=False)
    attributes = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean_attributes(self):
        text = self.cleaned_data["attributes"].strip()
        if not text:
            return None
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(f"Not valid JSON: {error.msg}.") from error
        if not isinstance(value, dict):
            raise forms.ValidationError("Give a JSON object of attribute names and values.")
        return value


def obligation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ob = get_object_or_404(
        Obligation.objects.select_related("bill", "jurisdiction", "version", "reviewed_by"), pk=pk
    )
    form = ReviewForm(
        initial={
            "category": ob.category,
            "actor": ob.actor,
            "attributes": json.dumps(ob.attributes, indent=1),
        }
    )
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff:
            return HttpResponseForbidden("Only editors (staff) can review obligations.")
        form = ReviewForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            review_obligation(
                ob,
                request.user,
                data["action"],
                category=data["category"] or None,
                actor=data["actor"] or None,
                attributes=data["attributes"],
                note=data["note"],
            )
            return redirect("obligation-detail", pk=ob.pk)
    text = ob.version.text
    context = {
        "ob": ob,
        "before": text[max(0, ob.start - CONTEXT_CHARS) : ob.start],
        "cited": text[ob.start : ob.end] or ob.text,
        "after": text[ob.end : ob.end + CONTEXT_CHARS],
        "attributes": [
            (ATTRIBUTE_LABELS.get(k, k), format_attribute(k, v, ob.attributes), v)
            for k, v in ob.attributes.items()
        ],
        "form": form,
    }
    return render(
        request, "bills/obligation_detail.html", context, status=400 if form.errors else 200
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
