from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The audit trail's own app (its own migrations): the entry model django-auditlog writes
    (``AUDITLOG_LOGENTRY_MODEL = "audit.Entry"``) and which records it follows."""

    name = "meetings.audit"
    label = "audit"
    verbose_name = _("Audit trail")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from meetings.audit import registration

        registration.register()
