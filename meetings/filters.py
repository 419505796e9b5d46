"""One FilterSet per list, shared by the web list, its CSV export and the API."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings import caching
from meetings.models import Commitment, Division, Mechanism, Meeting, Party, Reported, Topic
from meetings.selectors import (
    AGE_BUCKET_BY_KEY,
    AGE_BUCKETS,
    changed_since_start,
)
from meetings.status import CLOSED_STATUSES, OPEN_STATUSES, Kind, MeetingKind, Review, Status


class StrictNullBooleanSelect(forms.NullBooleanSelect):
    """Hands the raw value to the field, so that it can refuse one it does not know."""

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class StrictNullBooleanField(forms.NullBooleanField):
    """Yes, no or either; ``?overdue=maybe`` is an error, not silently "either"."""

    widget = StrictNullBooleanSelect

    def to_python(self, value):
        if value in (None, "", "unknown"):
            return None
        result = super().to_python(value)
        if result is None:
            raise ValidationError(_("Choose true or false."), code="invalid")
        return result


class WholeNumberFilter(django_filters.NumberFilter):
    """A whole number within bounds the database can compare with: anything else is the
    field's error (400), never a server error."""

    field_class = forms.IntegerField


class BooleanFilter(django_filters.BooleanFilter):
    field_class = StrictNullBooleanField


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sorts by the chosen columns, then by id: among rows that tie (two commitments with one
    title), pages and the CSV export follow one order, and no row shows twice or never."""

    def filter(self, qs: QuerySet, value) -> QuerySet:
        qs = super().filter(qs, value)
        return qs.order_by(*qs.query.order_by, "pk") if value else qs


class DraftsHiddenFilterSet(django_filters.FilterSet):
    """Imported drafts stay out of every list unless ``review`` asks for them."""

    review = django_filters.ChoiceFilter(
        label=_("Review"), choices=Review.choices, method="filter_review"
    )

    @property
    def qs(self) -> QuerySet:
        queryset = super().qs
        if not self.form.cleaned_data.get("review"):
            queryset = queryset.confirmed()
        return queryset

    def filter_review(self, queryset, name, value):
        return queryset.filter(review=value) if value else queryset


class CommitmentFilter(DraftsHiddenFilterSet):
    """Filters for commitments. Drafts are hidden unless ``review`` asks for them."""

    q = django_filters.CharFilter(label=_("Text"), method="filter_text")
    # No DISTINCT (django-filter's default for these two): neither can repeat a row, and a
    # DISTINCT makes the paginator count over every selected column, text included.
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=Status.choices, distinct=False
    )
    open = BooleanFilter(label=_("Open only"), method="filter_open")
    counterpart = django_filters.ModelChoiceFilter(
        label=_("Counterpart"),
        queryset=Party.objects.counterparts(),
        to_field_name="code",
        method="filter_counterpart",
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        field_name="topics",
        distinct=False,
    )
    mechanism = django_filters.ModelChoiceFilter(
        label=_("Mechanism"), queryset=Mechanism.objects.all(), field_name="mechanism"
    )
    meeting = django_filters.ModelChoiceFilter(
        label=_("Meeting"), queryset=Meeting.objects.all(), field_name="meeting"
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Owner"), queryset=Division.objects.all(), field_name="owner"
    )
    assignee = django_filters.ModelChoiceFilter(
        label=_("Assignee"),
        queryset=get_user_model().objects.order_by(get_user_model().USERNAME_FIELD),
        field_name="assignee",
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Kind.choices)
    due_after = django_filters.DateFilter(
        label=_("Expected on or after"), field_name="expected_by", lookup_expr="gte"
    )
    due_before = django_filters.DateFilter(
        label=_("Expected on or before"), field_name="expected_by", lookup_expr="lte"
    )
    overdue = BooleanFilter(label=_("Overdue"), method="filter_overdue")
    stale = BooleanFilter(label=_("Stale"), method="filter_stale")
    continuing = BooleanFilter(label=_("Continuing"), field_name="continuing")
    age = django_filters.ChoiceFilter(
        label=_("Age (since made)"),
        choices=[(bucket.key, bucket.label) for bucket in AGE_BUCKETS],
        method="filter_age",
    )
    changed_since = django_filters.DateFilter(
        label=_("Changed on or after"), method="filter_changed_since"
    )
    reported = django_filters.ChoiceFilter(
        label=_("Reported"),
        choices=Reported.choices,
        method="filter_reported",
        help_text=_(
            "Which sides' readouts report it: by one side only, while the meeting has "
            "readouts from both."
        ),
    )
    reaffirmed_without_moving = WholeNumberFilter(
        label=_("Reaffirmed at least this often without moving"),
        method="filter_reaffirmed_without_moving",
        min_value=1,
        max_value=1_000_000,
    )

    ordering = StableOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("title", "title"),
            ("status", "status"),
            ("expected_by", "expected_by"),
            ("made_on", "meeting"),
            ("last_activity_on", "last_activity"),
            ("updated_at", "updated"),
            ("priority", "priority"),
        ),
    )

    class Meta:
        model = Commitment
        fields: list[str] = []

    # Filters and sort keys that read a commitment's activity: a note recorded moves them.
    READS_ACTIVITY = frozenset({"stale", "changed_since"})
    SORTS_BY_ACTIVITY = frozenset({"last_activity", "updated"})

    @classmethod
    def count_scopes(cls, params) -> tuple[str, ...]:
        """The cached scopes a count of this list reads, for ``params`` (a query string)."""
        sorted_by = {key.lstrip("-") for key in params.get("ordering", "").split(",")}
        if cls.READS_ACTIVITY & {key for key in params if params.get(key)} or (
            cls.SORTS_BY_ACTIVITY & sorted_by
        ):
            return (caching.FIGURES, caching.ACTIVITY)
        return (caching.FIGURES,)

    def contradictions(self) -> list[str]:
        """What the chosen filters say against each other, so that the list can say why it
        is empty (each a sentence naming the filters); call after ``is_valid()``."""
        data = self.form.cleaned_data
        found = []
        statuses = set(data.get("status") or ())
        closed_chosen = sorted(statuses & CLOSED_STATUSES)
        open_chosen = sorted(statuses & OPEN_STATUSES)
        labels = dict(Status.choices)
        if data.get("open") is True and closed_chosen:
            found.append(
                _("“Open only” leaves out the closed status chosen: %(statuses)s.")
                % {"statuses": ", ".join(str(labels[s]) for s in closed_chosen)}
            )
        if data.get("open") is False and open_chosen:
            found.append(
                _("“Open only: no” leaves out the open status chosen: %(statuses)s.")
                % {"statuses": ", ".join(str(labels[s]) for s in open_chosen)}
            )
        for name, label in (("overdue", _("Overdue")), ("stale", _("Stale"))):
            if data.get(name) is not True:
                continue
            if data.get("open") is False or (statuses and not open_chosen):
                found.append(
                    _("Only open commitments are %(filter)s, and only closed ones are asked for.")
                    % {"filter": str(label).lower()}
                )
        if data.get("overdue") is True and data.get("continuing") is True:
            found.append(_("A continuing commitment is never overdue."))
        after, before = data.get("due_after"), data.get("due_before")
        if after and before and after > before:
            found.append(
                _(
                    "“Expected on or after” (%(after)s) is later than “Expected on or before” "
                    "(%(before)s)."
                )
                % {"after": after.isoformat(), "before": before.isoformat()}
            )
        return found

    def filter_text(self, queryset, name, value):
        return queryset.matching(value) if value else queryset

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.open() if value else queryset.closed()

    def filter_counterpart(self, queryset, name, value):
        return queryset.for_counterpart(value) if value else queryset

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = Commitment.objects.overdue(timezone.localdate()).values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)

    def filter_age(self, queryset, name, value):
        return queryset.filter(AGE_BUCKET_BY_KEY[value].q(timezone.localdate()))

    def filter_changed_since(self, queryset, name, value):
        return queryset.filter(updated_at__gte=changed_since_start(value))

    def filter_reported(self, queryset, name, value):
        return queryset.reported(value) if value else queryset

    def filter_reaffirmed_without_moving(self, queryset, name, value):
        return queryset.filter(reaffirmed_since_move__gte=value)

    def filter_stale(self, queryset, name, value):
        if value is None:
            return queryset
        stale = Commitment.objects.stale(timezone.localdate()).values("pk")
        return queryset.filter(pk__in=stale) if value else queryset.exclude(pk__in=stale)


class MeetingFilter(DraftsHiddenFilterSet):
    q = django_filters.CharFilter(label=_("Text"), method="filter_text")
    counterpart = django_filters.ModelChoiceFilter(
        label=_("Counterpart"),
        queryset=Party.objects.counterparts(),
        to_field_name="code",
        field_name="parties",
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=MeetingKind.choices)
    mechanism = django_filters.ModelChoiceFilter(
        label=_("Mechanism"), queryset=Mechanism.objects.all(), field_name="mechanism"
    )
    # Dates hold the years 1 to 9999 and no other.
    year = WholeNumberFilter(
        label=_("Year"), field_name="held_on", lookup_expr="year", min_value=1, max_value=9999
    )
    ordering = StableOrderingFilter(
        label=_("Sort by"), fields=(("held_on", "date"), ("title", "title"))
    )

    class Meta:
        model = Meeting
        fields: list[str] = []

    def filter_text(self, queryset, name, value):
        return queryset.matching(value)
