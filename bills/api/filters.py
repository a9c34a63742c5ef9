"""django-filter sets for the list endpoints; their names are the search page's parameter names."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from bills.models import Bill, ChangeEvent, Obligation
from bills.vocabulary.taxonomy import actor_choices, category_choices
from vocabulary.kinds import BILL_KINDS
from vocabulary.statuses import STATUSES


class BillFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label="Text (title, name, abstract)")
    jurisdiction = django_filters.CharFilter(field_name="jurisdiction__code")
    session = django_filters.CharFilter(field_name="session__identifier")
    status = django_filters.MultipleChoiceFilter(choices=list(STATUSES.items()))
    kind = django_filters.ChoiceFilter(choices=list(BILL_KINDS.items()))
    date_from = django_filters.DateFilter(field_name="latest_action_date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="latest_action_date", lookup_expr="lte")
    category = django_filters.ChoiceFilter(choices=category_choices(), method="filter_obligation")
    actor = django_filters.ChoiceFilter(choices=actor_choices(), method="filter_obligation")

    class Meta:
        model = Bill
        fields = ["q", "jurisdiction", "session", "status", "kind"]

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Plain containment until the full-text engine of the next phase replaces it.
        text = Q()
        for field in ("title", "popular_name", "abstract", "identifier"):
            text |= Q(**{f"{field}__icontains": value})
        return queryset.filter(text)

    def filter_obligation(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        shown = Obligation.objects.shown().filter(**{name: value})
        return queryset.filter(pk__in=shown.values("bill_id"))


class ObligationFilter(django_filters.FilterSet):
    jurisdiction = django_filters.CharFilter(field_name="jurisdiction__code")
    category = django_filters.ChoiceFilter(choices=category_choices())
    actor = django_filters.ChoiceFilter(choices=actor_choices())
    bill = django_filters.NumberFilter(field_name="bill_id")
    status = django_filters.MultipleChoiceFilter(
        field_name="bill__status", choices=list(STATUSES.items())
    )

    class Meta:
        model = Obligation
        fields = ["jurisdiction", "category", "actor", "bill", "review_state"]


class ChangeEventFilter(django_filters.FilterSet):
    since = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="gt")
    jurisdiction = django_filters.CharFilter(field_name="bill__jurisdiction__code")

    class Meta:
        model = ChangeEvent
        fields = ["since", "kind", "jurisdiction"]
