"""Failed mail for administrators: the outbox's deliveries with their errors, and a retry
action (through ``notifications.services``). The task queue's own rows (django-tasks-db's admin)
are left out: a delivery says what a person needs to know about each mail."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks_db.models import DBTaskResult

from notifications import services
from notifications.kinds import DeliveryStatus
from notifications.models import Delivery


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "to_address", "subject", "status", "attempts", "last_error"]
    list_filter = ["status", "purpose"]
    search_fields = ["to_address", "subject", "message_id"]
    list_select_related = ["recipient"]
    show_full_result_count = False
    actions = ["retry"]
    readonly_fields = [
        "recipient",
        "to_address",
        "purpose",
        "language",
        "subject",
        "message_id",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "claimed_at",
        "created_at",
        "sent_at",
        "text_body",
        "html_body",
    ]
    fields = readonly_fields

    def has_change_permission(self, request, obj=None) -> bool:
        # Viewing and the retry action only; nothing is edited.
        return request.user.has_perm("notifications.change_delivery") and obj is None

    @admin.action(description=_("Send again"), permissions=["change"])
    def retry(self, request, queryset) -> None:
        queued = sum(
            services.retry_delivery(delivery=delivery)
            for delivery in queryset.filter(status=DeliveryStatus.FAILED)
        )
        skipped = queryset.count() - queued
        if queued:
            self.message_user(
                request,
                ngettext("%(n)d mail queued again.", "%(n)d mails queued again.", queued)
                % {"n": queued},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(n)d mail was not failed and was left alone.",
                    "%(n)d mails were not failed and were left alone.",
                    skipped,
                )
                % {"n": skipped},
                messages.WARNING,
            )


if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
