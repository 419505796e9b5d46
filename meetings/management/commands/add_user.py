import getpass
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from meetings import services
from meetings.audit.context import as_command
from meetings.identity.usernames import normalise
from meetings.models import Division
from meetings.roles import ROLES


class Command(BaseCommand):
    help = (
        "Create a user with one role (viewer, editor or manager), or change an existing user's "
        "role. Without --password-prompt a new user gets a random password, printed once; with "
        "it, the password asked for is set, on an existing user too (that ends their sessions "
        "and API tokens). Usernames are kept in one spelling: 'Alice' names the user alice, and "
        "a look-alike of an existing name is refused. --division CODE (repeatable) sets the "
        "divisions the person works in."
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
            help="Ask for the password instead of generating one (and set it on an existing user).",
        )
        parser.add_argument(
            "--division",
            action="append",
            dest="divisions",
            metavar="CODE",
            help="A division the person works in, by its short code; repeat for several. "
            "Given, it replaces the person's divisions; left out, they are kept.",
        )

    @as_command("add_user")
    def handle(
        self, *args, username, role, email, first_name, last_name, password_prompt, divisions, **_
    ):
        chosen = self._divisions(divisions) if divisions is not None else None
        existing = get_user_model().objects.filter(username=normalise(username)).first()
        password = None
        if password_prompt:
            password = self._prompted(existing or get_user_model()(username=normalise(username)))
        elif existing is None:
            password = secrets.token_urlsafe(12)
        try:
            user, created = services.add_user(
                username=username,
                role=role,
                email=email,
                first_name=first_name,
                last_name=last_name,
                password=password,
                divisions=chosen,
            )
        except ValidationError as refused:
            raise CommandError(" ".join(refused.messages)) from None
        name = user.get_username()
        if created:
            self.stdout.write(f"Created {name} as {role}.")
            if not password_prompt:
                self.stdout.write(f"Password (shown once): {password}")
        else:
            self.stdout.write(f"{name} already existed; role set to {role}.")
            if password_prompt:
                self.stdout.write("New password set; their sessions and API tokens ended.")
        if chosen is not None:
            codes = ", ".join(division.code for division in chosen) or "none"
            self.stdout.write(f"Divisions of {name}: {codes}.")

    def _divisions(self, codes: list[str]) -> list[Division]:
        found = {division.code: division for division in Division.objects.filter(code__in=codes)}
        unknown = [code for code in codes if code not in found]
        if unknown:
            known = ", ".join(Division.objects.values_list("code", flat=True)) or "none yet"
            raise CommandError(
                f"No division with the code {', '.join(unknown)}; nothing was changed. "
                f"Known codes: {known}."
            )
        return [found[code] for code in codes]

    def _prompted(self, user) -> str:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ; nothing was changed.")
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        return password
