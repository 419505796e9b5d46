"""Reads about commitments: the list's rows, a commitment's page and lineage, the likeliest
later meetings and replacements, and the open commitments a meeting may have taken up."""

import datetime
from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    F,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.urls import reverse

from meetings.models import (
    Commitment,
    Meeting,
    Readout,
    ReadoutExcerpt,
    Reported,
    Update,
    home_party_code,
    made_with,
    shown_name,
)
from meetings.status import (
    Priority,
    Status,
    choice_label,
    is_overdue,
    is_stale,
)


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
        "version",
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
            "assign_to_me_url": reverse("commitment-assign-to-me", args=[row["pk"]]),
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
    for pk, name in topics.order_by("topic__name").values_list(
        "commitment_id", shown_name("topic__")
    ):
        rows[pk]["topics"].append(name)
    parties = Commitment.responsible.through.objects.filter(commitment_id__in=rows)
    for pk, code, name in parties.order_by("party__name").values_list(
        "commitment_id", "party__code", shown_name("party__")
    ):
        rows[pk]["responsible"].append((code, name))
    for pk, reported in reported_sides(
        rows, meeting_ids=[r["meeting_id"] for r in rows.values()]
    ).items():
        rows[pk]["reported"] = reported
    return rows


def reported_sides(ids: Sequence[int], *, meeting_ids: Sequence[int]) -> dict[int, str]:
    """Which sides report each commitment of ``ids`` (made at ``meeting_ids``), as a
    ``Reported`` value or "" (none, or one side of a meeting with one side's readouts):
    two queries for a page of rows."""
    publishers: dict[int, set] = {meeting_id: set() for meeting_id in meeting_ids}
    # Unordered: the models' own orders would join the meetings only to sort by their dates.
    readouts = Readout.objects.filter(meeting_id__in=publishers).order_by()
    for meeting_id, publisher in readouts.values_list("meeting_id", "publisher_id"):
        publishers[meeting_id].add(publisher)
    home = home_party_code()
    sides: dict[int, tuple[int, set]] = {}
    excerpts = (
        ReadoutExcerpt.objects.filter(commitment_id__in=ids)
        .order_by()
        .values_list("commitment_id", "commitment__meeting_id", "readout__publisher__code")
    )
    for pk, meeting_id, publisher in excerpts:
        sides.setdefault(pk, (meeting_id, set()))[1].add(publisher)
    found = {}
    for pk in ids:
        meeting_id, reporting = sides.get(pk, (None, set()))
        if len(reporting) >= 2:
            found[pk] = Reported.BOTH
        elif reporting and len(publishers.get(meeting_id, ())) >= 2:
            found[pk] = Reported.OURS_ONLY if home in reporting else Reported.THEIRS_ONLY
        else:
            found[pk] = ""
    return found


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

# The possible replacements listed, before a search and for each search: twenty, as for the
# later meetings (meetings/web/forms.py).
REPLACEMENTS_OFFERED = 20


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
