"""Reads about meetings: the list's rows, a meeting's page, what it made and what it followed up."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from meetings import caching
from meetings.models import (
    Attendance,
    Commitment,
    Meeting,
    Readout,
    ReadoutExcerpt,
    Reported,
    Update,
)


def likely_later_meetings(meeting: Meeting) -> QuerySet:
    """Confirmed meetings after ``meeting``, where its commitments were made, with its
    counterparts or through its mechanism, newest first. When it has neither counterparts nor
    a mechanism, every later one.
    """
    later = (
        Meeting.objects.confirmed()
        .filter(held_on__gte=meeting.held_on)
        .exclude(pk=meeting.pk)
        .order_by("-held_on", "-start_time", "-id")
    )
    counterparts = (
        Meeting.parties.through.objects.filter(meeting_id=meeting.pk)
        .exclude(party__code=settings.HOME_PARTY)
        .values("party_id")
    )
    related = Q(
        pk__in=Meeting.parties.through.objects.filter(party_id__in=counterparts).values(
            "meeting_id"
        )
    )
    if meeting.mechanism_id:
        related |= Q(mechanism_id=meeting.mechanism_id)
    else:
        related |= ~Exists(counterparts)
    return later.filter(related)


def later_meetings_offered(meeting: Meeting, limit: int) -> list[tuple[int, str]]:
    """The ``limit`` likeliest later meetings (``likely_later_meetings``) that an update form
    offers for a commitment made at ``meeting``, as pairs of id and name, read once for all
    the meeting's commitments until meetings change (``caching.offered``)."""
    return caching.offered(
        "later-meetings",
        lambda: [(later.pk, str(later)) for later in likely_later_meetings(meeting)[:limit]],
        varies_with=(meeting.pk, limit),
    )


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
    """Confirmed commitments made at ``meeting``, as list rows, with the paragraphs that
    report them."""
    excerpts = ReadoutExcerpt.objects.select_related("readout__publisher").order_by(
        "readout__order", "readout_id", "id"
    )
    return (
        Commitment.objects.confirmed()
        .filter(meeting=meeting)
        .for_lists()
        .prefetch_related(Prefetch("excerpts", queryset=excerpts))
    )


@dataclass
class AlignedRow:
    """One commitment beside the paragraphs of each readout that report it (a list per
    readout, in the readouts' order; empty where that readout leaves it out)."""

    commitment: Commitment
    cells: list[list[ReadoutExcerpt]]
    reported: str  # a ``Reported`` value, or "" when no readout reports it


@dataclass
class SideBySide:
    """A meeting's readouts side by side, aligned by commitment: what both sides reported,
    then what only ours, then what only theirs, then what no readout is linked to."""

    readouts: list[Readout]
    both: list[AlignedRow] = field(default_factory=list)
    ours_only: list[AlignedRow] = field(default_factory=list)
    theirs_only: list[AlignedRow] = field(default_factory=list)
    not_linked: list[AlignedRow] = field(default_factory=list)

    @property
    def groups(self) -> list[tuple[str, list[AlignedRow], str]]:
        return [
            (_("Reported by both sides"), self.both, "both"),
            (_("Only in our readout: their readout leaves it out"), self.ours_only, "ours-only"),
            (
                _("Only in their readout: ours does not mention it"),
                self.theirs_only,
                "theirs-only",
            ),
            (_("Not linked to any readout paragraph"), self.not_linked, "not-linked"),
        ]

    @property
    def compared(self) -> bool:
        """Whether readouts of two sides or more are there to compare."""
        return len({readout.publisher_id for readout in self.readouts}) >= 2


def reported_side(commitment: Commitment, readouts: list[Readout]) -> str:
    """Which sides report ``commitment`` (a ``Reported`` value, "" for none), from its
    prefetched excerpts and its meeting's ``readouts``: the same rule as
    ``CommitmentQuerySet.reported``, read from rows already fetched."""
    sides = {excerpt.readout.publisher_id for excerpt in commitment.excerpts.all()}
    if not sides:
        return ""
    if len(sides) >= 2:
        return Reported.BOTH
    if len({readout.publisher_id for readout in readouts}) < 2:
        return ""
    excerpt = commitment.excerpts.all()[0]
    ours = excerpt.readout.publisher_id is not None and excerpt.readout.publisher.is_home
    return Reported.OURS_ONLY if ours else Reported.THEIRS_ONLY


def meeting_readouts(meeting: Meeting) -> list[Readout]:
    return list(meeting.readouts.select_related("publisher").order_by("order", "id"))


def side_by_side(meeting: Meeting, commitments, readouts: list[Readout]) -> SideBySide:
    """``commitments`` (``meeting_commitments``) aligned across the meeting's ``readouts``."""
    aligned = SideBySide(readouts=readouts)
    position = {readout.pk: index for index, readout in enumerate(readouts)}
    groups = {
        Reported.BOTH: aligned.both,
        Reported.OURS_ONLY: aligned.ours_only,
        Reported.THEIRS_ONLY: aligned.theirs_only,
    }
    for commitment in commitments:
        cells: list[list[ReadoutExcerpt]] = [[] for _readout in readouts]
        for excerpt in commitment.excerpts.all():
            cells[position[excerpt.readout_id]].append(excerpt)
        reported = reported_side(commitment, readouts)
        row = AlignedRow(commitment=commitment, cells=cells, reported=reported)
        if not commitment.excerpts.all():
            aligned.not_linked.append(row)
        else:
            groups.get(reported, aligned.both).append(row)
    return aligned


def meeting_follow_ups(meeting: Meeting) -> QuerySet:
    """Updates recorded against ``meeting``: what it did to earlier commitments."""
    return (
        Update.objects.filter(meeting=meeting)
        .select_related("commitment__meeting", "author")
        .order_by("commitment__meeting__held_on", "commitment_id", "id")
    )
