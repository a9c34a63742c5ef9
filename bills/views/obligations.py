"""One obligation: its cited span in context and the editors' review form."""

from __future__ import annotations

import json

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render

from bills.formatting import ATTRIBUTE_LABELS, format_attribute
from bills.models import Obligation
from bills.review import REVIEW_ACTIONS, review_obligation
from bills.vocabulary.taxonomy import actor_choices, category_choices

CONTEXT_CHARS = 400


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


def review_queue(request: HttpRequest) -> HttpResponse:
    """Obligations an editor should look at, lowest confidence first (``/obligations/``)."""
    queue = (
        Obligation.objects.filter(is_current=True, review_state="extracted", needs_review=True)
        .select_related("bill", "jurisdiction")
        .order_by("confidence", "pk")[:200]
    )
    return render(request, "bills/obligation_queue.html", {"queue": queue})


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
