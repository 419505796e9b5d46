"""The form a manager registers a webhook with; the API's serializer checks the same way."""

from django import forms
from django.utils.translation import gettext_lazy as _

from webhooks import addresses
from webhooks.events import Event


def checked_url(url: str) -> str:
    """The address, if the tracker may send to it (its host resolved now); else a
    ValidationError saying why."""
    try:
        addresses.check(url)
    except addresses.Refused as refused:
        raise forms.ValidationError(str(refused)) from None
    return url.strip()


class WebhookForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Which system this is, so people can tell the webhooks apart."),
    )
    url = forms.URLField(
        label=_("Address"),
        max_length=2000,
        assume_scheme="https",
        help_text=_(
            "Where the tracker POSTs each event, e.g. https://example.org/hooks/tracker. "
            "Addresses inside a private network or on this machine are refused."
        ),
        widget=forms.URLInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=Event.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )

    def clean_url(self) -> str:
        return checked_url(self.cleaned_data["url"])
