"""The signed-in user and their permissions read once per user and data version, not on
every request.

Every page loads its user from the session (one query) and checks permissions first, which
Django's ``ModelBackend`` reads from the database (two queries) on each request. This backend
keeps both in each process's row cache (``CACHES["rows"]``) under the user and the data
version, which every change to a user, a group, or their permissions moves
(``meetings.signals``): a role given or taken away, a password changed or an account
deactivated applies from the very next request (and so does the end of their sessions,
``Account``, loaded with the user). Signing in, which writes only
``last_login``, moves nothing, so the cached user's ``last_login`` may lag; nothing a page
shows reads it.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from meetings.caching import rows


class CachedPermissionsBackend(ModelBackend):
    def get_user(self, user_id):
        user = rows.cached_value("user", salt=(user_id,), build=lambda: _load(user_id))
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


def _load(user_id):
    # With the account, which says when the person's sessions were last ended
    # (meetings/identity/sessions.py): no query of its own on each request.
    return get_user_model()._default_manager.select_related("account").filter(pk=user_id).first()
