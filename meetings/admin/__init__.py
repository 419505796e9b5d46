"""Data entry for managers: meetings with their attendance and commitments, and follow-ups.

Status never changes by editing a field here: the "Record an update" page and the bulk
"Change status" action both go through ``services.record_update``.
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

from meetings import services
from meetings.models import (
    Attendance,
    Commitment,
    Division,
    Mechanism,
    Meeting,
    Party,
    Person,
    Topic,
    Update,
)
from meetings.roles import CAN_RECORD_UPDATE
from meetings.web.forms import BulkStatusForm, RecordUpdateForm


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "party"]
    list_filter = ["party"]
    search_fields = ["name", "party__name", "party__code"]
    autocomplete_fields = ["party"]
    list_select_related = ["party"]


@admin.register(Mechanism)
class MechanismAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    autocomplete_fields = ["parties"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 2
    fields = ["order", "person", "title", "party"]
    autocomplete_fields = ["person", "party"]


class CommitmentInline(admin.StackedInline):
    model = Commitment
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
    ]
    readonly_fields = ["status"]
    autocomplete_fields = [
        "requested_by",
        "responsible",
        "topics",
        "mechanism",
        "owner",
        "assignee",
        "reaffirms",
    ]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "held_on", "kind", "place", "counterparts_shown", "review"]
    list_filter = ["kind", "review", "parties", "mechanism"]
    search_fields = ["title", "place", "occasion", "readout"]
    date_hierarchy = "held_on"
    autocomplete_fields = ["parties", "mechanism", "follows_up"]
    inlines = [AttendanceInline, CommitmentInline]
    fieldsets = [
        (None, {"fields": ["title", "kind", "review", "parties", "mechanism"]}),
        (
            _("When and where"),
            {"fields": ["held_on", "start_time", "duration_minutes", "place", "occasion"]},
        ),
        (_("Source"), {"fields": ["source_url", "readout", "follows_up"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("parties")

    @admin.display(description=_("counterparts"))
    def counterparts_shown(self, meeting: Meeting) -> str:
        return ", ".join(party.code for party in meeting.counterparts())

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "held_on" in form.changed_data:
            services.refresh_commitment_dates(meeting=obj)


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
        "previous_status",
        "status",
        "effect",
        "meeting",
        "note",
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


class CommitmentAdminForm(forms.ModelForm):
    """Adds the version the editor saw, so a concurrent change is refused, not overwritten."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Commitment
        fields = "__all__"  # noqa: DJ007 - the admin narrows fields to its fieldsets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get("seen_version")
        if self.instance.pk and seen is not None:
            # The admin saves inside one transaction: holding the row from here to the save
            # means nobody can slip a change in between this check and it.
            current = (
                Commitment.objects.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if current != seen:
                raise ValidationError(
                    _(
                        "Someone else changed this commitment while you were editing it. "
                        "Reload the page to see their change."
                    )
                )
        return cleaned


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
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
    search_fields = ["title", "text"]  # read through the indexed ``search_text``, see below
    search_help_text = _("Every word, in the title or the readout's words; or a number: #123.")
    date_hierarchy = "meeting__held_on"
    autocomplete_fields = [
        "meeting",
        "requested_by",
        "responsible",
        "topics",
        "mechanism",
        "owner",
        "assignee",
        "reaffirms",
    ]
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

    @admin.display(description=_("record progress"))
    def timeline_link(self, commitment: Commitment) -> str:
        if not commitment.pk:
            return "—"
        url = reverse("admin:meetings_commitment_add_update", args=[commitment.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Record an update"))

    def save_model(self, request, obj, form, change):
        if change:
            # Another edit must see that this one happened.
            obj.version += 1
        super().save_model(request, obj, form, change)

    def get_urls(self):
        custom = [
            path(
                "<int:commitment_id>/add-update/",
                self.admin_site.admin_view(self.add_update_view),
                name="meetings_commitment_add_update",
            )
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
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Record an update"),
            "commitment": commitment,
            "form": form,
            "stale": stale,
        }
        return TemplateResponse(request, "admin/meetings/commitment/add_update.html", context)

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
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Change status"),
            "form": form,
            "commitments": queryset.select_related("meeting"),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/meetings/commitment/change_status.html", context)

    def has_record_update_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(CAN_RECORD_UPDATE)


@admin.register(Update)
class UpdateAdmin(admin.ModelAdmin):
    """Read-only: the timeline is appended to from a commitment, never edited."""

    list_display = [
        "commitment",
        "happened_on",
        "previous_status",
        "status",
        "effect",
        "meeting",
        "author",
    ]
    list_filter = ["status", "effect"]
    list_select_related = ["commitment", "meeting", "author"]
    search_fields = ["note", "commitment__title"]
    date_hierarchy = "happened_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
