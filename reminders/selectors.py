"""Reads for reminders and digests: what is due on a day, and to whom it goes.

A fixed number of queries whatever the number of commitments: the candidates' plain values,
what was sent for them, and the people they go to."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from meetings import status as workflow
from meetings.models import Account, Commitment, Party, home_party_code
from meetings.roles import MANAGER
from reminders import rules
from reminders.models import Reminder
from reminders.rules import Threshold


@dataclass(frozen=True)
class Due:
    """One reminder due: a commitment, the threshold it reached and the date that concerns."""

    commitment_id: int
    title: str
    threshold: str
    concerns: datetime.date
    expected_by: datetime.date | None
    last_activity_on: datetime.date | None
    assignee_id: int | None
    owner_id: int | None


FIELDS = (
    "pk",
    "title",
    "status",
    "continuing",
    "expected_by",
    "last_activity_on",
    "assignee_id",
    "owner_id",
)


def _candidates(today: datetime.date) -> tuple[QuerySet, QuerySet]:
    open_confirmed = Commitment.objects.confirmed().open()
    dated = open_confirmed.filter(
        continuing=False, expected_by__lte=rules.reminder_window_end(today)
    )
    stale = open_confirmed.filter(workflow.stale_q(today))
    return dated, stale


def reminders_due(today: datetime.date) -> list[Due]:
    """Every reminder the rules (``reminders.rules``) say is due on ``today`` and that was not
    sent already, the most urgent first."""
    dated, stale = _candidates(today)
    rows = {row["pk"]: row for row in dated.values(*FIELDS)}
    stale_rows = {row["pk"]: row for row in stale.values(*FIELDS)}
    sent = _sent(Q(commitment__in=dated.values("pk")) | Q(commitment__in=stale.values("pk")))
    due = []
    for row in rows.values():
        threshold = rules.due_threshold(
            status=row["status"],
            continuing=row["continuing"],
            expected_by=row["expected_by"],
            today=today,
        )
        if threshold is None:
            continue
        key = (row["pk"], threshold, row["expected_by"])
        if threshold == Threshold.OVERDUE:
            if not rules.overdue_again(sent.get(key), today):
                continue
        elif key in sent or (
            threshold == Threshold.DUE_IN_14
            and (row["pk"], Threshold.DUE_IN_3, row["expected_by"]) in sent
        ):
            continue
        due.append(_due(row, threshold, row["expected_by"]))
    for row in stale_rows.values():
        if (row["pk"], Threshold.STALE, row["last_activity_on"]) not in sent:
            due.append(_due(row, Threshold.STALE, row["last_activity_on"]))
    order = {threshold: n for n, threshold in enumerate(rules.ORDER)}
    return sorted(due, key=lambda d: (order[d.threshold], d.concerns, d.commitment_id))


def _due(row: dict, threshold: str, concerns: datetime.date) -> Due:
    return Due(
        commitment_id=row["pk"],
        title=row["title"],
        threshold=threshold,
        concerns=concerns,
        expected_by=row["expected_by"],
        last_activity_on=row["last_activity_on"],
        assignee_id=row["assignee_id"],
        owner_id=row["owner_id"],
    )


def _sent(of: Q) -> dict[tuple, datetime.date]:
    """The day each (commitment, threshold, date concerned) was last reminded of."""
    return {
        (row["commitment_id"], row["threshold"], row["concerns"]): row["last"]
        for row in Reminder.objects.filter(of)
        .values("commitment_id", "threshold", "concerns")
        .annotate(last=Max("sent_on"))
        .order_by()
    }


def reachable_people() -> QuerySet:
    """People a mail can reach: active, with an address."""
    return get_user_model().objects.filter(is_active=True).exclude(email="")


def recipients_of(due: list[Due]) -> dict[int, list[int]]:
    """For each commitment of ``due``, whom its reminders go to: the assignee, or else the
    owning division's members; nobody, when neither can be reached."""
    assignees = {d.assignee_id for d in due if d.assignee_id is not None}
    owners = {d.owner_id for d in due if d.assignee_id is None and d.owner_id is not None}
    people = reachable_people()
    reachable = set(people.filter(pk__in=assignees).values_list("pk", flat=True))
    members = defaultdict(list)
    for user_id, division_id in (
        Account.objects.filter(divisions__in=owners, user__in=people)
        .order_by("user_id")
        .values_list("user_id", "divisions")
    ):
        members[division_id].append(user_id)
    recipients = {}
    for d in due:
        if d.assignee_id is not None:
            recipients[d.commitment_id] = [d.assignee_id] if d.assignee_id in reachable else []
        else:
            recipients[d.commitment_id] = members.get(d.owner_id, [])
    return recipients


def managers() -> QuerySet:
    """Who gets the weekly digest: the managers who can be mailed."""
    return reachable_people().filter(groups__name=MANAGER).distinct().order_by("pk")


WEEK_DAYS = 7


def changed_since_start(day: datetime.date) -> datetime.datetime:
    """The first instant of ``day`` in the site's time zone, as the dashboard's "changed
    recently" counts it (``updated_at`` is a moment, the digest's week is days)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class CounterpartWeek:
    """One counterpart's part of the managers' weekly digest."""

    party: Party
    overdue: list[dict]
    stale: list[dict]
    changed: list[dict]


def weekly_by_counterpart(today: datetime.date) -> list[CounterpartWeek]:
    """Open commitments overdue or stale on ``today``, and commitments changed in the seven
    days before it, by counterpart (a commitment made with two counterparts is under each)."""
    since = changed_since_start(today - datetime.timedelta(days=WEEK_DAYS))
    base = Commitment.objects.confirmed()
    conditions = {
        "overdue": workflow.overdue_q(today),
        "stale": workflow.stale_q(today),
        "changed": Q(
            updated_at__gte=since,
            updated_at__lt=changed_since_start(today + datetime.timedelta(days=1)),
        ),
    }
    rows = {
        name: list(
            base.filter(condition)
            .order_by("expected_by", "pk")
            .values("pk", "title", "status", "expected_by", "meeting_party_ids")
        )
        for name, condition in conditions.items()
    }
    party_ids = {pk for found in rows.values() for row in found for pk in row["meeting_party_ids"]}
    parties = Party.objects.filter(pk__in=party_ids).exclude(code=home_party_code())
    weeks = []
    for party in sorted(parties, key=lambda p: p.code):
        of = {
            name: [row for row in found if party.pk in row["meeting_party_ids"]]
            for name, found in rows.items()
        }
        if any(of.values()):
            weeks.append(CounterpartWeek(party=party, **of))
    return weeks
