"""Meetings in the admin, with their attendance and their commitments inline."""

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from meetings import caching, services
from meetings.admin.base import ServicesAdmin, column_values, errors_on_form, many_values
from meetings.admin.commitments import LOOKED_UP, CommitmentAdminForm
from meetings.models import Attendance, Commitment, Meeting, Readout
from meetings.services import rules
from meetings.status import Review


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 2
    fields = ["order", "person", "title", "party"]
    autocomplete_fields = ["person", "party"]


class ReadoutInline(admin.TabularInline):
    """The meeting's published accounts, shown; they are added by importing a readout
    (``services.store_draft``, ``services.attach_readout``), not typed in here."""

    model = Readout
    extra = 0
    fields = ["order", "publisher", "language", "source_url", "text_hash"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class CommitmentInline(admin.StackedInline):
    model = Commitment
    form = CommitmentAdminForm
    fk_name = "meeting"
    extra = 1
    show_change_link = True
    fields = [
        ("paragraph", "kind", "continuing"),
        "title",
        "text",
        ("requested_by", "responsible"),
        "topics",
        ("target", "due_on", "priority"),
        ("mechanism", "owner", "assignee"),
        "reaffirms",
        "review",
        "status",
        "seen_version",
    ]
    readonly_fields = ["status"]
    autocomplete_fields = LOOKED_UP


class MeetingAdminForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = "__all__"  # noqa: DJ007 - the admin narrows fields to its fieldsets

    def _post_clean(self):
        super()._post_clean()
        follows_up = self.cleaned_data.get("follows_up")
        errors_on_form(self, lambda: rules.check_meeting(self.instance, follows_up=follows_up))
        parties = self.cleaned_data.get("parties")
        if self.instance.review == Review.CONFIRMED and parties is not None:
            errors_on_form(
                self,
                lambda: rules.check_confirmable_meeting(self.instance, party_count=len(parties)),
            )


@admin.register(Meeting)
class MeetingAdmin(ServicesAdmin):
    form = MeetingAdminForm
    list_display = ["title", "held_on", "kind", "place", "counterparts_shown", "review"]
    list_filter = ["kind", "review", "parties", "mechanism"]
    search_fields = ["title", "place", "occasion"]
    date_hierarchy = "held_on"
    list_per_page = 50
    # What every list filter and the search read: their count is kept until one changes.
    count_scopes = (caching.FIGURES,)
    show_full_result_count = False
    autocomplete_fields = ["parties", "mechanism", "follows_up"]
    inlines = [AttendanceInline, ReadoutInline, CommitmentInline]
    fieldsets = [
        (None, {"fields": ["title", "kind", "review", "parties", "mechanism"]}),
        (
            _("When and where"),
            {"fields": ["held_on", "start_time", "duration_minutes", "place", "occasion"]},
        ),
        (_("Earlier meetings"), {"fields": ["follows_up"]}),
    ]
    deletion_refusals = staticmethod(services.meeting_deletion_refusals)

    def delete(self, obj: Meeting) -> None:
        services.delete_meeting(meeting=obj)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("parties")

    def get_search_results(self, request, queryset, search_term):
        """Every word in the title, place or occasion (``Meeting.matching``)."""
        return queryset.matching(search_term), False

    @admin.display(description=_("counterparts"))
    def counterparts_shown(self, meeting: Meeting) -> str:
        return ", ".join(party.code for party in meeting.counterparts())

    def save_model(self, request, obj, form, change):
        many = many_values(form)
        saved = services.save_meeting(
            meeting=obj if change else None,
            fields=column_values(form),
            parties=many.get("parties"),
            follows_up=many.get("follows_up"),
        )
        obj.pk = saved.pk

    def save_related(self, request, form, formsets, change):
        # The parties and earlier meetings were saved with the meeting, by the service.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        # What the admin's history message reads (``formset.save()`` would have set these).
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if formset.model is Attendance:
            self._save_attendance(form.instance, formset)
        elif formset.model is Readout:
            return  # read only
        else:
            self._save_commitments(form.instance, formset, actor=request.user)

    def _save_attendance(self, meeting: Meeting, formset) -> None:
        if not formset.has_changed():
            return
        kept = [
            row
            for row in formset.forms
            if row.cleaned_data.get("person") and not formset._should_delete_form(row)
        ]
        services.replace_attendance(
            meeting=meeting,
            attendance=[
                {
                    "person": row.cleaned_data["person"],
                    "party": row.cleaned_data.get("party"),
                    "title": row.cleaned_data.get("title", ""),
                    "order": row.cleaned_data.get("order") or 0,
                }
                for row in kept
            ],
        )
        formset.changed_objects = [(row.instance, row.changed_data) for row in kept]

    def _save_commitments(self, meeting: Meeting, formset, *, actor) -> None:
        for row in formset.forms:
            if not row.has_changed():
                continue
            if formset._should_delete_form(row):
                if row.instance.pk is not None:
                    services.delete_commitment(
                        commitment=row.instance,
                        expected_version=row.cleaned_data.get("seen_version"),
                    )
                    formset.deleted_objects.append(row.instance)
                continue
            row.instance.meeting = meeting
            added = row.instance.pk is None
            saved = row.save_through_services(actor=actor)
            if added:
                formset.new_objects.append(saved)
            else:
                formset.changed_objects.append((saved, row.changed_data))
