"""Importing a readout: store what the parser proposes as drafts, then a person confirms.

Reading the text is ``meetings.importing.parser``'s job (pure text rules, no database). This
module is the database side: finding the same readout imported before, matching the meetings
the text refers to and the open commitments it appears to follow up, storing a draft meeting
with draft commitments, and confirming or discarding that draft. Nothing links until a person
accepts it in ``confirm_import``.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from meetings import services
from meetings.importing.matching import find_duplicate, follow_up_note, follow_up_status
from meetings.importing.parser import ParsedReadout
from meetings.importing.vocabulary import ORGANISATIONS, PARTIES
from meetings.models import (
    Attendance,
    Commitment,
    Mechanism,
    Meeting,
    Party,
    Person,
    Topic,
    home_party_code,
)
from meetings.status import Kind, PartyKind, Review, Status


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
