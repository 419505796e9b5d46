import datetime
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from meetings import services
from meetings.audit.context import as_command
from meetings.devdata import demo
from meetings.models import Division, Meeting
from meetings.roles import ROLES


class Command(BaseCommand):
    help = (
        "Load the demo data: the Busan Japan-China Foreign Ministers' Meeting of 25 November 2023, "
        "its twelve commitments and their real follow-up history, plus one user per role "
        "(demo-viewer, demo-editor, demo-manager) whose random passwords are printed once. "
        "Safe to run again: nothing is duplicated and existing passwords are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (a production-like configuration).",
        )
        parser.add_argument(
            "--as-of",
            type=datetime.date.fromisoformat,
            metavar="YYYY-MM-DD",
            help="Load only meetings and follow-ups up to this date (default: all of them).",
        )

        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already holds any meeting (used by `make run`).",
        )

    @as_command("seed_demo")
    def handle(self, *args, force: bool, as_of: datetime.date | None, if_empty: bool, **options):
        if if_empty and Meeting.objects.exists():
            self.stdout.write("The database already holds meetings; demo data not loaded.")
            return
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this looks like a real deployment; demo users with known "
                "names would be created. Use --force if you really mean it."
            )
        with transaction.atomic():
            passwords = self._users()
            author = get_user_model().objects.get(username="demo-editor")
            created = demo.load(author=author, as_of=as_of)
            # The demo's desk officers work in the division that owns most demo commitments.
            china_desk = Division.objects.filter(code="CMD")
            for username in ("demo-editor", "demo-viewer"):
                user = get_user_model().objects.get(username=username)
                services.set_divisions(user=user, divisions=china_desk)
        self.stdout.write(
            "Demo data: {meetings} meetings, {commitments} commitments and {updates} updates "
            "created.".format(**created)
        )
        if passwords:
            self.stdout.write("Demo users (these passwords are shown once; write them down):")
            for username, password in passwords.items():
                self.stdout.write(f"  {username:14} {password}")
        else:
            self.stdout.write("Demo users already exist; their passwords are unchanged.")

    def _users(self) -> dict[str, str]:
        User = get_user_model()
        passwords = {}
        for role in ROLES:
            username = f"demo-{role}"
            user, made = User.objects.get_or_create(username=username)
            if made:
                password = secrets.token_urlsafe(12)
                user.set_password(password)
                user.save(update_fields=["password"])
                passwords[username] = password
            services.set_role(user=user, role=role)
        return passwords
