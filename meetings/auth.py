"""The signed-in user and their permissions read once per user and data version, not on
every request.

Every page loads its user from the session (one query) and checks permissions first, which
Django's ``ModelBackend`` reads from the database (two queries) on each request. This backend
keeps both in each process's row cache (``CACHES["rows"]``) under the user and the data
version, which every change to a user, a group, or their permissions moves
(``meetings.signals``): a role given or taken away, a password changed or an account
deactivated applies from the very next request. Signing in, which writes only
``last_login``, moves nothing, so the cached user's ``last_login`` may lag; nothing a page
shows reads it.
"""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from . import rows
from .middleware import is_api


class CachedPermissionsBackend(ModelBackend):
    def get_user(self, user_id):
        load = super().get_user
        user = rows.cached_value("user", salt=(user_id,), build=lambda: load(user_id))
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            load = super().get_all_permissions
            user_obj._perm_cache = rows.cached_value(
                "permissions", salt=(user_obj.pk,), build=lambda: load(user_obj)
            )
        return user_obj._perm_cache


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
