from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView

from meetings.web.account_views import choose_language
from meetings.web.health import healthz

admin.site.site_header = "Commitment tracker"
admin.site.site_title = "Commitment tracker admin"

urlpatterns = [
    # The admin signs in through the tracker's own sign-in, which asks for the second factor.
    path(
        "admin/login/",
        login_not_required(RedirectView.as_view(pattern_name="login", query_string=True)),
    ),
    path("admin/", admin.site.urls),
    path("accounts/", include("meetings.web.account_urls")),
    # The footer's language switch, on the sign-in page too; it also remembers a signed-in
    # person's choice for their mail.
    path("i18n/setlang/", choose_language, name="set_language"),
    path("healthz", healthz, name="healthz"),
    # Before the API's catch-all (its unknown paths answer a JSON 404).
    path("api/v1/", include(("webhooks.api_urls", "webhooks-api"))),
    path("api/", include("meetings.api.urls")),
    path("webhooks/", include("webhooks.urls")),
    path("meetings/import/", include("meetings.web.import_urls")),
    path("notifications/", include("notifications.web.urls")),
    path("", include("meetings.web.urls")),
]
