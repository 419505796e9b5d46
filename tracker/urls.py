from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from meetings.web.health import healthz

admin.site.site_header = "Commitment tracker"
admin.site.site_title = "Commitment tracker admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    # The footer's language switch, on the sign-in page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("healthz", healthz, name="healthz"),
    path("api/", include("meetings.api.urls")),
    path("meetings/import/", include("meetings.web.import_urls")),
    path("", include("meetings.web.urls")),
]
