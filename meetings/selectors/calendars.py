"""What the calendar feeds show: open commitments on the day they are due or expected by.

Each feed is two queries whatever its length: the commitments' plain values, and the parties
(a short table) whose names the events carry."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from meetings import status as workflow
from meetings.models import Commitment, Party, home_party_code, made_with


@dataclass(frozen=True)
class CalendarEntry:
    """One commitment as a calendar shows it."""

    pk: int
    title: str
    status: str
    on: datetime.date
    explicit: bool  # due on that date (``due_on``), rather than expected by it (``target``)
    target: str
    overdue: bool
    version: int
    changed_at: datetime.datetime
    meeting_title: str
    counterparts: list[Party]


def _open_with_a_date() -> QuerySet:
    return Commitment.objects.confirmed().open().filter(expected_by__isnull=False)


def my_calendar(user: AbstractBaseUser) -> QuerySet:
    """The open commitments that have a date and that ``user`` follows: assigned to them, or
    watched, directly or through what they were made at or under (the meeting, the mechanism,
    a counterpart at the meeting). ``watches`` is the notifications' relation, named here
    rather than imported: the record does not depend on the notifications."""
    followed = Q(assignee=user) | Q(pk__in=_watched_by(user))
    parties = list(Party.objects.filter(watches__person=user))
    if parties:
        followed |= made_with(*parties, using=Commitment.objects.db)
    return _open_with_a_date().filter(followed)


def _watched_by(user: AbstractBaseUser) -> QuerySet:
    watched = (
        Q(watches__person=user)
        | Q(meeting__watches__person=user)
        | Q(mechanism__watches__person=user)
    )
    return Commitment.objects.filter(watched).values("pk")


def counterpart_calendar(party: Party) -> QuerySet:
    """The open commitments made with ``party`` that have a date."""
    return _open_with_a_date().for_counterpart(party)


def calendar_entries(commitments: QuerySet, *, today: datetime.date) -> list[CalendarEntry]:
    rows = list(
        commitments.order_by("expected_by", "id").values(
            "pk",
            "title",
            "status",
            "continuing",
            "expected_by",
            "due_on",
            "target",
            "version",
            "updated_at",
            "meeting_party_ids",
            "meeting__title",
        )
    )
    party_ids = {pk for row in rows for pk in row["meeting_party_ids"] or []}
    parties = {
        party.pk: party
        for party in Party.objects.filter(pk__in=party_ids).exclude(code=home_party_code())
    }
    return [
        CalendarEntry(
            pk=row["pk"],
            title=row["title"],
            status=row["status"],
            on=row["expected_by"],
            explicit=row["due_on"] is not None,
            target=row["target"],
            overdue=workflow.is_overdue(
                status=row["status"],
                continuing=row["continuing"],
                expected_by=row["expected_by"],
                today=today,
            ),
            version=row["version"],
            changed_at=row["updated_at"],
            meeting_title=row["meeting__title"],
            counterparts=sorted(
                (parties[pk] for pk in row["meeting_party_ids"] or [] if pk in parties),
                key=lambda party: party.code,
            ),
        )
        for row in rows
    ]
