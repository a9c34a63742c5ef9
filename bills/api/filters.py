"""django-filter sets for the list endpoints; their names are the search page's parameter names."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet

from bills.legal_state import legal_state_q
from bills.models import Bill, ChangeEvent, Obligation
from bills.search import SearchQueryError, parse_query, search_bills
from bills.vocabulary.taxonomy import actor_choices, category_choices
from vocabulary.kinds import BILL_KINDS
from vocabulary.legal_states import LEGAL_STATES
from vocabulary.statuses import STATUSES

from .serializers import MAX_ID


class IdField(forms.IntegerField):
    """A row id: a whole number from 1 to 2^63 - 1 (larger ones are a 400, not a 500)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class IdFilter(django_filters.NumberFilter):
    field_class = IdField


class StrictBooleanField(forms.NullBooleanField):
    """``true``/``false`` (or ``1``/``0``); anything else is a 400, not silently no filter."""

    widget = forms.TextInput  # the boolean widgets turn an unknown value into "no filter"

    def to_python(self, value):
        if value in (None, ""):
            return None
        if str(value).lower() in ("true", "1"):
            return True
        if str(value).lower() in ("false", "0"):
            return False
        raise ValidationError("Give true or false.")

    def validate(self, value):
        pass  # None (absent) is allowed; to_python has rejected anything else


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


def _runnable_query(value: str) -> None:
    """A search the engines can run, or a 400 naming ``q`` with the reason."""
    try:
        parse_query(value)
    except SearchQueryError as error:
        raise ValidationError(str(error)) from error


SORTS = {"relevance": "Relevance", "date": "Latest action, newest first"}


class LegalStateFilterSet(django_filters.FilterSet):
    """``legal_state`` (repeatable) on today's stored state, or on the state of ``as_of``."""

    legal_state = django_filters.MultipleChoiceFilter(
        choices=list(LEGAL_STATES.items()), method="filter_nothing"
    )
    as_of = django_filters.DateFilter(method="filter_nothing", label="As of (YYYY-MM-DD)")

    def filter_nothing(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset  # both are applied together in filter_queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        states = self.form.cleaned_data.get("legal_state")
        if states:
            queryset = queryset.filter(legal_state_q(states, self.form.cleaned_data.get("as_of")))
        return queryset


class BillFilter(LegalStateFilterSet):
    q = django_filters.CharFilter(
        method="filter_text",
        label="Search the text",
        validators=[_runnable_query],
        help_text='Words, "a phrase", -leave-out, or: as in a web search engine.',
    )
    jurisdiction = django_filters.CharFilter(field_name="jurisdiction__code")
    session = django_filters.CharFilter(field_name="session__identifier")
    status = django_filters.MultipleChoiceFilter(choices=list(STATUSES.items()))
    kind = django_filters.ChoiceFilter(choices=list(BILL_KINDS.items()))
    date_from = django_filters.DateFilter(field_name="latest_action_date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="latest_action_date", lookup_expr="lte")
    category = django_filters.ChoiceFilter(choices=category_choices(), method="filter_obligation")
    actor = django_filters.ChoiceFilter(choices=actor_choices(), method="filter_obligation")
    # Declared last: django-filter applies filters in order, and sorting comes after the search.
    sort = django_filters.ChoiceFilter(
        choices=list(SORTS.items()), method="sort_by", empty_label="Relevance"
    )

    class Meta:
        model = Bill
        fields = ["q", "jurisdiction", "session", "status", "kind"]

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Full-text search (``bills.search``), ranked best first."""
        return search_bills(value, queryset)

    def filter_obligation(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        shown = Obligation.objects.shown().filter(**{name: value})
        return queryset.filter(pk__in=shown.values("bill_id"))

    def sort_by(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "date":
            return queryset.order_by(F("latest_action_date").desc(nulls_last=True), "-id")
        return queryset


class ObligationFilter(LegalStateFilterSet):
    jurisdiction = django_filters.CharFilter(field_name="jurisdiction__code")
    category = django_filters.ChoiceFilter(choices=category_choices())
    actor = django_filters.ChoiceFilter(choices=actor_choices())
    bill = IdFilter(field_name="bill_id")
    status = django_filters.MultipleChoiceFilter(
        field_name="bill__status", choices=list(STATUSES.items())
    )
    rule_id = django_filters.CharFilter(
        max_length=64, help_text="Found by this extraction rule (e.g. incident.report)"
    )
    needs_review = StrictBooleanFilter(
        help_text="true: under the calibrated confidence threshold, waiting for an editor"
    )

    class Meta:
        model = Obligation
        fields = [
            "jurisdiction",
            "category",
            "actor",
            "bill",
            "review_state",
            "rule_id",
            "needs_review",
        ]


class UtcIsoDateTimeField(django_filters.fields.IsoDateTimeField):
    """An ISO timestamp at any offset, compared in UTC.

    ISO 8601 allows offsets up to ±23:59, PostgreSQL only ±15:59 ("time zone displacement out
    of range"), so `?since=…+19:05` answered 500 there and 200 on SQLite. In UTC both backends
    take it; a moment that leaves the calendar in UTC (year 1 ahead of UTC) is a 400.
    """

    def clean(self, value):
        moment = super().clean(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(datetime.UTC)
        except (OverflowError, ValueError) as error:
            raise ValidationError("Give a timestamp between the years 1 and 9999 (UTC).") from error


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


class ChangeEventFilter(django_filters.FilterSet):
    since = UtcIsoDateTimeFilter(field_name="occurred_at", lookup_expr="gt")
    jurisdiction = django_filters.CharFilter(field_name="bill__jurisdiction__code")

    class Meta:
        model = ChangeEvent
        fields = ["since", "kind", "jurisdiction"]
