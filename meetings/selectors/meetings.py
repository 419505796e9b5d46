"""Reads about meetings: the list's rows, a meeting's page, what it made and what it followed up."""

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from meetings.models import Attendance, Commitment, Meeting, Update


def _counted(queryset: QuerySet, **relation) -> Subquery:
    """How many rows of ``queryset`` refer to the outer meeting (``relation``: their field)."""
    (field,) = relation.values()
    counted = queryset.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(counted.annotate(n=Count("pk")).values("n")), 0)


def meeting_list_queryset() -> QuerySet:
    """Meetings with what the list shows of each. The counts are subqueries, not joins, so a
    page's ids are read without counting for every meeting (``caching.paging``)."""
    return (
        Meeting.objects.select_related("mechanism")
        .prefetch_related("parties")
        .annotate(
            commitment_count=_counted(Commitment.objects.confirmed(), field="meeting"),
            follow_up_count=_counted(Update.objects.all(), field="meeting"),
        )
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
