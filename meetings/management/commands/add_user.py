import getpass
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from meetings import services
from meetings.roles import ROLES


class Command(BaseCommand):
    help = (
        "Create a user with one role (viewer, editor or manager), or change an existing user's "
        "role. Without --password-prompt a random password is generated and printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=ROLES)
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--password-prompt",
            action="store_true",
            help="Ask for the password instead of generating one.",
        )

    def handle(self, *args, username, role, email, first_name, last_name, password_prompt, **_):
        User = get_user_model()
        with transaction.atomic():
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"email": email, "first_name": first_name, "last_name": last_name},
            )
            password = None
            if created:
                password = self._password(user, prompt=password_prompt)
                user.set_password(password)
                user.save(update_fields=["password"])
            services.set_role(user=user, role=role)
        if created:
            self.stdout.write(f"Created {username} as {role}.")
            if not password_prompt:
                self.stdout.write(f"Password (shown once): {password}")
        else:
            self.stdout.write(f"{username} already existed; role set to {role}.")

    def _password(self, user, *, prompt: bool) -> str:
        if not prompt:
            return secrets.token_urlsafe(12)
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ; no user was created.")
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        return password
