"""The subscribe and manage form: the same fields and codes as the API's serializer."""

from __future__ import annotations

from django import forms

from bills.models import Bill

from . import choices
from .query import validation_error


class FiltersForm(forms.Form):
    jurisdictions = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, help_text="None ticked: all."
    )
    categories = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Obligation categories"
    )
    actors = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Who must act"
    )
    legal_states = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Legal states"
    )
    query = forms.CharField(
        required=False,
        max_length=choices.QUERY_MAX,
        label="Search words",
        help_text='As in search: "quoted phrase", -exclude, or.',
    )
    bills = forms.CharField(
        required=False,
        label="Watch list (bill ids)",
        help_text="Comma-separated bill ids, e.g. 12, 40. Empty: every bill.",
    )
    frequency = forms.ChoiceField(widget=forms.RadioSelect, initial="daily")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdictions"].choices = choices.jurisdiction_choices()
        self.fields["categories"].choices = choices.categories()
        self.fields["actors"].choices = choices.actors()
        self.fields["legal_states"].choices = choices.legal_states()
        self.fields["frequency"].choices = choices.frequencies()

    def clean_query(self) -> str:
        query = self.cleaned_data.get("query") or ""
        problem = validation_error(query)
        if problem:
            raise forms.ValidationError(problem)
        return query

    def clean_bills(self) -> list[int]:
        raw = self.cleaned_data.get("bills") or ""
        if isinstance(raw, list):
            raw = ",".join(str(x) for x in raw)
        try:
            ids = sorted({int(part) for part in raw.replace(" ", ",").split(",") if part})
        except ValueError as exc:
            raise forms.ValidationError("Bill ids are numbers, separated by commas.") from exc
        missing = set(ids) - set(Bill.objects.filter(id__in=ids).values_list("id", flat=True))
        if missing:
            raise forms.ValidationError(f"No bill with id {', '.join(map(str, sorted(missing)))}.")
        return ids

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in ("jurisdictions", "categories", "actors", "legal_states", "query", "bills")
        }


class SubscribeForm(FiltersForm):
    email = forms.EmailField(label="Email address")
    field_order = ["email"]
