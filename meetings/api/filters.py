"""Filters for the update feed. Commitments and meetings use ``meetings.filters`` (shared)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from meetings.models import Commitment, Meeting, Update
from meetings.status import Effect, Status


class UpdateFilter(django_filters.FilterSet):
    commitment = django_filters.ModelChoiceFilter(
        label=_("Commitment"), queryset=Commitment.objects.all(), field_name="commitment"
    )
    meeting = django_filters.ModelChoiceFilter(
        label=_("Later meeting"), queryset=Meeting.objects.all(), field_name="meeting"
    )
    status = django_filters.ChoiceFilter(label=_("New status"), choices=Status.choices)
    effect = django_filters.ChoiceFilter(label=_("Effect"), choices=Effect.choices)
    recorded_after = django_filters.IsoDateTimeFilter(
        label=_("Recorded at or after"), field_name="recorded_at", lookup_expr="gte"
    )
    happened_after = django_filters.DateFilter(
        label=_("Happened on or after"), field_name="happened_on", lookup_expr="gte"
    )
    happened_before = django_filters.DateFilter(
        label=_("Happened on or before"), field_name="happened_on", lookup_expr="lte"
    )

    class Meta:
        model = Update
        fields: list[str] = []
