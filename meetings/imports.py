"""Importing a readout: store what the parser proposes as drafts, then a person confirms.

Reading the text is ``meetings.importing.parser``'s job (pure text rules, no database). This
module is the database side: finding the same readout imported before, matching the meetings
the text refers to and the open commitments it appears to follow up, storing a draft meeting
with draft commitments, and confirming or discarding that draft. Nothing links until a person
accepts it in ``confirm_import``.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from . import queries, services
from .importing.parser import ParsedReadout, ProposedCommitment, ReadoutError, parse_readout
from .importing.vocabulary import ORGANISATIONS, PARTIES
from .models import (
    Attendance,
    Commitment,
    Mechanism,
    Meeting,
    Party,
    Person,
    Topic,
    home_party_code,
    made_with,
)
from .status import Effect, Kind, PartyKind, Review, Status, status_after_meeting

# Words too common in readouts to say two commitments are about the same thing.
STOPWORDS = frozenset(
    """a an and are as at be both by for from has have in including into is it its of on or
    such that the their them they this to two was were will with would minister ministers
    sides side shared view concurred agreed called strongly close japan china japanese
    chinese korea republic foreign between also other each well issues issue matters
    regarding toward towards""".split()  # noqa: SIM905 - a word list reads best as prose
)
MIN_SHARED_WORDS = 2
MIN_OVERLAP = 0.3
# How many open commitments a readout is compared with, its mechanism's first, then the newest.
FOLLOW_UP_CANDIDATES = 500


@dataclass(frozen=True)
class ReferenceLink:
    """An earlier meeting the readout points to, matched against stored meetings."""

    text: str
    title: str
    held_on: datetime.date | None
    meeting: Meeting | None


@dataclass(frozen=True)
class FollowUpLink:
    """An open commitment the imported meeting appears to follow up, with the effect it suggests."""

    commitment: Commitment
    effect: str
    reason: str
    score: float

    @property
    def key(self) -> str:
        return f"followup-{self.commitment.pk}"

    @property
    def effect_label(self) -> str:
        return Effect(self.effect).label


def words(text: str) -> set[str]:
    return {
        word
        for word in re.findall(r"[a-z][a-z\-]+", text.lower())
        if word not in STOPWORDS and len(word) > 2
    }


def overlap(a: str, b: str) -> tuple[int, float]:
    """How many meaningful words two texts share, and that as a share of the shorter."""
    left, right = words(a), words(b)
    if not left or not right:
        return 0, 0.0
    shared = len(left & right)
    return shared, shared / min(len(left), len(right))


def find_duplicate(*, text_hash: str, source_url: str = "") -> Meeting | None:
    """A meeting already stored from the same readout (same text, or same source address)."""
    condition = Q(text_hash=text_hash)
    if source_url:
        condition |= Q(source_url=source_url)
    return Meeting.objects.filter(condition).order_by("pk").first()


def match_references(parsed: ParsedReadout) -> list[ReferenceLink]:
    links = []
    for reference in parsed.references:
        candidates = Meeting.objects.confirmed()
        if reference.held_on:
            candidates = candidates.filter(held_on=reference.held_on)
        best = None
        best_score = 0.0
        for meeting in candidates[:50]:
            shared, score = overlap(reference.title, meeting.title)
            if shared and score > best_score:
                best, best_score = meeting, score
        links.append(
            ReferenceLink(
                text=reference.text,
                title=reference.title,
                held_on=reference.held_on,
                meeting=best if best_score >= 0.5 else None,
            )
        )
    return links


def propose_follow_ups(
    *,
    parties: Iterable[str],
    mechanism: Mechanism | None,
    commitments: Iterable[ProposedCommitment],
    paragraphs_text: str,
    held_on: datetime.date,
    exclude_meeting: Meeting | None = None,
) -> list[FollowUpLink]:
    """Open commitments with the same counterpart or mechanism whose wording this meeting echoes.

    A session of a mechanism suggests *fulfilled* for commitments to hold or use that mechanism;
    echoed wording suggests *reaffirmed* when this meeting commits to it again, else *discussed*.
    """
    counterparts = list(Party.objects.filter(code__in=parties).exclude(code=home_party_code()))
    earlier = (
        Commitment.objects.confirmed()
        .open()
        .filter(made_on__lt=held_on)
        .select_related("meeting", "mechanism")
    )
    if exclude_meeting is not None:
        earlier = earlier.exclude(meeting=exclude_meeting)
    # Those running through the mechanism, then the counterparts', newest first: with a major
    # partner thousands are open, and a meeting takes up recent ones far more than old ones.
    earlier = earlier.order_by("-made_on", "-id")
    with_counterparts = earlier.filter(made_with(*counterparts, using=Commitment.objects.db))
    if mechanism is None:
        candidates = list(with_counterparts[:FOLLOW_UP_CANDIDATES])
    else:
        candidates = queries.in_two_parts(
            earlier.filter(mechanism=mechanism),
            FOLLOW_UP_CANDIDATES,
            then=with_counterparts.exclude(mechanism=mechanism),
        )
    proposals = list(commitments)
    links: list[FollowUpLink] = []
    for commitment in candidates:
        if mechanism is not None and commitment.mechanism_id == mechanism.pk:
            links.append(
                FollowUpLink(
                    commitment=commitment,
                    effect=Effect.FULFILLED if not commitment.continuing else Effect.ADVANCED,
                    reason=_("This meeting was a session of %(mechanism)s.")
                    % {"mechanism": mechanism.name},
                    score=1.0,
                )
            )
            continue
        best_score, best_shared, echoed_by = 0.0, 0, None
        for proposal in proposals:
            shared, score = overlap(commitment.title + " " + commitment.text, proposal.text)
            if score > best_score:
                best_score, best_shared, echoed_by = score, shared, proposal
        if echoed_by is not None and best_shared >= MIN_SHARED_WORDS and best_score >= MIN_OVERLAP:
            links.append(
                FollowUpLink(
                    commitment=commitment,
                    effect=Effect.REAFFIRMED,
                    reason=_("Paragraph %(p)s commits to it again: “%(text)s”")
                    % {"p": echoed_by.paragraph, "text": echoed_by.text[:160]},
                    score=best_score,
                )
            )
            continue
        shared, score = overlap(commitment.title, paragraphs_text)
        if shared >= MIN_SHARED_WORDS and score >= 0.6:
            links.append(
                FollowUpLink(
                    commitment=commitment,
                    effect=Effect.DISCUSSED,
                    reason=_("The readout mentions it."),
                    score=score / 2,
                )
            )
    links.sort(key=lambda link: (-link.score, link.commitment.pk))
    return links


def follow_ups_for(meeting: Meeting) -> list[FollowUpLink]:
    """The follow-up proposals for a stored draft meeting, computed afresh."""
    drafts = [
        ProposedCommitment(
            paragraph=c.paragraph,
            kind=c.kind,
            title=c.title,
            text=c.text,
            requested_by="",
            responsible=[],
            continuing=c.continuing,
            target=c.target,
            mechanism="",
        )
        for c in meeting.commitments.all()
    ]
    return propose_follow_ups(
        parties=[party.code for party in meeting.parties.all()],
        mechanism=meeting.mechanism,
        commitments=drafts,
        paragraphs_text=meeting.readout,
        held_on=meeting.held_on,
        exclude_meeting=meeting,
    )


def _party(code: str) -> Party:
    code = code.upper()
    name = PARTIES.get(code, (code,))[0]
    kind = PartyKind.ORGANISATION if code in ORGANISATIONS else PartyKind.STATE
    party, _ = Party.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})
    return party


def _mechanism(name: str) -> Mechanism | None:
    if not name:
        return None
    existing = Mechanism.objects.filter(name__iexact=name).first()
    return existing or Mechanism.objects.create(name=name)


@transaction.atomic
def store_draft(*, parsed: ParsedReadout, readout: str, source_url: str = "") -> Meeting:
    """Store the proposed meeting and its commitments as drafts; nothing is linked yet.

    The earlier meetings the text refers to are proposed again on the review page (from
    ``match_references``) and linked only when a person accepts them in ``confirm_import``.
    Refuses (``ValidationError``) a readout already imported, naming the existing meeting.
    """
    duplicate = find_duplicate(text_hash=parsed.text_hash, source_url=source_url)
    if duplicate is not None:
        raise ValidationError(
            _("This readout was imported before as “%(meeting)s” (#%(pk)s).")
            % {"meeting": duplicate, "pk": duplicate.pk},
            code="duplicate",
            params={"pk": duplicate.pk},
        )
    proposed = parsed.meeting
    parties = [_party(code) for code in proposed.parties]
    mechanism = _mechanism(proposed.mechanism)
    meeting = services.save_meeting(
        fields={
            "title": proposed.title[:300],
            "kind": proposed.kind,
            "held_on": proposed.held_on,
            "start_time": proposed.start_time,
            "duration_minutes": proposed.duration_minutes,
            "place": proposed.place[:200],
            "occasion": proposed.occasion[:500],
            "mechanism": mechanism,
            "source_url": source_url,
            "readout": readout,
            "text_hash": parsed.text_hash,
            "review": Review.DRAFT,
        },
        parties=parties,
    )
    for order, attendee in enumerate(proposed.attendance):
        party = _party(attendee.party)
        if not meeting.parties.filter(pk=party.pk).exists():
            meeting.parties.add(party)
        person, _created = Person.objects.get_or_create(name=attendee.name[:200], party=party)
        Attendance.objects.get_or_create(
            meeting=meeting,
            person=person,
            defaults={"party": party, "title": attendee.title[:300], "order": order},
        )
    for proposal in parsed.commitments:
        requested_by = _party(proposal.requested_by) if proposal.requested_by else None
        kind = proposal.kind
        if kind == Kind.REQUEST and requested_by is None:
            requested_by = _party(home_party_code())
        services.create_commitment(
            fields={
                "meeting": meeting,
                "paragraph": proposal.paragraph[:20],
                "title": proposal.title[:300],
                "text": proposal.text,
                "kind": kind,
                "requested_by": requested_by if kind == Kind.REQUEST else None,
                "continuing": proposal.continuing,
                "status": Status.ONGOING if proposal.continuing else Status.OPEN,
                "target": proposal.target[:200],
                "mechanism": _mechanism(proposal.mechanism),
                "review": Review.DRAFT,
            },
            responsible=[_party(code) for code in proposal.responsible],
        )
    return meeting


def reparse(meeting: Meeting) -> ParsedReadout | None:
    """The parser's reading of a stored draft's readout (for its paragraphs and warnings)."""
    if not meeting.readout:
        return None
    try:
        return parse_readout(meeting.readout, home_party=home_party_code())
    except ReadoutError:
        return None


def draft_commitments(meeting: Meeting, paragraphs: dict[str, str] | None = None):
    """The meeting's draft commitments in reading order: by paragraph, then where in it.

    ``paragraphs`` (number -> text) places each excerpt in its paragraph; without it the order
    is paragraph, then creation.
    """
    drafts = list(
        meeting.commitments.filter(review=Review.DRAFT)
        .select_related("requested_by", "owner", "mechanism")
        .prefetch_related("responsible", "topics")
        .order_by("id")
    )
    paragraphs = paragraphs or {}

    def position(commitment: Commitment) -> tuple[int, int, int]:
        first = commitment.paragraph.split(",")[0].strip()
        number = int(first) if first.isdigit() else 10_000
        found = paragraphs.get(first, "").find(commitment.text[:60])
        return number, found if found >= 0 else 10_000, commitment.pk

    return sorted(drafts, key=position)


@dataclass
class DraftEdit:
    """What a reviewer set for one draft commitment (everything but its verbatim text)."""

    commitment: Commitment
    fields: dict[str, Any]
    responsible: list[Party]
    topics: list[Topic] = field(default_factory=list)


EDITABLE_COMMITMENT_FIELDS = (
    "title",
    "kind",
    "requested_by",
    "continuing",
    "target",
    "due_on",
    "owner",
    "mechanism",
)


def _apply_edit(meeting: Meeting, edit: DraftEdit) -> Commitment:
    commitment = edit.commitment
    if commitment.meeting_id != meeting.pk or commitment.review != Review.DRAFT:
        raise ValidationError(_("Only this meeting's drafts can be edited here."))
    unknown = set(edit.fields) - set(EDITABLE_COMMITMENT_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be edited here: %(f)s.") % {"f": ", ".join(sorted(unknown))}
        )
    for name, value in edit.fields.items():
        setattr(commitment, name, value)
    if commitment.kind != Kind.REQUEST:
        commitment.requested_by = None
    # A draft has no history yet, so its status follows from whether it is continuing.
    commitment.status = Status.ONGOING if commitment.continuing else Status.OPEN
    commitment.meeting = meeting
    commitment.last_activity_on = None  # a draft's only activity is its meeting
    commitment.refresh_derived_dates()
    commitment.full_clean()
    commitment.save()
    commitment.responsible.set(edit.responsible)
    commitment.topics.set(edit.topics)
    return commitment


@transaction.atomic
def save_review(
    *,
    meeting: Meeting,
    meeting_fields: dict[str, Any] | None = None,
    parties: Iterable[Party] | None = None,
    edits: Iterable[DraftEdit] = (),
) -> Meeting:
    """Keep a reviewer's edits to a draft meeting and its draft commitments; still a draft."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.review != Review.DRAFT:
        raise ValidationError(_("This meeting is already confirmed."))
    if meeting_fields is not None or parties is not None:
        fields = dict(meeting_fields or {})
        if "review" in fields or "readout" in fields or "text_hash" in fields:
            raise ValidationError(_("The readout and review state are not edited here."))
        meeting = services.save_meeting(meeting=meeting, fields=fields, parties=parties)
    for edit in edits:
        _apply_edit(meeting, edit)
    return meeting


def follow_up_status(commitment: Commitment, effect: str) -> str | None:
    """The status an accepted follow-up link moves ``commitment`` to (None: unchanged)."""
    return status_after_meeting(effect, status=commitment.status, continuing=commitment.continuing)


def follow_up_note(meeting: Meeting) -> str:
    return _("Followed up at %(meeting)s (accepted from the readout import).") % {
        "meeting": meeting
    }


@transaction.atomic
def merge_drafts(*, first: Commitment, second: Commitment) -> Commitment:
    """Merge two draft commitments of one meeting into the first; the second goes."""
    if first.meeting_id != second.meeting_id or Review.CONFIRMED in (first.review, second.review):
        raise ValidationError(_("Only two drafts of the same meeting can be merged."))
    first.text = f"{first.text} \u2026 {second.text}"
    if second.paragraph and second.paragraph != first.paragraph:
        first.paragraph = f"{first.paragraph}, {second.paragraph}"[:20]
    first.continuing = first.continuing and second.continuing
    if first.status == Status.ONGOING and not first.continuing:
        first.status = Status.OPEN
    first.target = first.target or second.target
    first.mechanism = first.mechanism or second.mechanism
    first.save()
    first.responsible.add(*second.responsible.all())
    first.topics.add(*second.topics.all())
    second.delete()
    return first


@transaction.atomic
def split_draft(*, commitment: Commitment, first_part: str) -> tuple[Commitment, Commitment]:
    """Split a draft into two: ``first_part`` (the start of its text) and the rest."""
    if commitment.review != Review.DRAFT:
        raise ValidationError(_("Only a draft can be split."))
    first_part = first_part.strip()
    text = commitment.text
    if not first_part or not text.startswith(first_part) or len(first_part) >= len(text.strip()):
        raise ValidationError(
            {"first_part": _("Give the first part exactly as the text begins, not all of it.")}
        )
    rest = text[len(first_part) :].strip(" ,;")
    responsible = list(commitment.responsible.all())
    topics = list(commitment.topics.all())
    commitment.text = first_part.rstrip(" ,;")
    commitment.save(update_fields=["text"])
    second = Commitment.objects.get(pk=commitment.pk)
    second.pk = None
    second.text = rest
    second.title = rest[:1].upper() + rest[1:120]
    second.save()
    second.responsible.set(responsible)
    second.topics.set(topics)
    return commitment, second


@transaction.atomic
def confirm_import(
    *,
    meeting: Meeting,
    accepted: Iterable[Commitment],
    author: AbstractBaseUser,
    follow_ups: Iterable[tuple[Commitment, str]] = (),
    follows_up: Iterable[Meeting] | None = None,
    meeting_fields: dict[str, Any] | None = None,
    parties: Iterable[Party] | None = None,
    edits: Iterable[DraftEdit] = (),
) -> Meeting:
    """Publish a draft meeting with the accepted commitments, in one transaction.

    The reviewer's last edits (``meeting_fields``, ``parties``, ``edits``) are applied first,
    in the same transaction. Drafts not accepted are deleted. Each accepted follow-up becomes
    an update on that commitment linked to this meeting, through ``record_update`` like any
    other; ``follows_up`` are the earlier meetings this one refers back to. Any error leaves
    everything as it was.
    """
    accepted_ids = {commitment.pk for commitment in accepted}
    meeting = save_review(
        meeting=meeting,
        meeting_fields=meeting_fields,
        parties=parties,
        edits=[edit for edit in edits if edit.commitment.pk in accepted_ids],
    )
    drafts = meeting.commitments.filter(review=Review.DRAFT)
    drafts.exclude(pk__in=accepted_ids).delete()
    drafts.filter(pk__in=accepted_ids).update(review=Review.CONFIRMED)
    meeting.review = Review.CONFIRMED
    meeting.save(update_fields=["review", "updated_at"])
    if follows_up is not None:
        follows_up = list(follows_up)
        if any(earlier.pk == meeting.pk for earlier in follows_up):
            raise ValidationError({"follows_up": _("A meeting cannot follow up itself.")})
        meeting.follows_up.set(follows_up)
    for commitment, effect in follow_ups:
        if commitment.review != Review.CONFIRMED or commitment.meeting_id == meeting.pk:
            raise ValidationError(_("Only a confirmed commitment of an earlier meeting is linked."))
        services.record_update(
            commitment=commitment,
            author=author,
            status=follow_up_status(commitment, effect),
            meeting=meeting,
            effect=effect,
            happened_on=meeting.held_on,
            note=follow_up_note(meeting),
        )
    return meeting


@transaction.atomic
def discard_import(*, meeting: Meeting) -> None:
    """Throw a draft meeting away with its draft commitments."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.review != Review.DRAFT:
        raise ValidationError(_("Only a draft meeting can be discarded."))
    meeting.commitments.all().delete()
    meeting.delete()
