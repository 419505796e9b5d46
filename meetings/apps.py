from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings and commitments")

    def ready(self) -> None:
        from django.contrib import admin

        from meetings import signals
        from meetings.admin.dates import check_date_hierarchies

        signals.connect()
        # After every app's admin is registered: "admin" comes first in INSTALLED_APPS.
        check_date_hierarchies(admin.site)
