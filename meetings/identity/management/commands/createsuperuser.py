from django.contrib.auth.management.commands import createsuperuser
from django.core.exceptions import ValidationError

from meetings.identity.usernames import clean_new_username, normalise


class Command(createsuperuser.Command):
    """Django's ``createsuperuser``, refusing a username not in its normal form (NFKC, lower
    case) or one that looks like an existing one (meetings/identity/usernames.py)."""

    def _validate_username(self, username, verbose_field_name, database):
        error = super()._validate_username(username, verbose_field_name, database)
        if error:
            return error
        normal = normalise(username)
        if normal != username:
            return f"Usernames are kept in one spelling: type {normal} instead."
        try:
            clean_new_username(username)
        except ValidationError as refused:
            return refused.messages[0]
        return None
