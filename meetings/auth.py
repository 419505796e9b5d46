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

from django.contrib.auth.backends import ModelBackend
from django.core.cache import caches

from . import versions


class CachedPermissionsBackend(ModelBackend):
    def get_user(self, user_id):
        key = f"user:{user_id}:{versions.current()[versions.FIGURES]}"
        store = caches["rows"]
        user = store.get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                store.set(key, user)
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            key = f"permissions:{user_obj.pk}:{versions.current()[versions.FIGURES]}"
            store = caches["rows"]
            permissions = store.get(key)
            if permissions is None:
                permissions = super().get_all_permissions(user_obj)
                store.set(key, permissions)
            user_obj._perm_cache = permissions
        return user_obj._perm_cache
