"""``manage.py send_reminders [--as-of YYYY-MM-DD]``: queue the reminders and digests due
today (or on the day given) into the mail outbox, which the worker delivers.

Idempotent: run it as often as you like; a second run on the same day queues nothing new.
Scheduled by cron or a systemd timer, or by the worker itself (``--schedule``); see
docs/operations.md.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError
from django.utils import timezone

from reminders import services, tasks


def a_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--as-of takes a date as YYYY-MM-DD, not {value!r}.") from error


class Command(BaseCommand):
    help = (
        "Queue the reminders (due in 14 and in 3 days, overdue, stale), the daily digests and "
        "the managers' weekly digest due today. A second run on the same day queues nothing new."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--as-of",
            type=a_date,
            metavar="YYYY-MM-DD",
            help="The day to run for (default: today in TIME_ZONE).",
        )
        parser.add_argument(
            "--schedule",
            action="store_true",
            help=(
                "Instead of running now, have the worker run this every day at "
                "REMINDERS_AT (and again each day after)."
            ),
        )

    def handle(self, *args, as_of: datetime.date | None, schedule: bool, **options) -> None:
        if schedule:
            when = tasks.schedule_daily()
            if when is None:
                self.stdout.write("The worker already has the daily run scheduled.")
            else:
                self.stdout.write(f"The worker will run the reminders at {when.isoformat()}.")
            return
        today = as_of or timezone.localdate()
        try:
            queued = services.send_reminders(today=today)
        except IntegrityError as error:
            raise CommandError(
                "Another run of send_reminders queued the same reminders at the same moment; "
                "this run queued nothing. Nothing is lost: run it again to check."
            ) from error
        if not queued.anything:
            self.stdout.write(f"{today.isoformat()}: nothing new to send.")
            return
        self.stdout.write(
            f"{today.isoformat()}: {queued.reminders} reminder(s) in "
            f"{queued.reminder_mails} mail(s), {queued.daily_digests} daily digest(s), "
            f"{queued.weekly_digests} weekly digest(s) queued."
        )
