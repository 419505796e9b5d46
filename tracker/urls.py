from django.contrib import admin
from django.urls import include, path

from meetings.health import healthz

admin.site.site_header = "Commitment tracker"
admin.site.site_title = "Commitment tracker admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: the footer's switch
    path("healthz", healthz, name="healthz"),
    path("api/", include("meetings.api.urls")),
    path("meetings/import/", include("meetings.import_urls")),
    path("", include("meetings.urls")),
]
