"""``manage.py run_worker``: the background worker (mail from the outbox, and any other task).

It wraps django-tasks-db's worker over every queue. ``--until-empty`` runs what is due now and
exits (for cron, a systemd timer, or a test); without it, it runs until stopped (SIGTERM or
Ctrl-C finish the task at hand first). Before starting, it queues again any mail left half-sent
by a worker that died (``notifications.outbox.requeue_stranded``).
"""

from django.core.management import BaseCommand, call_command

from notifications import outbox
from webhooks import services as webhook_services


class Command(BaseCommand):
    help = "Run the background worker: deliver queued mail (and any other task)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--until-empty",
            action="store_true",
            help="Run every task that is due now, then exit.",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds to wait for new tasks when there are none (default: 1).",
        )

    def handle(self, *args, until_empty: bool, interval: float, verbosity: int, **options):
        requeued = outbox.requeue_stranded()
        if requeued and verbosity:
            self.stdout.write(f"Queued again {requeued} mail(s) left half-sent.")
        requeued = webhook_services.requeue_stranded()
        if requeued and verbosity:
            self.stdout.write(f"Queued again {requeued} webhook delivery(ies) left half-sent.")
        call_command(
            "db_worker",
            queue_name="*",
            batch=until_empty,
            interval=interval,
            reload=False,
            startup_delay=False,
            verbosity=verbosity,
            stdout=self.stdout,
            stderr=self.stderr,
        )
