"""The one write of reminders and digests: ``send_reminders``, which queues what is due on a
day into the mail outbox (``notifications.outbox``) and records it, in one transaction.

Idempotent: what was queued is recorded (``Reminder``, ``Digest``), and a second run on the
same day finds it and queues nothing new. Two runs at once cannot both queue: the records'
unique keys refuse the second, whose transaction then rolls back whole.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from notifications import selectors as notices
from notifications import services as notifications
from notifications.messages import language_of
from notifications.outbox import queue_mail
from reminders import mail, selectors
from reminders.models import Digest, Reminder

PURPOSE_REMINDER = "reminder"
PURPOSE_DAILY = "daily_digest"
PURPOSE_WEEKLY = "weekly_digest"


@dataclass(frozen=True)
class Queued:
    """What one run queued."""

    reminders: int
    reminder_mails: int
    daily_digests: int
    weekly_digests: int

    @property
    def anything(self) -> bool:
        return any((self.reminders, self.daily_digests, self.weekly_digests))


@transaction.atomic
def send_reminders(*, today: datetime.date) -> Queued:
    """Queue every reminder and digest due on ``today`` that was not queued already."""
    reminders, reminder_mails = _reminders(today)
    return Queued(
        reminders=reminders,
        reminder_mails=reminder_mails,
        daily_digests=_daily_digests(today),
        weekly_digests=_weekly_digests(today),
    )


def _people(ids) -> dict[int, object]:
    return {
        person.pk: person
        for person in get_user_model().objects.filter(pk__in=ids).select_related("account")
    }


def _reminders(today: datetime.date) -> tuple[int, int]:
    due = selectors.reminders_due(today)
    recipients = selectors.recipients_of(due)
    due = [d for d in due if recipients[d.commitment_id]]
    if not due:
        return 0, 0
    records = Reminder.objects.bulk_create(
        Reminder(
            commitment_id=d.commitment_id,
            threshold=d.threshold,
            concerns=d.concerns,
            sent_on=today,
        )
        for d in due
    )
    Reminder.recipients.through.objects.bulk_create(
        Reminder.recipients.through(reminder_id=record.pk, user_id=person_id)
        for record, d in zip(records, due, strict=True)
        for person_id in recipients[d.commitment_id]
    )
    by_person = defaultdict(list)
    for d in due:
        for person_id in recipients[d.commitment_id]:
            by_person[person_id].append(d)
    people = _people(by_person)
    for person_id, items in by_person.items():
        person = people[person_id]
        language = language_of(person)
        words = mail.reminder_mail(items, today=today, language=language)
        _queue(person, PURPOSE_REMINDER, language, words)
    return len(records), len(by_person)


def _daily_digests(today: datetime.date) -> int:
    """Each person's daily digest: what waited for it, at most once a day."""
    waiting = defaultdict(list)
    already = set(
        Digest.objects.filter(kind=Digest.Kind.DAILY, period=today).values_list(
            "person_id", flat=True
        )
    )
    for notification in notices.awaiting_digest().select_related("commitment", "meeting", "actor"):
        if notification.recipient_id not in already:
            waiting[notification.recipient_id].append(notification)
    people = {
        pk: person for pk, person in _people(waiting).items() if person.is_active and person.email
    }
    sent = 0
    for person_id, entries in waiting.items():
        person = people.get(person_id)
        if person is None:
            continue
        language = language_of(person)
        words = mail.daily_digest_mail(entries, today=today, language=language)
        _queue(person, PURPOSE_DAILY, language, words)
        notifications.mark_digested(notifications=entries)
        Digest.objects.create(person=person, kind=Digest.Kind.DAILY, period=today)
        sent += 1
    return sent


def week_of(today: datetime.date) -> datetime.date:
    """The first day of ``today``'s digest week: the latest ``WEEKLY_DIGEST_WEEKDAY`` on or
    before it."""
    return today - datetime.timedelta(days=(today.weekday() - settings.WEEKLY_DIGEST_WEEKDAY) % 7)


def _weekly_digests(today: datetime.date) -> int:
    """The managers' weekly digest, on the first run on or after the digest's weekday."""
    period = week_of(today)
    already = set(
        Digest.objects.filter(kind=Digest.Kind.WEEKLY, period=period).values_list(
            "person_id", flat=True
        )
    )
    managers = [m for m in selectors.managers().select_related("account") if m.pk not in already]
    if not managers:
        return 0
    weeks = selectors.weekly_by_counterpart(today)
    words = {}
    for manager in managers:
        language = language_of(manager)
        if language not in words:
            words[language] = mail.weekly_digest_mail(weeks, today=today, language=language)
        _queue(manager, PURPOSE_WEEKLY, language, words[language])
    Digest.objects.bulk_create(
        Digest(person=manager, kind=Digest.Kind.WEEKLY, period=period) for manager in managers
    )
    return len(managers)


def _queue(person, purpose: str, language: str, words) -> None:
    """One mail to ``person`` in the outbox, written in ``language`` (``words``: its subject,
    text and HTML)."""
    queue_mail(
        to_address=person.email,
        purpose=purpose,
        language=language,
        subject=words.subject,
        text=words.text,
        html=words.html,
        recipient=person,
    )
