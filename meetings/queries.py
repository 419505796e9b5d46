"""Reads the web app and the API share: the dashboard's figures and the page querysets.

Every dashboard figure is a GROUP BY or a filtered aggregate, so the number of queries is fixed
whatever the number of commitments. Each figure comes with the commitment-list query string
that lists exactly its rows (``CommitmentFilter`` understands every one of them); the tests
check that each number equals the count of its list.
"""

import datetime
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connections
from django.db.models import (
    Case,
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    StringAgg,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import versions
from .models import Attendance, Commitment, Mechanism, Meeting, Party, Topic, Update, made_with
from .status import (
    OPEN_STATUSES,
    Kind,
    Priority,
    Review,
    Status,
    choice_label,
    is_overdue,
    is_stale,
)

RECENT_DAYS = 7
DUE_SOON_DAYS = 30
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
    stale_cutoff = today - datetime.timedelta(days=settings.STALE_AFTER_DAYS)
    recently = changed_since_start(today - datetime.timedelta(days=RECENT_DAYS))
    confirmed = Commitment.objects.confirmed()
    open_commitments = confirmed.open()
    active = open_commitments.filter(last_activity_on__gte=stale_cutoff).count()
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
    is_open = Q(status__in=OPEN_STATUSES)
    queries = figure_queries(today=today)

    # 1. Scalars and age buckets: one filtered aggregate over confirmed commitments.
    aggregates = {
        "open_total": Count("id", filter=is_open),
        "overdue": Count("id", filter=is_open & Q(continuing=False, expected_by__lt=today)),
        "due_soon": Count(
            "id",
            filter=is_open
            & Q(
                continuing=False,
                expected_by__gte=today,
                expected_by__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
            ),
        ),
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
        .values("code", "name", "n")
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
        .values("slug", "name", "n")
    )

    # 5. Every mechanism, its open commitments and when it last met (confirmed meetings).
    last_met = (
        Meeting.objects.confirmed()
        .filter(mechanism=OuterRef("pk"))
        .order_by("-held_on")
        .values("held_on")[:1]
    )
    mechanisms = (
        Mechanism.objects.annotate(
            n=Count(
                "commitments",
                filter=Q(
                    commitments__review=Review.CONFIRMED,
                    commitments__status__in=OPEN_STATUSES,
                ),
            ),
            last_met=Subquery(last_met),
        )
        .order_by("-n", "name")
        .values("id", "name", "n", "last_met")
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
                "name": row["name"],
                "count": row["n"],
                "query": _query(counterpart=row["code"], open="true"),
            }
            for row in by_counterpart
        ],
        "by_topic": [
            {
                "slug": row["slug"],
                "name": row["name"],
                "count": row["n"],
                "query": _query(topic=row["slug"], open="true"),
            }
            for row in by_topic
        ],
        "by_mechanism": [
            {
                "id": row["id"],
                "name": row["name"],
                "count": row["n"],
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


# Names of counterparts, topics and mechanisms are in the version too (their saves move it);
# the timeouts only bound what an unused entry costs the cache. Each recorded note makes a
# new activity entry, superseded by the next one.
DASHBOARD_CACHE_SECONDS = 10 * 60
ACTIVITY_CACHE_SECONDS = 2 * 60


def cached_dashboard_figures(*, today: datetime.date) -> dict:
    """``dashboard_figures``, kept per day, language and data version (``meetings.versions``).

    The versions are read on every request (one query), so any write shows on the very next
    dashboard. The figures are kept in two parts: a note-only update moves only the activity
    version, so it costs the two index reads of ``activity_figures``, not the group-bys of
    ``structure_figures``. With a cache shared by the server's processes (the database cache
    by default), each part is computed once per write, not once per process.
    """
    tokens = versions.current()
    structure_key = "dashboard:{}:{}:{}:{}:{}".format(
        today.isoformat(),
        get_language() or "",
        settings.STALE_AFTER_DAYS,
        settings.HOME_PARTY,
        tokens[versions.FIGURES],
    )
    activity_key = f"{structure_key}:{tokens[versions.ACTIVITY]}"
    cached = cache.get_many([structure_key, activity_key])
    structure = cached.get(structure_key)
    if structure is None:
        structure = computed_once(structure_key, lambda: structure_figures(today=today))
    activity = cached.get(activity_key)
    if activity is None:
        activity = activity_figures(today=today, open_total=structure["open_total"])
        cache.set(activity_key, activity, ACTIVITY_CACHE_SECONDS)
    return {**structure, **activity}


def computed_once(key: str, compute: Callable[[], Any], *, wait: float = 10.0) -> Any:
    """``compute()`` cached under ``key``, computed by one request at a time.

    After a write, every dashboard view arriving while the group-bys run (most of a second at
    ten years of data) would otherwise run them too, and take the cores with them. The first
    takes a lock in the cache; the others wait for its result (polling, without holding a
    connection busy), and compute it themselves only if it does not come.
    """
    lock = f"{key}:computing"
    if cache.add(lock, True, int(wait) * 3):
        try:
            value = compute()
            cache.set(key, value, DASHBOARD_CACHE_SECONDS)
            return value
        finally:
            cache.delete(lock)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        time.sleep(0.05)
        value = cache.get(key)
        if value is not None:
            return value
        if cache.get(lock) is None:  # the other request gave up (an error): no use waiting
            break
    value = compute()
    cache.set(key, value, DASHBOARD_CACHE_SECONDS)
    return value


# Page reads -------------------------------------------------------------------------------


def commitment_list_queryset() -> QuerySet:
    """What the list's FilterSet narrows: plain commitments. A page reads only their ids and
    versions from it (``paging.VersionedPaginator``), its rows come from
    ``commitment_list_rows`` and the CSV's from ``export_rows``."""
    return Commitment.objects.all()


def _values_by_id(ids: Sequence[int], *fields: str, **expressions) -> dict[int, dict]:
    """The commitments ``ids`` as dicts of ``pk`` and the given values, by id."""
    rows = Commitment.objects.filter(pk__in=ids).values("pk", *fields, **expressions)
    return {row["pk"]: row for row in rows}


def commitment_list_rows(ids: Sequence[int], *, today: datetime.date) -> dict[int, dict]:
    """What the list's row of each commitment in ``ids`` shows, as plain values by id.

    Three queries (the commitments with their meeting, owner and assignee; their topics;
    their responsible parties) and no model instances: a page's rows that no cache holds cost
    half as much to read and render as instances with prefetched relations.
    """
    username = f"assignee__{get_user_model().USERNAME_FIELD}"
    rows = _values_by_id(
        ids,
        "title",
        "review",
        "continuing",
        "status",
        "meeting_id",
        "paragraph",
        "expected_by",
        "last_activity_on",
        "priority",
        held_on=F("meeting__held_on"),
        owner_code=F("owner__code"),
        assignee_name=F(username),
    )
    for row in rows.values():
        row |= {
            "url": reverse("commitment-detail", args=[row["pk"]]),
            "meeting_url": reverse("meeting-detail", args=[row["meeting_id"]]),
            "status_label": choice_label(Status, row["status"]),
            "priority_label": choice_label(Priority, row["priority"]),
            "overdue": is_overdue(
                status=row["status"],
                continuing=row["continuing"],
                expected_by=row["expected_by"],
                today=today,
            ),
            "stale": is_stale(
                status=row["status"], last_activity_on=row["last_activity_on"], today=today
            ),
            "topics": [],
            "responsible": [],
        }
    topics = Commitment.topics.through.objects.filter(commitment_id__in=rows)
    for pk, name in topics.order_by("topic__name").values_list("commitment_id", "topic__name"):
        rows[pk]["topics"].append(name)
    parties = Commitment.responsible.through.objects.filter(commitment_id__in=rows)
    for pk, code, name in parties.order_by("party__name").values_list(
        "commitment_id", "party__code", "party__name"
    ):
        rows[pk]["responsible"].append((code, name))
    return rows


def commitment_detail_queryset() -> QuerySet:
    """A commitment with what its page shows, but its lineage (see ``commitment_lineage``)."""
    updates = Update.objects.select_related("author", "meeting").order_by(
        "happened_on", "recorded_at", "id"
    )
    return Commitment.objects.select_related(
        "meeting", "requested_by", "owner", "assignee", "mechanism"
    ).prefetch_related("responsible", "topics", Prefetch("updates", queryset=updates))


def commitment_lineage(commitment: Commitment) -> dict:
    """What ``commitment`` reaffirms and what replaced it, and the commitments that reaffirm
    or that it replaced, each with its meeting, in one query (four joins or prefetches of
    the commitments table otherwise)."""
    pk = commitment.pk
    linked = Q(reaffirms_id=pk) | Q(superseded_by_id=pk)
    ends = [end for end in (commitment.reaffirms_id, commitment.superseded_by_id) if end]
    if ends:
        linked |= Q(pk__in=ends)
    rows = list(Commitment.objects.filter(linked).select_related("meeting"))
    by_pk = {row.pk: row for row in rows}
    return {
        "reaffirms": by_pk.get(commitment.reaffirms_id),
        "reaffirmed_by": [row for row in rows if row.reaffirms_id == pk],
        "superseded_by": by_pk.get(commitment.superseded_by_id),
        "supersedes": [row for row in rows if row.superseded_by_id == pk],
    }


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


def link_candidates(meeting: Meeting) -> QuerySet:
    """Open commitments ``meeting`` may have taken up, the likeliest first.

    Those running through the meeting's mechanism come first, then those made with one of its
    counterparts; only earlier meetings' commitments, and none already linked to it.
    """
    with_counterpart = made_with(*meeting.counterparts(), using=Commitment.objects.db)
    same_mechanism = Q(mechanism=meeting.mechanism) if meeting.mechanism_id else Q(pk__in=[])
    return (
        Commitment.objects.confirmed()
        .open()
        .filter(made_on__lte=meeting.held_on)
        .exclude(meeting=meeting)
        .exclude(updates__meeting=meeting)
        .filter(same_mechanism | with_counterpart)
        .annotate(
            suggested=Case(When(same_mechanism, then=Value(0)), default=Value(1)),
        )
        .select_related("meeting", "mechanism")
        .order_by("suggested", "-made_on", "paragraph", "id")
    )


def likeliest_link_candidates(meeting: Meeting, limit: int) -> list:
    """The first ``limit`` of ``link_candidates``, with what the meeting page shows of them,
    as named rows (``pk``, ``version``, ``title``, ``status``, ``held_on``, ``suggested``).

    Read in two parts, the same mechanism's and then the counterparts', each newest first,
    so the database walks the commitments in date order and stops at ``limit``: in one
    query it sorts every open commitment with the counterpart (thousands with a major
    partner) to show a hundred.
    """
    candidates = (
        link_candidates(meeting)
        .select_related(None)
        .annotate(held_on=F("made_on"))  # the meeting's date, kept on each commitment
        .order_by("-made_on", "paragraph", "id")
        .values_list("pk", "version", "title", "status", "held_on", "suggested", named=True)
    )
    if not meeting.mechanism_id:
        return list(candidates[:limit])
    return in_two_parts(
        candidates.filter(mechanism=meeting.mechanism),
        limit,
        then=candidates.exclude(mechanism=meeting.mechanism),
    )


# Choosing among many: the likeliest first, and what a search finds ---------------------------

REPLACEMENTS_OFFERED = 50


def in_two_parts(first: QuerySet, limit: int, then: QuerySet | None = None) -> list:
    """Up to ``limit`` rows: ``first``'s, then ``then``'s (which must not repeat them), each
    in its own order. Two queries that each walk an index and stop at ``limit``, where one
    query ordering the two groups sorts every row of both (thousands with a major partner)."""
    rows = list(first[:limit])
    if then is not None and len(rows) < limit:
        rows += list(then[: limit - len(rows)])
    return rows


def likely_replacements(commitment: Commitment, limit: int) -> list[Commitment]:
    """Up to ``limit`` confirmed commitments that may have replaced ``commitment``: those
    repeating it first, then those made since with its counterparts or through its mechanism,
    newest first (every later one, when its meeting has neither)."""
    meeting = commitment.meeting
    # What a choice shows (``forms.replacement_label``), nothing more: fifty rows a page.
    confirmed = (
        Commitment.objects.confirmed()
        .exclude(pk=commitment.pk)
        .only("title", "made_on")
        .order_by("-made_on", "-id")
    )
    related = Q()
    counterparts = meeting.counterparts()
    if counterparts or meeting.mechanism_id:
        related = made_with(*counterparts, using=Commitment.objects.db)
        if meeting.mechanism_id:
            related |= Q(mechanism_id=meeting.mechanism_id)
    return in_two_parts(
        confirmed.filter(reaffirms=commitment),
        limit,
        then=confirmed.filter(made_on__gte=commitment.made_on)
        .filter(related)
        .exclude(reaffirms=commitment),
    )


def replacements_matching(commitment: Commitment, words: str) -> list[Commitment]:
    """What the "Replaced by" search finds: the commitment numbered ``words`` (``123`` or
    ``#123``), else confirmed commitments holding every word, newest first; with no words,
    the likeliest replacements."""
    if not words.strip():
        return likely_replacements(commitment, REPLACEMENTS_OFFERED)
    found = (
        Commitment.objects.confirmed()
        .found_by(words)
        .exclude(pk=commitment.pk)
        .only("title", "made_on")
        .order_by("-made_on", "-id")
    )
    return list(found[:REPLACEMENTS_OFFERED])


BRIEFING_SHOWN = 100


def briefing_commitments(party: Party, *, today: datetime.date) -> QuerySet:
    """Everything open with ``party``, the most urgent first: overdue, then by the date it is
    expected by (none last), then oldest made."""
    overdue = Q(continuing=False, expected_by__lt=today)
    return (
        Commitment.objects.confirmed()
        .open()
        .for_counterpart(party)
        .annotate(overdue_first=Case(When(overdue, then=Value(0)), default=Value(1)))
        .order_by(
            "overdue_first", F("expected_by").asc(nulls_last=True), "made_on", "paragraph", "id"
        )
    )


# A partner with more open commitments than this is read in two parts (see briefing_page).
BRIEFING_MAJOR_PARTNER = 4000


def briefing_page(party: Party, *, today: datetime.date, limit: int, total: int) -> list:
    """The ids and versions of the first ``limit`` of ``briefing_commitments`` (``total`` of
    them), in its order; ``briefing_rows`` fetches the rows a page still needs.

    Sorting the full rows of every open commitment with a partner, to show a hundred, joins
    them all. With a major partner (twenty thousand open commitments) even sorting the ids
    costs most of a hundred milliseconds, so they are read in two parts, the overdue and
    then the rest, each in its own order, which the database follows along the due dates
    and stops at ``limit``; with a minor partner that walk passes thousands of other
    partners' rows, while sorting its few hundred ids is quick.
    """
    ordered = briefing_commitments(party, today=today)
    if total <= BRIEFING_MAJOR_PARTNER:
        return list(ordered.values_list("pk", "version", named=True)[:limit])
    open_with_party = ordered.order_by()
    overdue = Q(continuing=False, expected_by__lt=today)
    page = list(
        open_with_party.filter(overdue)
        .order_by("expected_by", "made_on", "paragraph", "id")
        .values_list("pk", "version", named=True)[:limit]
    )
    if len(page) < limit:
        page += (
            open_with_party.exclude(overdue)
            .order_by(F("expected_by").asc(nulls_last=True), "made_on", "paragraph", "id")
            .values_list("pk", "version", named=True)[: limit - len(page)]
        )
    return page


def briefing_rows(ids: Sequence[int]) -> dict[int, dict]:
    """What a briefing row shows of each commitment in ``ids``, as plain values by id: its
    topics (by name; it is listed under the first) and its latest update.

    Three queries and no model instances. The latest update is looked up for these commitments
    only, after the page is cut: as an annotation of the briefing's own query it would run
    for every open commitment with the party before the sort (thousands for a major
    partner)."""
    latest = Update.objects.filter(commitment=OuterRef("pk")).order_by(
        "-happened_on", "-recorded_at", "-id"
    )
    rows = _values_by_id(
        ids,
        "title",
        "kind",
        "status",
        held_on=F("meeting__held_on"),
        requested_by_code=F("requested_by__code"),
        mechanism_name=F("mechanism__name"),
        last_update_id=Subquery(latest.values("id")[:1]),
    )
    updates = Update.objects.filter(pk__in=[row["last_update_id"] for row in rows.values()])
    last_updates = {
        update["pk"]: update
        for update in updates.values("pk", "happened_on", "note", meeting_title=F("meeting__title"))
    }
    for row in rows.values():
        row |= {
            "url": reverse("commitment-detail", args=[row["pk"]]),
            "kind_label": choice_label(Kind, row["kind"]),
            "status_label": choice_label(Status, row["status"]),
            "last_update": last_updates.get(row["last_update_id"]),
            "topics": [],
        }
    topics = Commitment.topics.through.objects.filter(commitment_id__in=rows)
    for pk, name, slug in topics.order_by("topic__name").values_list(
        "commitment_id", "topic__name", "topic__slug"
    ):
        rows[pk]["topics"].append({"name": name, "slug": slug})
    return rows


# CSV export ----------------------------------------------------------------------------------

EXPORT_COLUMNS = (
    "id",
    "title",
    "status",
    "kind",
    "continuing",
    "review",
    "meeting",
    "meeting_date",
    "paragraph",
    "requested_by",
    "responsible",
    "topics",
    "mechanism",
    "owner",
    "assignee",
    "priority",
    "due_on",
    "target",
    "expected_by",
    "last_activity_on",
    "text",
)


EXPORT_CHUNK = 2000


# Separators of the (name, code) pairs aggregated where the database cannot order an
# aggregate itself (SQLite before 3.44): control characters no name or code holds.
_PAIR, _NEXT = "\x1f", "\x1e"


def _codes(through, target: str, code: str, *, ordered: bool) -> Subquery:
    """Each commitment's related parties' codes (or topics' slugs), ordered by name and
    space-separated, aggregated by the database in the export's own query. Where it cannot
    order an aggregate, it returns the (name, code) pairs and ``_by_name`` orders them."""
    name, code = f"{target}__name", f"{target}__{code}"
    if ordered:
        codes = StringAgg(code, Value(" "), order_by=(name, code))
    else:
        codes = StringAgg(Concat(name, Value(_PAIR), code), Value(_NEXT))
    return Subquery(
        through.objects.filter(commitment_id=OuterRef("pk"))
        .values("commitment_id")
        .annotate(codes=codes)
        .values("codes")
    )


def _by_name(pairs: str | None) -> str:
    if not pairs:
        return ""
    return " ".join(code for _, code in sorted(pair.split(_PAIR) for pair in pairs.split(_NEXT)))


def export_rows(queryset: QuerySet) -> Iterator[Sequence]:
    """The CSV export's rows (its header first), read in chunks of plain tuples from one
    query in which the database joins each row's parties and topics: no model instance per
    row or relation, flat memory. Dates and blanks are left to the CSV writer (ISO dates,
    empty for none)."""
    yield EXPORT_COLUMNS
    ordered = connections[queryset.db].features.supports_aggregate_order_by_clause
    rows = queryset.annotate(
        responsible_codes=_codes(Commitment.responsible.through, "party", "code", ordered=ordered),
        topic_slugs=_codes(Commitment.topics.through, "topic", "slug", ordered=ordered),
    ).values_list(
        "pk",
        "title",
        "status",
        "kind",
        "continuing",
        "review",
        "meeting__title",
        "meeting__held_on",
        "paragraph",
        "requested_by__code",
        "responsible_codes",
        "topic_slugs",
        "mechanism__name",
        "owner__code",
        f"assignee__{get_user_model().USERNAME_FIELD}",
        "priority",
        "due_on",
        "target",
        "expected_by",
        "last_activity_on",
        "text",
    )
    for row in rows.iterator(chunk_size=EXPORT_CHUNK):
        if ordered:
            responsible, topics = row[10] or "", row[11] or ""
        else:
            responsible, topics = _by_name(row[10]), _by_name(row[11])
        yield (*row[:4], "yes" if row[4] else "no", *row[5:10], responsible, topics, *row[12:])
