"""The sign-in backend: Django's, finding the username as typed in any spelling
(``meetings.identity.usernames``), and loading each request's user with its account (which
says when the person's sessions were last ended) in one query."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from meetings.identity.usernames import normalise


class SignInBackend(ModelBackend):
    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("account")
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

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
