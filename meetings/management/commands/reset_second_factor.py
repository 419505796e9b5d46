from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from meetings import services
from meetings.audit.context import as_command
from meetings.identity.usernames import normalise


class Command(BaseCommand):
    help = (
        "For someone who lost their phone: remove their authenticator and recovery codes and end "
        "their sessions and API tokens. At their next sign-in (with their password) they set up "
        "a new authenticator."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    @as_command("reset_second_factor")
    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=normalise(username)).first()
        if user is None:
            raise CommandError(f"There is no user {normalise(username)}.")
        services.reset_second_factor(user=user)
        self.stdout.write(
            f"Second factor of {user.get_username()} reset; their sessions and API tokens "
            "ended. They set up a new authenticator at their next sign-in."
        )
