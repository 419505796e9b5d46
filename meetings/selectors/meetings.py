"""Reads the web app and the API share: the dashboard's figures and the page querysets.

Every dashboard figure is a GROUP BY or a filtered aggregate, so the number of queries is fixed
whatever the number of commitments. Each figure comes with the commitment-list query string
that lists exactly its rows (``CommitmentFilter`` understands every one of them); the tests
check that each number equals the count of its list.
"""

from django.db.models import (
    Count,
    Prefetch,
    Q,
    QuerySet,
)

from meetings.models import Attendance, Commitment, Meeting, Update
from meetings.status import (
    Review,
)


def meeting_list_queryset() -> QuerySet:
    return (
        Meeting.objects.select_related("mechanism")
        .prefetch_related("parties")
        .annotate(
            commitment_count=Count(
                "commitments", filter=Q(commitments__review=Review.CONFIRMED), distinct=True
            ),
            follow_up_count=Count("follow_ups", distinct=True),
        )
        # GROUP BY queries ignore Meta.ordering; say it again.
        .order_by("-held_on", "-start_time", "-id")
    )


def meeting_detail_queryset() -> QuerySet:
    return Meeting.objects.select_related("mechanism").prefetch_related(
        "parties",
        Prefetch(
            "attendances",
            queryset=Attendance.objects.select_related("person", "party"),
        ),
        Prefetch("follows_up", queryset=Meeting.objects.order_by("-held_on")),
        Prefetch("followed_up_by", queryset=Meeting.objects.confirmed().order_by("held_on")),
    )


def meeting_commitments(meeting: Meeting) -> QuerySet:
    """Confirmed commitments made at ``meeting``, as list rows."""
    return Commitment.objects.confirmed().filter(meeting=meeting).for_lists()


def meeting_follow_ups(meeting: Meeting) -> QuerySet:
    """Updates recorded against ``meeting``: what it did to earlier commitments."""
    return (
        Update.objects.filter(meeting=meeting)
        .select_related("commitment__meeting", "author")
        .order_by("commitment__meeting__held_on", "commitment_id", "id")
    )
