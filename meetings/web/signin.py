"""What the sign-in pages and the API's token endpoint answer when django-axes refuses a
sign-in after too many failures."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tracker.middleware import is_api


def locked_out(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """The answer to a sign-in refused after too many failures (``AXES_LOCKOUT_CALLABLE``):
    429 Too Many Requests, as JSON for the API and as a page for people."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Too many failed sign-ins for this username from your address. Try again in "
        "%(minutes)d minutes, or ask a manager to lift the lock."
    ) % {"minutes": minutes}
    if is_api(request):
        return JsonResponse({"detail": message}, status=429, headers={"Retry-After": minutes * 60})
    response = render(request, "registration/locked_out.html", {"message": message}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
