"""What every ModelAdmin of the tracker shares: the admin is a door like any other.

Its change forms, inlines, actions and deletes write through ``meetings.services``; the forms
ask the services' rules first (``meetings/services/rules.py``), so a refusal shows beside the
fields with nothing saved. Deletes are refused with the services' reasons on the admin's own
"cannot delete" page.
"""

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.html import format_html
from django.utils.translation import gettext as _

from meetings import services
from meetings.caching.paging import CountedPaginator
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
    # The scopes a changelist's count reads (``meetings/caching``), for a count kept until a
    # write touches them, as the web list's is; None: counted each time.
    count_scopes: tuple[str, ...] | None = None

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        if self.count_scopes is None:
            return super().get_paginator(
                request, queryset, per_page, orphans, allow_empty_first_page
            )
        return CountedPaginator(
            queryset,
            per_page,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
            scopes=self.count_scopes,
        )

    def action_checkbox(self, obj: models.Model) -> str:
        """Django's checkbox column, written here rather than through the checkbox widget's
        templates: fifty of those were a fifth of a changelist's time at ten years of data.
        The same HTML as Django's (tests/test_admin.py)."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            format_html(_("Select this object for an action - {}"), str(obj)),
        )

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
