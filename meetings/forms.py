"""Forms that validate everything a person types, and hand writes to the services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Commitment, Meeting
from .status import Effect, Status, allowed_moves


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
    meeting = forms.ModelChoiceField(
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
    superseded_by = forms.ModelChoiceField(
        label=_("Replaced by"),
        queryset=Commitment.objects.none(),
        required=False,
        help_text=_("Only when marking it superseded."),
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
        self.fields["meeting"].queryset = Meeting.objects.confirmed().filter(
            held_on__gte=commitment.meeting.held_on
        )
        self.fields["superseded_by"].queryset = (
            Commitment.objects.confirmed().exclude(pk=commitment.pk).select_related("meeting")
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("happened_on"):
            meeting = cleaned.get("meeting")
            cleaned["happened_on"] = meeting.held_on if meeting else timezone.localdate()
        return cleaned

    def save(self, *, author) -> "services.Update":
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
            self._add_service_errors(error)
            raise

    def _add_service_errors(self, error: ValidationError) -> None:
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)


class BulkStatusForm(forms.Form):
    """The admin's "change status" action: one status and note for many commitments."""

    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    note = forms.CharField(
        label=_("Note"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
