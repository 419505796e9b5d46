"""Forms that validate everything a person types, and hand writes to the services."""

from collections.abc import Iterable

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _

from meetings import caching, selectors, services
from meetings.models import Commitment, Division, Meeting, Party, Update, as_number
from meetings.status import Effect, MeetingKind, Status, allowed_moves

# The later meetings the update form lists before any search: the likeliest twenty (a list a
# person reads at a glance; typing finds any other). Fifty were a fifth of the page's time.
MEETINGS_OFFERED = 20


class _OfferedChoiceIterator(ModelChoiceIterator):
    """The field's ``offered`` choices plus the chosen one, instead of its whole queryset."""

    @cached_property
    def _pairs(self) -> list[tuple[int, str]]:
        field = self.field
        pairs = list(field.offered)
        chosen = as_number(str(field.chosen or ""))
        if chosen is not None and all(pk != chosen for pk, _ in pairs):
            pairs[:0] = [
                (row.pk, field.label_from_instance(row)) for row in self.queryset.filter(pk=chosen)
            ]
        return pairs

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, label in self._pairs:
            yield (ModelChoiceIteratorValue(pk, None), label)

    def __len__(self):
        return len(self._pairs) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self):
        return True


class OfferedModelChoiceField(forms.ModelChoiceField):
    """Accepts any row of ``queryset`` but offers only ``offered`` (pairs of id and label)
    and the ``chosen`` id.

    For choices among thousands of rows: validation still sees every valid one, while the
    page renders a bounded ``<select>`` that a search can refill.
    """

    iterator = _OfferedChoiceIterator

    def __init__(self, *args, **kwargs):
        self.offered: Iterable[tuple[int, str]] = ()
        self.chosen: object = None
        super().__init__(*args, **kwargs)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal, shown beside the fields it names (the others above the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.error_dict.items():
        form.add_error(field if field in form.fields else None, messages)


def replacement_label(commitment: Commitment) -> str:
    """How a possible replacement is named in a list: number, title and date made."""
    made_on = date_format(commitment.made_on, "SHORT_DATE_FORMAT")
    return f"#{commitment.pk} {commitment.title} ({made_on})"


class RecordUpdateForm(forms.Form):
    """Record one update on a commitment: a status move, a note, a later meeting and its effect.

    The hidden ``version`` is the commitment's version when the form was drawn; if someone else
    changed the commitment since, saving fails with ``services.StaleVersion`` and nothing typed
    is lost (the bound form is shown again).
    """

    status = forms.ChoiceField(label=_("New status"), required=False)
    effect = forms.ChoiceField(
        label=_("What the meeting did"),
        required=False,
        choices=[("", _("— no linked meeting —")), *Effect.choices],
    )
    meeting = OfferedModelChoiceField(
        label=_("Later meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        help_text=_("The later meeting where it was discussed or fulfilled, if any."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 4})
    )
    happened_on = forms.DateField(
        label=_("Happened on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Defaults to the linked meeting's date, or today."),
    )
    source_url = forms.URLField(
        label=_("Source URL"), required=False, max_length=500, assume_scheme="https"
    )
    superseded_by = OfferedModelChoiceField(
        label=_("Replaced by"),
        queryset=Commitment.objects.none(),
        required=False,
        help_text=_("Only when marking it superseded."),
        error_messages={"invalid_choice": _("There is no confirmed commitment with that number.")},
        empty_label=_("— none —"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, commitment: Commitment, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("version", commitment.version)
        super().__init__(*args, **kwargs)
        self.commitment = commitment
        moves = allowed_moves(commitment.status, continuing=commitment.continuing)
        self.fields["status"].choices = [
            ("", _("— unchanged (%(status)s) —") % {"status": Status(commitment.status).label}),
            *[(value, Status(value).label) for value in moves],
        ]
        meeting = self.fields["meeting"]
        meeting.queryset = Meeting.objects.confirmed().filter(
            held_on__gte=commitment.meeting.held_on
        )
        # Any later meeting is accepted; the page offers the likeliest few and a search. Read
        # only if the form is drawn (a valid post is saved without them).
        meeting.offered = SimpleLazyObject(
            lambda: selectors.later_meetings_offered(commitment.meeting, MEETINGS_OFFERED)
        )
        meeting.chosen = self._chosen("meeting")
        # Any other confirmed commitment is accepted. The likeliest few are offered when the
        # part of the form that holds them is drawn open; closed, they are fetched when it
        # opens (``replacement-options``): most updates name no replacement.
        replacement = self.fields["superseded_by"]
        replacement.queryset = (
            Commitment.objects.confirmed().exclude(pk=commitment.pk).select_related("meeting")
        )
        replacement.offered = SimpleLazyObject(
            lambda: (
                [
                    (row.pk, replacement_label(row))
                    for row in selectors.likely_replacements(
                        commitment, selectors.REPLACEMENTS_OFFERED
                    )
                ]
                if self.opens_details
                else []
            )
        )
        replacement.label_from_instance = replacement_label
        replacement.chosen = self._chosen("superseded_by")

    # The fields under "Date, source, replacement", drawn folded unless one holds something.
    DETAILS = ("happened_on", "source_url", "find_replacement", "superseded_by")

    @property
    def opens_details(self) -> bool:
        """Whether "Date, source, replacement" is drawn open: something was typed or chosen
        there, or refused."""
        return self.is_bound and any(
            self.data.get(self.add_prefix(name)) or name in self.errors for name in self.DETAILS
        )

    def _chosen(self, name: str):
        """The value a field was given: posted, else initial (an offered field shows it)."""
        return self.data.get(self.add_prefix(name)) if self.is_bound else self.initial.get(name)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("happened_on"):
            meeting = cleaned.get("meeting")
            cleaned["happened_on"] = meeting.held_on if meeting else timezone.localdate()
        return cleaned

    def save(self, *, author) -> Update:
        """Record the update; raises StaleVersion, or adds field errors and re-raises."""
        data = self.cleaned_data
        try:
            return services.record_update(
                commitment=self.commitment,
                author=author,
                expected_version=data["version"],
                status=data["status"] or None,
                note=data["note"],
                meeting=data["meeting"],
                effect=data["effect"],
                happened_on=data["happened_on"],
                source_url=data["source_url"],
                superseded_by=data["superseded_by"],
            )
        except ValidationError as error:
            add_service_errors(self, error)
            raise


class BulkStatusForm(forms.Form):
    """The admin's "change status" action: one status and note for many commitments."""

    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    note = forms.CharField(
        label=_("Note"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class CorrectTextForm(forms.Form):
    """Correct a mis-pasted readout excerpt: the new words, and why (managers)."""

    text = forms.CharField(
        label=_("The readout's words"),
        strip=True,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Exactly as the readout prints them."),
    )
    reason = forms.CharField(
        label=_("Why they are corrected"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded on the timeline with the words they replace."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, commitment: Commitment, **kwargs):
        kwargs.setdefault("initial", {"text": commitment.text, "version": commitment.version})
        super().__init__(*args, **kwargs)
        self.commitment = commitment

    def save(self, *, author) -> Update:
        """Raises StaleVersion, or adds the service's field errors and re-raises."""
        data = self.cleaned_data
        try:
            return services.correct_text(
                commitment=self.commitment,
                author=author,
                expected_version=data["version"],
                text=data["text"],
                reason=data["reason"],
            )
        except ValidationError as error:
            add_service_errors(self, error)
            raise


class FollowUpForm(RecordUpdateForm):
    """The web app's update form: ``RecordUpdateForm`` plus a later meeting made on the spot.

    The new-meeting fields appear only for people allowed to add follow-up meetings; when a
    title is typed, the meeting and the update are created together or not at all.
    """

    # The parties drawn once per value; the later meeting and the replacement, offered per
    # commitment, each time.
    bound_field_class = caching.ChoicesRenderedOnce

    # The "Replaced by" search box: with JavaScript it refills the list as one types; without,
    # a number typed there names the replacement when none is chosen in the list.
    find_replacement = forms.CharField(
        label=_("Find the replacing commitment"), required=False, max_length=300
    )
    new_meeting_title = forms.CharField(label=_("Title of the new meeting"), required=False)
    new_meeting_kind = forms.ChoiceField(
        label=_("Kind of meeting"), required=False, choices=[("", "—"), *MeetingKind.choices]
    )
    new_meeting_held_on = forms.DateField(
        label=_("Date of the meeting"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    new_meeting_parties = forms.ModelMultipleChoiceField(
        label=_("Parties"),
        queryset=Party.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    NEW_MEETING_FIELDS = (
        "new_meeting_title",
        "new_meeting_kind",
        "new_meeting_held_on",
        "new_meeting_parties",
    )
    # Errors from the meeting service, by its argument name.
    _NEW_MEETING_ERRORS = {
        "title": "new_meeting_title",
        "kind": "new_meeting_kind",
        "held_on": "new_meeting_held_on",
        "parties": "new_meeting_parties",
        "meeting": "new_meeting_held_on",
    }

    def __init__(self, *args, commitment: Commitment, can_add_meeting: bool = False, **kwargs):
        super().__init__(*args, commitment=commitment, **kwargs)
        self.fields["meeting"].empty_label = _("— none —")
        self.fields["meeting"].queryset = self.fields["meeting"].queryset.exclude(
            pk=commitment.meeting_id
        )
        self.can_add_meeting = can_add_meeting
        if can_add_meeting:
            self.fields["new_meeting_parties"].initial = [
                party.pk for party in commitment.meeting.parties.all()
            ]
        else:
            for name in self.NEW_MEETING_FIELDS:
                del self.fields[name]

    @property
    def creates_meeting(self) -> bool:
        return self.can_add_meeting and bool(self.cleaned_data.get("new_meeting_title"))

    def clean(self):
        typed_date = self.cleaned_data.get("happened_on")
        cleaned = super().clean()
        typed = cleaned.get("find_replacement", "")
        if typed and not cleaned.get("superseded_by") and "superseded_by" not in self.errors:
            number = as_number(typed)
            replacements = self.fields["superseded_by"].queryset
            found = replacements.filter(pk=number).first() if number is not None else None
            if found is not None:
                cleaned["superseded_by"] = found
            elif cleaned.get("status") == Status.SUPERSEDED:
                self.add_error(
                    "superseded_by",
                    _("Choose the replacing commitment in the list, or type its number (#123)."),
                )
        if self.creates_meeting:
            if cleaned.get("meeting"):
                self.add_error(
                    "new_meeting_title",
                    _("Choose an existing meeting or create a new one, not both."),
                )
            for name in ("new_meeting_kind", "new_meeting_held_on"):
                if not cleaned.get(name):
                    self.add_error(name, _("Needed to create the meeting."))
            if not typed_date and cleaned.get("new_meeting_held_on"):
                cleaned["happened_on"] = cleaned["new_meeting_held_on"]
        return cleaned

    def save(self, *, author) -> Update:
        if not self.creates_meeting:
            return super().save(author=author)
        data = self.cleaned_data
        try:
            return services.record_update_with_new_meeting(
                commitment=self.commitment,
                author=author,
                meeting_title=data["new_meeting_title"],
                meeting_kind=data["new_meeting_kind"],
                meeting_held_on=data["new_meeting_held_on"],
                meeting_parties=data["new_meeting_parties"],
                expected_version=data["version"],
                status=data["status"] or None,
                note=data["note"],
                effect=data["effect"],
                happened_on=data["happened_on"],
                source_url=data["source_url"],
                superseded_by=data["superseded_by"],
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                field = self._NEW_MEETING_ERRORS.get(field, field)
                self.add_error(field if field in self.fields else None, messages)
            raise


class LinkMeetingForm(forms.Form):
    """From a meeting page: record what this meeting did to several open commitments."""

    commitments = forms.ModelMultipleChoiceField(
        label=_("Commitments this meeting took up"),
        queryset=Commitment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    effect = forms.ChoiceField(
        label=_("What the meeting did"),
        choices=Effect.choices,
        help_text=_(
            "Fulfilled closes them; advanced puts them in progress (ongoing, if continuing); "
            "the others leave their status as it is."
        ),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when the meeting fulfilled them."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commitments"].queryset = candidates

    def save(self, *, meeting: Meeting, author) -> list[Update]:
        data = self.cleaned_data
        try:
            return services.link_meeting(
                meeting=meeting,
                commitments=data["commitments"],
                effect=data["effect"],
                note=data["note"],
                author=author,
            )
        except ValidationError as error:
            self.add_error(None, error.messages)
            raise


class AssignForm(forms.Form):
    """Who follows a commitment up: its owning division and, within it, a person."""

    bound_field_class = caching.ChoicesRenderedOnce

    owner = forms.ModelChoiceField(
        label=_("Owner (division)"),
        queryset=Division.objects.all(),
        required=False,
        empty_label=_("— no division —"),
    )
    assignee = forms.ModelChoiceField(
        label=_("Assigned to"),
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        required=False,
        empty_label=_("— nobody —"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, commitment: Commitment, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "owner": commitment.owner_id,
                "assignee": commitment.assignee_id,
                "version": commitment.version,
            },
        )
        super().__init__(*args, **kwargs)
        self.commitment = commitment
        self.fields["assignee"].label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )

    def save(self, *, actor) -> Commitment:
        """Raises StaleVersion if someone changed the commitment since the form was drawn."""
        return services.assign_commitment(
            commitment=self.commitment,
            expected_version=self.cleaned_data["version"],
            owner=self.cleaned_data["owner"],
            assignee=self.cleaned_data["assignee"],
            actor=actor,
        )
