"""The worker's daily run of ``send_reminders``, for deployments that let the worker schedule
it rather than cron or a systemd timer (docs/operations.md shows all three).

The tasks framework has no periodic tasks, and django-tasks-db none either, so the task
enqueues its own next run (at ``REMINDERS_AT`` the next day) as it finishes, whether or not
this run succeeded. ``schedule_daily`` starts the chain once; a second call finds the run
waiting and adds nothing. Were two chains ever started, the second run of a day would still
queue nothing new (``send_reminders`` is idempotent).
"""

import datetime
import logging

from django.conf import settings
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reminders import services

logger = logging.getLogger(__name__)


def next_run(now: datetime.datetime) -> datetime.datetime:
    """The next ``REMINDERS_AT`` (local time) after ``now``."""
    local = timezone.localtime(now)
    at = datetime.time.fromisoformat(settings.REMINDERS_AT)
    candidate = timezone.make_aware(datetime.datetime.combine(local.date(), at))
    if candidate <= local:
        candidate = timezone.make_aware(
            datetime.datetime.combine(local.date() + datetime.timedelta(days=1), at)
        )
    return candidate


@task()
def daily_reminders() -> str:
    try:
        today = timezone.localdate()
        queued = services.send_reminders(today=today)
        summary = (
            f"{today.isoformat()}: {queued.reminders} reminder(s), {queued.daily_digests} "
            f"daily digest(s), {queued.weekly_digests} weekly digest(s)"
        )
        logger.info("Reminders queued: %s", summary)
        return summary
    finally:
        schedule_daily()


def _task_path() -> str:
    return f"{daily_reminders.func.__module__}.{daily_reminders.func.__qualname__}"


def schedule_daily() -> datetime.datetime | None:
    """Have the worker run the reminders at the next ``REMINDERS_AT``; None if a run is
    already waiting."""
    if DBTaskResult.objects.filter(task_path=_task_path(), status=TaskResultStatus.READY).exists():
        return None
    when = next_run(timezone.now())
    daily_reminders.using(run_after=when).enqueue()
    return when
