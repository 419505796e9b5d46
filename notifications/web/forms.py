from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.kinds import Kind, Mode


class PreferencesForm(forms.Form):
    """One choice per kind of notification: at once, in the daily digest, or the inbox only."""

    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Mode.choices,
                initial=current.get(kind.value),
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose how to hear of this."),
                    "invalid_choice": _("Choose at once, the daily digest or the inbox only."),
                },
            )


class MarkReadForm(forms.Form):
    """Entries to mark read (their ids), or all of them."""

    notification = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())
    all = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any whole number is acceptable here; the service marks only the person's own.
        self.fields["notification"].valid_value = lambda value: str(value).isdigit()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("all") and not cleaned.get("notification"):
            raise forms.ValidationError(_("Choose what to mark read."))
        return cleaned


class WatchForm(forms.Form):
    action = forms.ChoiceField(choices=[("watch", _("Watch")), ("unwatch", _("Unwatch"))])
