"""Reads for the desk officer's list tools: a person's divisions, the saved filters they see,
and the dashboard's "needs attention" rows."""

import datetime
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db.models import F, QuerySet

from meetings import caching
from meetings.models import Commitment, Division, SavedFilter
from meetings.status import due_soon_q, overdue_q, stale_q

NEEDS_ATTENTION_SHOWN = 5


def division_ids_of(user) -> QuerySet:
    """The ids of the divisions ``user`` belongs to (``Account.divisions``), as a subquery."""
    return Division.objects.filter(members__user=user).values("pk")


def divisions_of(user) -> list[Division]:
    """The divisions ``user`` belongs to, by name (one query)."""
    return list(Division.objects.filter(members__user=user).order_by("name"))


def mine_queryset(user, tab: str) -> tuple[QuerySet, list[Division] | None]:
    """What "Mine" lists before its filters: the commitments assigned to ``user`` (``tab``
    "assigned"), or owned by one of their divisions ("division", with those divisions)."""
    if tab == "division":
        divisions = divisions_of(user)
        # The ids themselves, not a subquery: a cached count is keyed by the query's text,
        # which then changes with the person's divisions.
        owned = Commitment.objects.filter(owner__in=[division.pk for division in divisions])
        if not divisions:
            owned = Commitment.objects.none()
        return owned, divisions
    return Commitment.objects.filter(assignee=user), None


def saved_filters_for(user) -> list[SavedFilter]:
    """The person's own saved filters and those shared with their divisions, in one query."""
    if not user.is_authenticated:
        return []
    return list(
        SavedFilter.objects.visible_to(user, division_ids_of(user))
        .select_related("division", "owner")
        .order_by("name", "id")
    )


class TopBarFilter(NamedTuple):
    """A saved filter as every page's top bar lists it."""

    name: str
    url: str
    shared_with: str  # the division's name, or "" when it is the person's own


def top_bar_filters(user) -> list[TopBarFilter]:
    """What ``saved_filters_for`` lists, as the top bar shows it, read once per person until
    people, saved filters or reference data change (``caching.top_bar``)."""
    if not user.is_authenticated:
        return []
    return caching.top_bar(
        user.pk,
        lambda: [
            TopBarFilter(
                saved.name,
                saved.get_absolute_url(),
                saved.division.shown_name if saved.division_id else "",
            )
            for saved in saved_filters_for(user)
        ],
    )


def needs_attention(*, today: datetime.date, limit: int = NEEDS_ATTENTION_SHOWN) -> dict:
    """The few most urgent confirmed commitments, in three groups of up to ``limit``: overdue
    the longest, due soonest, and stale the longest (not already overdue), by the rules of
    ``meetings.status``. Three queries; kept until a write touches what they read."""

    def compute() -> dict:
        username = f"assignee__{get_user_model().USERNAME_FIELD}"
        rows = Commitment.objects.confirmed().values(
            "pk",
            "title",
            "status",
            "expected_by",
            "last_activity_on",
            owner_code=F("owner__code"),
            assignee_name=F(username),
        )
        return {
            "overdue": list(rows.filter(overdue_q(today)).order_by("expected_by", "pk")[:limit]),
            "due_soon": list(rows.filter(due_soon_q(today)).order_by("expected_by", "pk")[:limit]),
            "stale": list(
                rows.filter(stale_q(today))
                .exclude(overdue_q(today))
                .order_by("last_activity_on", "pk")[:limit]
            ),
        }

    return caching.cached(
        "needs-attention",
        compute,
        scopes=[caching.FIGURES, caching.ACTIVITY, caching.REFERENCE],
        varies_with=(today, limit),
    )
