"""The sign-in backend: the cached user and permissions (meetings/caching/permissions.py),
found by the username as typed in any spelling (``meetings.identity.usernames``)."""

from django.contrib.auth import get_user_model

from meetings.caching.permissions import CachedPermissionsBackend
from meetings.identity.usernames import normalise


class SignInBackend(CachedPermissionsBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        # Stored usernames are normalised; so is what is typed, unless it is the exact
        # spelling of a name older than the rule (kept by migration 0016 because its normal
        # form was taken).
        if isinstance(username, str):
            normal = normalise(username)
            users = get_user_model()._default_manager
            if normal != username and not users.filter(username=username).exists():
                username = normal
        return super().authenticate(request, username=username, password=password, **kwargs)
