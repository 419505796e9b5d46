"""What every ModelAdmin of the tracker shares: the admin is a door like any other.

Its change forms, inlines, actions and deletes write through ``meetings.services``; the forms
ask the services' rules first (``meetings/services/rules.py``), so a refusal shows beside the
fields with nothing saved. Deletes are refused with the services' reasons on the admin's own
"cannot delete" page.
"""

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponseRedirect

from meetings import services
from meetings.web.forms import add_service_errors


def column_values(form: forms.ModelForm, names: set[str] | None = None) -> dict:
    """The form's cleaned values of its model's own columns (no many-to-many), optionally only
    those named."""
    concrete = {field.name for field in form._meta.model._meta.concrete_fields}
    return {
        name: value
        for name, value in form.cleaned_data.items()
        if name in concrete and (names is None or name in names)
    }


def many_values(form: forms.ModelForm) -> dict:
    """The form's cleaned values of its model's many-to-many relations."""
    many = {field.name for field in form._meta.model._meta.many_to_many}
    return {name: value for name, value in form.cleaned_data.items() if name in many}


def errors_on_form(form: forms.Form, check: Callable[[], None]) -> None:
    """Run a service's rule check and put what it refuses on ``form``'s fields."""
    try:
        check()
    except ValidationError as error:
        add_service_errors(form, error)
    except services.StaleVersion as stale:
        form.add_error(None, str(stale))


class ServicesAdmin(admin.ModelAdmin):
    """A ModelAdmin whose writes go through the services.

    Subclasses name their services: ``deletion_refusals(obj)`` and ``delete(obj)``; saves are
    theirs to write in ``save_model``/``save_related``.
    """

    deletion_refusals: Callable[[models.Model], list[str]] = staticmethod(lambda obj: [])

    def delete(self, obj: models.Model) -> None:
        raise NotImplementedError

    def get_deleted_objects(self, objs, request: HttpRequest):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        refusals = [reason for obj in objs for reason in self.deletion_refusals(obj)]
        if refusals:
            # The services' reasons, which the admin shows in place of its own list of
            # related rows it would need permissions for.
            return deleted, counts, set(), [*refusals, *protected]
        return deleted, counts, perms_needed, protected

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        self.delete(obj)

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        for obj in queryset:
            self.delete(obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The forms ask the services' rules before saving; a refusal that still comes (someone
        # changed the record between the check and the save) rolls everything back and says
        # why, rather than answering with a server error.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (ValidationError, services.StaleVersion) as error:
            text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            self.message_user(request, text, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
