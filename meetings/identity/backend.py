"""The sign-in backend: Django's, finding the username as typed in any spelling
(``meetings.identity.usernames``), and loading each request's user with its account (which
says when the person's sessions were last ended) in one query, and their permissions, each
kept between requests until anyone's account, groups or permissions change
(``caching.person``, ``caching.permissions``)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from meetings import caching
from meetings.identity.usernames import normalise


class SignInBackend(ModelBackend):
    def get_user(self, user_id):
        return caching.person(user_id, lambda: self._load(user_id))

    def _load(self, user_id):
        users = get_user_model()._default_manager.select_related("account")
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        """Django's, kept per person between requests (an API token's person too)."""
        if (
            obj is None
            and user_obj.is_active
            and not user_obj.is_anonymous
            and not hasattr(user_obj, "_perm_cache")
        ):
            user_obj._perm_cache = caching.permissions(
                user_obj.pk, lambda: super(SignInBackend, self).get_all_permissions(user_obj)
            )
        return super().get_all_permissions(user_obj, obj)

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
