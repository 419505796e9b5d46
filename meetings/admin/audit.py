"""The audit trail in the admin: read-only for managers and superusers alike. Nobody adds,
changes or deletes an entry here (the admin answers 403), as on every other door."""

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from meetings import roles
from meetings.audit import history
from meetings.audit.models import Entry

# django-auditlog registers its own admin for the entry model; ours replaces it.
if admin.site.is_registered(Entry):
    admin.site.unregister(Entry)


class ReadableChangeList(ChangeList):
    """Names every change of the page at once (``history.rows``: one query per kind of
    related record), rather than once per row."""

    def get_results(self, request):
        super().get_results(request)
        for row in history.rows(list(self.result_list)):
            row.entry.readable = row


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["timestamp", "actor_name", "door_shown", "record", "changes_shown"]
    list_filter = ["door", "action", "content_type", "actor"]
    date_hierarchy = "timestamp"
    search_fields = ["object_repr", "actor_name"]
    list_select_related = ["content_type"]
    show_full_result_count = False
    fields = [
        "timestamp",
        "actor_name",
        "door_shown",
        "remote_addr",
        "cid",
        "record",
        "changes_shown",
    ]
    readonly_fields = fields

    # A date range by address, beside the drill-down: ?timestamp__date__gte=2024-01-01
    # &timestamp__date__lte=2024-03-31 (the audit page, /audit/, has it as a form).
    RANGE = {"timestamp__date__gte", "timestamp__date__lte"}

    def lookup_allowed(self, lookup: str, value, request=None) -> bool:
        return lookup in self.RANGE or super().lookup_allowed(lookup, value, request)

    def get_changelist(self, request: HttpRequest, **kwargs):
        return ReadableChangeList

    @staticmethod
    def _row(obj: Entry) -> history.Row:
        if not hasattr(obj, "readable"):  # the entry's own page
            obj.readable = history.rows([obj])[0]
        return obj.readable

    @admin.display(description=_("door"))
    def door_shown(self, obj: Entry) -> str:
        return history.door_label(obj)

    @admin.display(description=_("record"))
    def record(self, obj: Entry) -> str:
        return self._row(obj).record

    @admin.display(description=_("what changed"))
    def changes_shown(self, obj: Entry) -> str:
        row = self._row(obj)
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li><strong>{}</strong>: {}</li>",
                ((change.field, _described(change)) for change in row.changes),
            ),
        )

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_active and request.user.has_perm(roles.CAN_READ_AUDIT)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


def _described(change: history.Change) -> str:
    if change.added:
        return f"{_('added')} {', '.join(change.added)}"
    if change.removed:
        return f"{_('removed')} {', '.join(change.removed)}"
    return f"{change.before} \u2192 {change.after}"
