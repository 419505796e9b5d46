"""Reads the web app and the API share: the dashboard's figures and the page querysets.

Every dashboard figure is a GROUP BY or a filtered aggregate, so the number of queries is fixed
whatever the number of commitments. Each figure comes with the commitment-list query string
that lists exactly its rows (``CommitmentFilter`` understands every one of them); the tests
check that each number equals the count of its list.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import (
    Count,
    Q,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings import caching
from meetings.models import (
    Commitment,
    Mechanism,
    Party,
    Topic,
    shown_name,
)
from meetings.status import (
    DUE_SOON_DAYS,
    OPEN_STATUSES,
    Review,
    Status,
    due_soon_q,
    open_q,
    overdue_q,
    stale_cutoff,
)

RECENT_DAYS = 7
REAFFIRMED_TIMES = 2


@dataclass(frozen=True)
class AgeBucket:
    """Open commitments made between ``min_days`` (inclusive) and ``max_days`` (exclusive) ago."""

    key: str
    label: str
    min_days: int | None
    max_days: int | None

    def made_between(
        self, today: datetime.date
    ) -> tuple[datetime.date | None, datetime.date | None]:
        """The meeting dates (inclusive, either may be None) that fall in this bucket."""
        made_after = today - datetime.timedelta(days=self.max_days - 1) if self.max_days else None
        made_before = today - datetime.timedelta(days=self.min_days) if self.min_days else None
        return made_after, made_before

    def q(self, today: datetime.date) -> Q:
        made_after, made_before = self.made_between(today)
        condition = Q()
        if made_after is not None:
            condition &= Q(made_on__gte=made_after)
        if made_before is not None:
            condition &= Q(made_on__lte=made_before)
        return condition


AGE_BUCKETS: tuple[AgeBucket, ...] = (
    AgeBucket("lt3m", _("under 3 months"), None, 91),
    AgeBucket("3-6m", _("3–6 months"), 91, 183),
    AgeBucket("6-12m", _("6–12 months"), 183, 365),
    AgeBucket("1-2y", _("1–2 years"), 365, 730),
    AgeBucket("gt2y", _("over 2 years"), 730, None),
)
AGE_BUCKET_BY_KEY = {bucket.key: bucket for bucket in AGE_BUCKETS}


def changed_since_start(day: datetime.date) -> datetime.datetime:
    """The first instant of ``day`` in the site's time zone (for ``updated_at`` comparisons)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _query(**params) -> str:
    return urlencode({key: value for key, value in params.items() if value is not None})


def figure_queries(*, today: datetime.date) -> dict[str, str]:
    """The commitment-list query string of each scalar dashboard figure."""
    return {
        "open_total": _query(open="true"),
        "overdue": _query(overdue="true"),
        "stale": _query(stale="true"),
        "reaffirmed_without_moving": _query(
            open="true", reaffirmed_without_moving=REAFFIRMED_TIMES
        ),
        "changed_recently": _query(
            changed_since=(today - datetime.timedelta(days=RECENT_DAYS)).isoformat()
        ),
        "due_soon": _query(
            open="true",
            continuing="false",
            due_after=today.isoformat(),
            due_before=(today + datetime.timedelta(days=DUE_SOON_DAYS)).isoformat(),
        ),
    }


def dashboard_figures(*, today: datetime.date) -> dict:
    """Everything the dashboard shows, as plain data, in nine queries whatever the data size.

    Only confirmed commitments count. Each figure carries a ``query``: the commitment-list
    query string that lists exactly the rows it counts.
    """
    structure = structure_figures(today=today)
    return {**structure, **activity_figures(today=today, open_total=structure["open_total"])}


def activity_figures(*, today: datetime.date, open_total: int) -> dict:
    """The figures a note-only update moves: stale and changed recently, in three index-only
    counts of few rows. Stale is counted as the open commitments *not* stale (active since
    the cutoff, or with no activity date at all), which are far fewer than the stale ones;
    ``open_total`` must come from the same data version (``structure_figures``)."""
    cutoff = stale_cutoff(today)
    recently = changed_since_start(today - datetime.timedelta(days=RECENT_DAYS))
    confirmed = Commitment.objects.confirmed()
    open_commitments = confirmed.open()
    active = open_commitments.filter(last_activity_on__gte=cutoff).count()
    undated = open_commitments.filter(last_activity_on__isnull=True).count()
    return {
        "stale": open_total - active - undated,
        "changed_recently": confirmed.filter(updated_at__gte=recently).count(),
    }


def structure_figures(*, today: datetime.date) -> dict:
    """Every other figure: what moves only with a status, a review, a new or deleted row, or a
    change to what a commitment is (its dates, classification, meeting and parties)."""
    confirmed = Commitment.objects.confirmed()
    open_commitments = confirmed.open()
    is_open = open_q()
    queries = figure_queries(today=today)

    # 1. Scalars and age buckets: one filtered aggregate over confirmed commitments.
    aggregates = {
        "open_total": Count("id", filter=is_open),
        "overdue": Count("id", filter=overdue_q(today)),
        "due_soon": Count("id", filter=due_soon_q(today)),
    }
    for bucket in AGE_BUCKETS:
        aggregates[f"age_{bucket.key}"] = Count("id", filter=is_open & bucket.q(today))
    totals = confirmed.aggregate(**aggregates)

    # 2. Status breakdown (all statuses, so the chart can show what closed too).
    status_counts = dict(
        confirmed.order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )

    # 3. Open by counterpart: the parties of the meeting a commitment was made at, not ours.
    open_there = Q(
        meetings__commitments__review=Review.CONFIRMED,
        meetings__commitments__status__in=OPEN_STATUSES,
    )
    by_counterpart = (
        Party.objects.counterparts()
        .annotate(n=Count("meetings__commitments", filter=open_there, distinct=True))
        .filter(n__gt=0)
        .order_by("-n", "name")
        .values("code", "n", shown=shown_name())
    )

    # 4. Open by topic.
    by_topic = (
        Topic.objects.annotate(
            n=Count(
                "commitments",
                filter=Q(
                    commitments__review=Review.CONFIRMED,
                    commitments__status__in=OPEN_STATUSES,
                ),
            )
        )
        .filter(n__gt=0)
        .order_by("-n", "name")
        .values("slug", "n", shown=shown_name())
    )

    # 5. Every mechanism, its open commitments and when it last met (confirmed meetings).
    mechanisms = (
        Mechanism.objects.with_last_met()
        .with_open_commitments()
        .order_by("-open_commitments", "name")
        .values("id", "open_commitments", "last_met", shown=shown_name())
    )

    # 6. Reaffirmed again and again without moving.
    stuck = open_commitments.filter(reaffirmed_since_move__gte=REAFFIRMED_TIMES).count()

    return {
        "today": today,
        "open_total": totals["open_total"],
        "overdue": totals["overdue"],
        "reaffirmed_without_moving": stuck,
        "due_soon": totals["due_soon"],
        "queries": queries,
        "by_status": [
            {
                "status": status.value,
                "label": str(status.label),
                "open": status in OPEN_STATUSES,
                "count": status_counts.get(status.value, 0),
                "query": _query(status=status.value),
            }
            for status in Status
        ],
        "by_counterpart": [
            {
                "code": row["code"],
                "name": row["shown"],
                "count": row["n"],
                "query": _query(counterpart=row["code"], open="true"),
            }
            for row in by_counterpart
        ],
        "by_topic": [
            {
                "slug": row["slug"],
                "name": row["shown"],
                "count": row["n"],
                "query": _query(topic=row["slug"], open="true"),
            }
            for row in by_topic
        ],
        "by_mechanism": [
            {
                "id": row["id"],
                "name": row["shown"],
                "count": row["open_commitments"],
                "last_met": row["last_met"],
                "query": _query(mechanism=row["id"], open="true"),
            }
            for row in mechanisms
        ],
        "age": [
            {
                "key": bucket.key,
                "label": str(bucket.label),
                "count": totals[f"age_{bucket.key}"],
                "query": _query(open="true", age=bucket.key),
            }
            for bucket in AGE_BUCKETS
        ],
    }


def cached_dashboard_figures(*, today: datetime.date) -> dict:
    """``dashboard_figures``, kept until a write touches what they read (``caching``).

    In two parts: a note recorded touches only the activity scope, so it costs the two index
    reads of ``activity_figures``, not the group-bys of ``structure_figures``.
    """
    structure = caching.cached(
        "dashboard-structure",
        lambda: structure_figures(today=today),
        scopes=[caching.FIGURES],
        varies_with=(today,),
    )
    activity = caching.cached(
        "dashboard-activity",
        lambda: activity_figures(today=today, open_total=structure["open_total"]),
        scopes=[caching.FIGURES, caching.ACTIVITY],
        varies_with=(today,),
    )
    return {**structure, **activity}
