"""The subscribe and manage form: the same fields and codes as the API's serializer."""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy

from . import choices, watchlist
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
        max_length=watchlist.MAX_ENTRIES * (watchlist.MAX_ENTRY_LENGTH + 2),
        label="Watch list",
        help_text=(
            "Bill numbers, separated by commas: CA SB 53, ny s8828, US-CA 2025 SB 53 "
            "(state, session if needed, number). Empty: every bill."
        ),
        widget=forms.TextInput(attrs={
            "autocomplete": "off", "placeholder": "CA SB 53, NY S 8828",
            "hx-get": reverse_lazy("digests:watch-list"), "hx-trigger": "input changed delay:300ms",
            "hx-target": "#watch-list-status", "hx-include": "this",
            "aria-describedby": "watch-list-status",
        }),
    )  # fmt: skip
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
        ids, errors = watchlist.watched_ids(self.cleaned_data.get("bills") or "")
        if errors:
            raise forms.ValidationError(errors)
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
