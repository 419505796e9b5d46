"""The audit page's filter (managers): by person, date range, door and kind of record."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from meetings.audit.context import Door
from meetings.audit.models import Entry
from meetings.audit.registration import followed_models


def _kinds():
    return [
        (ContentType.objects.get_for_model(model).pk, str(model._meta.verbose_name))
        for model in followed_models()
    ]


class AuditFilter(django_filters.FilterSet):
    person = django_filters.ModelChoiceFilter(
        label=_("Person"),
        field_name="actor",
        queryset=get_user_model().objects.order_by("username"),
    )
    since = django_filters.DateFilter(
        label=_("From"),
        field_name="timestamp",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        label=_("To"),
        field_name="timestamp",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    door = django_filters.ChoiceFilter(label=_("Door"), choices=Door.choices)
    kind = django_filters.TypedChoiceFilter(
        label=_("Record"), field_name="content_type", choices=_kinds, coerce=int
    )

    class Meta:
        model = Entry
        fields: list[str] = []
