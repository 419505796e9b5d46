"""Forms of the list tools: one action on the selected rows, and a saved filter."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from meetings import roles, services
from meetings.models import Division, SavedFilter
from meetings.status import Priority, Status
from meetings.web.forms import add_service_errors


class SelectedRowsField(forms.Field):
    """The ticked rows, each sent as ``<id>:<version>`` (the version the row showed)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[services.Seen]:
        seen = []
        for item in value or []:
            pk, _sep, version = str(item).partition(":")
            if not (pk.isdigit() and version.isdigit()) or len(pk) > 18 or len(version) > 18:
                raise ValidationError(_("A selected row could not be understood."))
            seen.append(services.Seen(int(pk), int(version)))
        return seen

    def validate(self, value) -> None:
        if not value:
            raise ValidationError(_("Select at least one commitment."), code="required")
        if len(value) > services.BULK_LIMIT:
            raise ValidationError(
                _("Select at most %(n)d commitments at once.") % {"n": services.BULK_LIMIT}
            )


class BulkForm(forms.Form):
    """One action on every selected row of the list: assign, set the priority, or record
    the same update. Which actions are offered depends on the person's role."""

    ASSIGN, PRIORITY, UPDATE = "assign", "priority", "update"
    PERMISSIONS = {
        ASSIGN: roles.CAN_ASSIGN,
        PRIORITY: roles.CAN_EDIT_COMMITMENTS,
        UPDATE: roles.CAN_RECORD_UPDATE,
    }

    selected = SelectedRowsField(required=False)
    action = forms.ChoiceField(label=_("With the selected rows"))
    assignee = forms.ModelChoiceField(
        label=_("Assign to"),
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        required=False,
        empty_label=_("— nobody —"),
    )
    owner = forms.ModelChoiceField(
        label=_("Owner (division)"),
        queryset=Division.objects.all(),
        required=False,
        empty_label=_("— keep each one's —"),
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=[("", "—"), *Priority.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[("", _("— unchanged —")), *Status.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded on each selected commitment's timeline."),
    )

    def __init__(self, *args, user, **kwargs):
        # Its own ids: the filter form beside it has fields of the same names.
        kwargs.setdefault("auto_id", "bulk-%s")
        super().__init__(*args, **kwargs)
        labels = {
            self.ASSIGN: _("Assign"),
            self.PRIORITY: _("Set the priority"),
            self.UPDATE: _("Record the same update"),
        }
        self.fields["action"].choices = [("", _("— choose —"))] + [
            (action, label)
            for action, label in labels.items()
            if user.has_perm(self.PERMISSIONS[action])
        ]
        self.fields["assignee"].label_from_instance = lambda person: (
            person.get_full_name() or person.get_username()
        )

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == self.PRIORITY and not data.get("priority"):
            self.add_error("priority", _("Choose the priority to set."))
        if action == self.UPDATE and not (data.get("note") or "").strip():
            self.add_error("note", _("Write the note to record on each commitment."))
        return data

    def save(self, *, author) -> int:
        """Raises ``services.BulkRefused`` naming each refused row (nothing is written)."""
        data = self.cleaned_data
        seen = data["selected"]
        if data["action"] == self.ASSIGN:
            done = services.bulk_assign(
                seen=seen, assignee=data["assignee"], owner=data["owner"], actor=author
            )
        elif data["action"] == self.PRIORITY:
            done = services.bulk_set_priority(seen=seen, priority=data["priority"])
        else:
            done = services.bulk_record_update(
                seen=seen, author=author, note=data["note"], status=data["status"] or None
            )
        return len(done)


class SavedFilterForm(forms.Form):
    """Name the list's current filters, and share them with one of your divisions (its
    members see them among their saved filters); or rename or reshare a saved one."""

    name = forms.CharField(label=_("Name"), max_length=100)
    division = forms.ChoiceField(
        label=_("Share with"),
        required=False,
        help_text=_("Members of the division see it among their saved filters."),
    )
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)

    def __init__(self, *args, person, divisions, saved: SavedFilter | None = None, **kwargs):
        if saved is not None:
            kwargs.setdefault("prefix", f"filter-{saved.pk}")
            kwargs.setdefault("initial", {"name": saved.name, "division": saved.division_id})
        super().__init__(*args, **kwargs)
        self.person, self.saved = person, saved
        self.divisions = {str(division.pk): division for division in divisions}
        self.fields["division"].choices = [("", _("nobody (private)"))] + [
            (pk, division.shown_name) for pk, division in self.divisions.items()
        ]
        if saved is not None:
            del self.fields["query"]

    def clean_division(self) -> Division | None:
        return self.divisions.get(self.cleaned_data.get("division") or "")

    def save(self) -> SavedFilter:
        """Raises ``ValidationError`` (also shown on the form) if the service refuses."""
        data = self.cleaned_data
        try:
            if self.saved is not None:
                return services.change_saved_filter(
                    saved=self.saved,
                    person=self.person,
                    name=data["name"],
                    division=data["division"],
                )
            return services.save_filter(
                owner=self.person,
                name=data["name"],
                query=data.get("query") or "",
                division=data["division"],
            )
        except ValidationError as error:
            add_service_errors(self, error)
            raise
