"""Permissions read once per user and data version, not twice per request.

Every page checks its permissions first, and Django's ``ModelBackend`` reads a user's
permissions from the database (two queries) on each request. This backend keeps the set in
each process's row cache (``CACHES["rows"]``) under the user and the data version, which
every change to a user, a group, or their permissions moves (``meetings.signals``): a role
given or taken away applies from the very next request.
"""

from django.contrib.auth.backends import ModelBackend
from django.core.cache import caches

from . import versions


class CachedPermissionsBackend(ModelBackend):
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
