"""Commitments and their timelines in the admin.

Status never changes by editing a field here: the "Record an update" page and the bulk
"Change status" action go through ``services.record_update``. The readout's words are never
edited in passing: "Correct the readout's words" is their own recorded action
(``services.correct_text``). Every save checks the version the manager saw.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from meetings import caching, services
from meetings.admin.base import ServicesAdmin, column_values, errors_on_form, many_values
from meetings.models import Commitment, Party, Update
from meetings.roles import CAN_EDIT_COMMITMENTS, CAN_RECORD_UPDATE
from meetings.services import rules
from meetings.web.forms import BulkStatusForm, CorrectTextForm, RecordUpdateForm


class CommitmentAdminForm(forms.ModelForm):
    """A commitment's particulars, with the version the manager saw: a change made meanwhile
    is refused (and shown), never overwritten. The readout's words are set when a commitment
    is added and read-only afterwards."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Commitment
        fields = "__all__"  # noqa: DJ007 - the admin narrows fields to its fieldsets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_version"].initial = self.instance.version
            if "text" in self.fields:
                self.fields["text"].disabled = True
                self.fields["text"].help_text = _(
                    "Verbatim. To correct a mis-pasted excerpt, use “Correct the readout's "
                    "words” on the commitment's page, which records who and why."
                )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.has_changed():
            seen = cleaned.get("seen_version")
            if seen is None:
                raise ValidationError(_("The page lacks the version you saw; reload it."))
            # Held until the admin's transaction ends, so nothing slips in before the save.
            errors_on_form(self, lambda: services.lock_commitment(self.instance, seen))
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        if self.has_changed() or not self.instance.pk:
            errors_on_form(self, lambda: rules.check_commitment(self.instance))

    def save_through_services(self, *, actor=None) -> Commitment:
        """Create or change the commitment through the services; returns what was saved.
        ``actor`` (who saves) is not told of their own change."""
        many = many_values(self)
        if self.instance.pk is None:
            fields = column_values(self, services.COMMITMENT_EDITABLE_FIELDS)
            fields.setdefault("meeting", self.instance.meeting)  # an inline's: its meeting
            return services.create_commitment(
                fields=fields,
                text=self.cleaned_data["text"],
                responsible=many.get("responsible", ()),
                topics=many.get("topics", ()),
                actor=actor,
            )
        changed = set(self.changed_data)
        return services.edit_commitment(
            commitment=self.instance,
            expected_version=self.cleaned_data["seen_version"],
            changes=column_values(self, services.COMMITMENT_EDITABLE_FIELDS & changed),
            responsible=many["responsible"] if "responsible" in changed else None,
            topics=many["topics"] if "topics" in changed else None,
            actor=actor,
        )


# Fields a commitment's admin forms fill in by searching (thousands of rows to choose from).
LOOKED_UP = ["requested_by", "responsible", "topics", "mechanism", "owner", "assignee", "reaffirms"]


class CounterpartFilter(admin.SimpleListFilter):
    title = _("counterpart")
    parameter_name = "counterpart"

    def lookups(self, request, model_admin):
        return [(party.code, party.name) for party in Party.objects.counterparts()]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        party = Party.objects.counterparts().filter(code=self.value()).first()
        return queryset.for_counterpart(party) if party else queryset.none()


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("stale", _("Stale"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "yes":
            return queryset.overdue(today)
        if self.value() == "stale":
            return queryset.stale(today)
        return queryset


class UpdateInline(admin.TabularInline):
    """The commitment's timeline, read-only: entries are appended, never edited."""

    model = Update
    fk_name = "commitment"
    extra = 0
    can_delete = False
    fields = [
        "happened_on",
        "kind",
        "previous_status",
        "status",
        "effect",
        "meeting",
        "note",
        "previous_text",
        "author",
        "recorded_at",
    ]
    readonly_fields = fields
    ordering = ["happened_on", "recorded_at", "id"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("meeting", "author")


@admin.register(Commitment)
class CommitmentAdmin(ServicesAdmin):
    form = CommitmentAdminForm
    change_form_template = "admin/meetings/commitment/change_form.html"
    list_display = [
        "title",
        "meeting",
        "paragraph",
        "kind",
        "status",
        "expected_by",
        "owner",
        "assignee",
        "review",
    ]
    list_filter = [
        ("made_on", admin.DateFieldListFilter),
        "status",
        CounterpartFilter,
        "topics",
        "mechanism",
        OverdueFilter,
        "review",
        "kind",
        "continuing",
        "owner",
    ]
    list_select_related = ["meeting", "owner", "assignee"]
    # As the web list: fifty rows a page, and no second count of every commitment.
    list_per_page = 50
    show_full_result_count = False
    # What every list filter and the search read: their count is kept until one changes.
    count_scopes = (caching.FIGURES,)
    search_fields = ["title", "text"]  # read through the indexed ``search_text``, see below
    search_help_text = _("Every word, in the title or the readout's words; or a number: #123.")
    # Drafts awaiting review first, then the newest: the order of an index (the web list's),
    # read backwards, so a page is fifty index entries, not a sort of every commitment.
    ordering = ["-review", "-made_on", "-meeting", "-paragraph", "-id"]
    autocomplete_fields = ["meeting", *LOOKED_UP]
    readonly_fields = [
        "status",
        "superseded_by",
        "expected_by",
        "last_activity_on",
        "version",
        "timeline_link",
    ]
    fieldsets = [
        (None, {"fields": ["meeting", ("paragraph", "kind", "continuing"), "title", "text"]}),
        (_("Who acts"), {"fields": ["requested_by", "responsible", "owner", "assignee"]}),
        (_("When"), {"fields": [("target", "due_on", "expected_by"), "priority"]}),
        (_("Filing"), {"fields": ["topics", "mechanism", "reaffirms"]}),
        (
            _("State"),
            {
                "fields": [
                    ("status", "superseded_by"),
                    "review",
                    ("last_activity_on", "version"),
                    "timeline_link",
                    "seen_version",
                ]
            },
        ),
    ]
    inlines = [UpdateInline]
    actions = ["change_status"]
    deletion_refusals = staticmethod(services.commitment_deletion_refusals)

    def delete(self, obj: Commitment) -> None:
        services.delete_commitment(commitment=obj)

    @admin.display(description=_("record progress"))
    def timeline_link(self, commitment: Commitment) -> str:
        if not commitment.pk:
            return "—"
        url = reverse("admin:meetings_commitment_add_update", args=[commitment.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Record an update"))

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed():
            return
        obj.pk = form.save_through_services(actor=request.user).pk

    def save_related(self, request, form, formsets, change):
        # The many-to-many relations were saved with the row, by the service; the timeline
        # inline is read-only.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def get_urls(self):
        custom = [
            path(
                "<int:commitment_id>/add-update/",
                self.admin_site.admin_view(self.add_update_view),
                name="meetings_commitment_add_update",
            ),
            path(
                "<int:commitment_id>/correct-text/",
                self.admin_site.admin_view(self.correct_text_view),
                name="meetings_commitment_correct_text",
            ),
        ]
        return custom + super().get_urls()

    def get_search_results(self, request, queryset, search_term):
        """Every word through the indexed capitals (``Commitment.matching``: the admin's own
        search reads every row at ten years of data), or one commitment by its number. The
        "Replaced by" search of an update offers confirmed commitments only."""
        if request.GET.get("field_name") == "superseded_by":
            queryset = queryset.confirmed()
        return queryset.found_by(search_term), False

    def _update_form(self, data, *, commitment: Commitment) -> RecordUpdateForm:
        """The update form, its "Replaced by" searching every commitment as the admin does."""
        form = RecordUpdateForm(data, commitment=commitment)
        field = form.fields["superseded_by"]
        field.widget = AutocompleteSelect(
            Commitment._meta.get_field("superseded_by"), self.admin_site
        )
        field.widget.choices = field.choices
        return form

    def _page(self, request, template: str, **context) -> TemplateResponse:
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, **context}
        return TemplateResponse(request, template, context)

    def add_update_view(self, request: HttpRequest, commitment_id: int) -> HttpResponse:
        commitment = get_object_or_404(
            Commitment.objects.select_related("meeting"), pk=commitment_id
        )
        if not request.user.has_perm(CAN_RECORD_UPDATE):
            raise PermissionDenied
        form = self._update_form(request.POST or None, commitment=commitment)
        stale = None
        if request.method == "POST" and form.is_valid():
            try:
                form.save(author=request.user)
            except services.StaleVersion as error:
                # Keep what was typed, but against the version now saved, so saving again is a
                # deliberate choice made after seeing the other change.
                stale = error
                commitment = error.commitment
                data = request.POST.copy()
                data["version"] = str(commitment.version)
                form = self._update_form(data, commitment=commitment)
                form.is_valid()
                form.add_error(None, str(error))
            except ValidationError:
                pass
            else:
                self.message_user(request, _("Update recorded."), messages.SUCCESS)
                return redirect("admin:meetings_commitment_change", commitment.pk)
        return self._page(
            request,
            "admin/meetings/commitment/add_update.html",
            title=_("Record an update"),
            commitment=commitment,
            form=form,
            stale=stale,
        )

    def correct_text_view(self, request: HttpRequest, commitment_id: int) -> HttpResponse:
        """Correct a mis-pasted readout excerpt, with the reason, as a timeline entry."""
        commitment = get_object_or_404(Commitment, pk=commitment_id)
        if not request.user.has_perm(CAN_EDIT_COMMITMENTS):
            raise PermissionDenied
        form = CorrectTextForm(request.POST or None, commitment=commitment)
        if request.method == "POST" and form.is_valid():
            try:
                form.save(author=request.user)
            except services.StaleVersion as error:
                form.add_error(None, str(error))
            except ValidationError:
                pass
            else:
                self.message_user(
                    request, _("The readout's words were corrected."), messages.SUCCESS
                )
                return redirect("admin:meetings_commitment_change", commitment.pk)
        return self._page(
            request,
            "admin/meetings/commitment/correct_text.html",
            title=_("Correct the readout's words"),
            commitment=commitment,
            form=form,
        )

    @admin.action(description=_("Change status (asks for a note)"), permissions=["record_update"])
    def change_status(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        form = BulkStatusForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            try:
                with transaction.atomic():
                    for commitment in queryset.select_related("meeting"):
                        try:
                            services.record_update(
                                commitment=commitment,
                                author=request.user,
                                status=form.cleaned_data["status"],
                                note=form.cleaned_data["note"],
                            )
                        except ValidationError as error:
                            raise ValidationError(
                                f"{commitment.title}: {' '.join(error.messages)}"
                            ) from error
            except ValidationError as error:
                self.message_user(
                    request,
                    _("Nothing was changed. %(reason)s") % {"reason": " ".join(error.messages)},
                    messages.ERROR,
                )
                return None
            count = queryset.count()
            self.message_user(
                request,
                ngettext("Recorded %(n)d update.", "Recorded %(n)d updates.", count) % {"n": count},
                messages.SUCCESS,
            )
            return None
        return self._page(
            request,
            "admin/meetings/commitment/change_status.html",
            title=_("Change status"),
            form=form,
            commitments=queryset.select_related("meeting"),
            action_checkbox_name=admin.helpers.ACTION_CHECKBOX_NAME,
        )

    def has_record_update_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(CAN_RECORD_UPDATE)


@admin.register(Update)
class UpdateAdmin(admin.ModelAdmin):
    """Read-only: the timeline is appended to from a commitment, never edited."""

    list_display = [
        "commitment",
        "happened_on",
        "kind",
        "previous_status",
        "status",
        "effect",
        "meeting",
        "author",
    ]
    list_filter = ["kind", "status", "effect"]
    list_select_related = ["commitment", "meeting", "author"]
    search_fields = ["note", "commitment__title"]
    date_hierarchy = "happened_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
