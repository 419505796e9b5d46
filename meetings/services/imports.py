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

from meetings.importing.matching import follow_up_note, follow_up_status, reparse
from meetings.importing.parser import ParsedReadout
from meetings.models import Commitment, Meeting, Party, ReadoutExcerpt, Topic, home_party_code
from meetings.services import reference
from meetings.services.commitments import (
    EDITABLE_FIELDS,
    _save,
    create_commitment,
    delete_commitment,
    edit_commitment,
    lock_commitment,
    record_update,
)
from meetings.services.meetings import delete_meeting, save_meeting
from meetings.services.readouts import Report, add_readout, report_commitments
from meetings.status import Effect, Kind, Review, initial_status
from notifications import events


@transaction.atomic
def store_draft(
    *,
    parsed: ParsedReadout,
    readout: str,
    source_url: str = "",
    publisher: Party | None = None,
) -> Meeting:
    """Store the proposed meeting and its commitments as drafts; nothing is linked yet.

    The readout becomes the meeting's first readout (``publisher``: default the side whose
    voice the parser read), each draft reported by its paragraph. People and parties named in
    either language are matched to those recorded (``reference.person_named``); a mechanism
    only to one recorded (a new one is made when the reviewer says so). The earlier meetings
    the text refers to are proposed again on the review page (from ``match_references``) and
    linked only when a person accepts them in ``confirm_import``. A readout without a date is
    stored without one (the review page asks for it; confirming needs it). Refuses
    (``ValidationError``) a readout already imported, naming the existing meeting.
    """
    proposed = parsed.meeting
    parties = [reference.party_for_code(code) for code in proposed.parties]
    attendance = []
    for order, attendee in enumerate(proposed.attendance):
        party = reference.party_for_code(attendee.party)
        if party not in parties:
            parties.append(party)
        person = reference.person_named(attendee.name[:200], party)
        if all(item["person"] != person for item in attendance):
            attendance.append(
                {"person": person, "party": party, "title": attendee.title[:300], "order": order}
            )
    codes = [party.code for party in parties]
    meeting = save_meeting(
        fields={
            "title": proposed.title[:300],
            "kind": proposed.kind,
            "held_on": proposed.held_on,
            "start_time": proposed.start_time,
            "duration_minutes": proposed.duration_minutes,
            "place": proposed.place[:200],
            "occasion": proposed.occasion[:500],
            "mechanism": reference.mechanism_named(proposed.mechanism, parties=codes),
            "review": Review.DRAFT,
        },
        parties=parties,
        attendance=attendance,
    )
    if publisher is None and parsed.publisher:
        publisher = reference.party_for_code(parsed.publisher)
    first = add_readout(
        meeting=meeting,
        text=readout,
        text_hash=parsed.text_hash,
        source_url=source_url,
        publisher=publisher,
        language=parsed.language,
    )
    reports = []
    for proposal in parsed.commitments:
        kind = proposal.kind
        requested_by = None
        if kind == Kind.REQUEST:
            requested_by = reference.party_for_code(proposal.requested_by or home_party_code())
        draft = create_commitment(
            fields={
                "meeting": meeting,
                "paragraph": proposal.paragraph[:20],
                "title": proposal.title[:300],
                "kind": kind,
                "requested_by": requested_by,
                "continuing": proposal.continuing,
                "target": proposal.target[:200],
                "mechanism": reference.mechanism_named(proposal.mechanism, parties=codes),
                "review": Review.DRAFT,
            },
            text=proposal.text,
            responsible=[reference.party_for_code(code) for code in proposal.responsible],
        )
        reports.append(Report(draft, proposal.paragraph, proposal.text))
    report_commitments(readout=first, reports=reports)
    return meeting


def unmatched_mechanisms(parsed: ParsedReadout | None, meeting: Meeting) -> list[str]:
    """The mechanisms the readout names that match none recorded: the reviewer may create
    them (``save_review``'s ``create_mechanisms``)."""
    if parsed is None:
        return []
    codes = [party.code for party in meeting.parties.all()]
    names = [parsed.meeting.mechanism, *(p.mechanism for p in parsed.commitments)]
    unmatched: list[str] = []
    for name in names:
        if (
            name
            and name not in unmatched
            and reference.mechanism_named(name, parties=codes) is None
        ):
            unmatched.append(name)
    return unmatched


def _create_mechanisms(
    meeting: Meeting, names: Iterable[str], parsed: ParsedReadout | None
) -> None:
    """Make the mechanisms the reviewer chose to create and set them where the readout
    named them: on the meeting, and on the drafts proposed from the paragraphs naming them."""
    parties = list(meeting.parties.all())
    for name in names:
        mechanism = reference.create_mechanism(name=name, parties=parties)
        if parsed is not None and parsed.meeting.mechanism == name and meeting.mechanism_id is None:
            save_meeting(meeting=meeting, fields={"mechanism": mechanism})
        texts = {p.text for p in (parsed.commitments if parsed else []) if p.mechanism == name}
        for draft in meeting.commitments.filter(review=Review.DRAFT, mechanism__isnull=True):
            if draft.text in texts:
                edit_commitment(
                    commitment=draft, expected_version=None, changes={"mechanism": mechanism}
                )


@dataclass
class DraftEdit:
    """What a reviewer set for one draft commitment (everything but its verbatim text), and
    the draft's version when the review page was drawn."""

    commitment: Commitment
    fields: dict[str, Any]
    responsible: list[Party]
    topics: list[Topic] = field(default_factory=list)
    version: int | None = None


@dataclass
class Reaffirmation:
    """The reviewer's choice for a draft that repeats the open commitment ``commitment``:
    record it as reaffirmed there (``as_new`` False, the proposal), or publish the draft as a
    new commitment whose ``reaffirms`` is ``commitment``."""

    draft: Commitment
    commitment: Commitment
    as_new: bool = False


class DraftRefused(ValidationError):
    """A reviewer's edit of one draft broke a rule; ``commitment`` says which draft."""

    def __init__(self, commitment: Commitment, error: ValidationError):
        super().__init__(error.error_dict if hasattr(error, "error_dict") else error.error_list)
        self.commitment = commitment


EDITABLE_DRAFT_FIELDS = frozenset(
    {
        "title",
        "kind",
        "requested_by",
        "continuing",
        "target",
        "due_on",
        "owner",
        "mechanism",
        "reaffirms",
    }
)


def _draft_of(meeting: Meeting, commitment: Commitment) -> None:
    if commitment.meeting_id != meeting.pk or commitment.review != Review.DRAFT:
        raise ValidationError(_("Only this meeting's drafts can be edited here."))


@transaction.atomic
def save_review(
    *,
    meeting: Meeting,
    meeting_fields: dict[str, Any] | None = None,
    parties: Iterable[Party] | None = None,
    edits: Iterable[DraftEdit] = (),
    create_mechanisms: Iterable[str] = (),
) -> Meeting:
    """Keep a reviewer's edits to a draft meeting and its draft commitments; still a draft.

    ``create_mechanisms`` are mechanisms the readout names that match none recorded
    (``unmatched_mechanisms``) and that the reviewer chose to create."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.review != Review.DRAFT:
        raise ValidationError(_("This meeting is already confirmed."))
    if meeting_fields is not None or parties is not None:
        fields = dict(meeting_fields or {})
        if "review" in fields:
            raise ValidationError(_("The review state is not edited here."))
        meeting = save_meeting(meeting=meeting, fields=fields, parties=parties)
    for edit in edits:
        _draft_of(meeting, edit.commitment)
        unknown = set(edit.fields) - EDITABLE_DRAFT_FIELDS
        if unknown:
            raise ValidationError(
                _("These fields cannot be edited here: %(f)s.") % {"f": ", ".join(sorted(unknown))}
            )
        fields = dict(edit.fields)
        if fields.get("kind", edit.commitment.kind) != Kind.REQUEST:
            fields["requested_by"] = None
        try:
            edit_commitment(
                commitment=edit.commitment,
                expected_version=edit.version,
                changes=fields,
                responsible=edit.responsible,
                topics=edit.topics,
            )
        except ValidationError as error:
            raise DraftRefused(edit.commitment, error) from error
    create_mechanisms = list(create_mechanisms)
    if create_mechanisms:
        parsed = reparse(meeting)
        allowed = set(unmatched_mechanisms(parsed, meeting))
        if set(create_mechanisms) - allowed:
            raise ValidationError(_("Only a mechanism the readout names can be created here."))
        _create_mechanisms(meeting, create_mechanisms, parsed)
        meeting.refresh_from_db()
    return meeting


@transaction.atomic
def merge_drafts(
    *, first: Commitment, second: Commitment, versions: tuple[int, int] | None = None
) -> Commitment:
    """Merge two draft commitments of one meeting into the first; the second goes.

    The excerpts are joined with "…" (a draft's words are the parser's proposal until a person
    confirms them)."""
    first_version, second_version = versions or (first.version, second.version)
    first, second = lock_commitment(first, first_version), lock_commitment(second, second_version)
    if first.meeting_id != second.meeting_id or Review.CONFIRMED in (first.review, second.review):
        raise ValidationError(_("Only two drafts of the same meeting can be merged."))
    responsible = {*first.responsible.all(), *second.responsible.all()}
    topics = {*first.topics.all(), *second.topics.all()}
    first.text = f"{first.text} \u2026 {second.text}"
    if second.paragraph and second.paragraph != first.paragraph:
        first.paragraph = f"{first.paragraph}, {second.paragraph}"[:20]
    first.continuing = first.continuing and second.continuing
    first.target = first.target or second.target
    first.mechanism = first.mechanism or second.mechanism
    first.version += 1
    # The paragraphs that reported the second report the merged one.
    for excerpt in second.excerpts.all():
        kept = first.excerpts.filter(readout=excerpt.readout, paragraph=excerpt.paragraph).first()
        # Saved row by row (not ``QuerySet.update``), so that the audit trail records them.
        if kept is None:
            excerpt.commitment = first
            excerpt.save(update_fields=["commitment"])
        else:
            kept.text = f"{kept.text} \u2026 {excerpt.text}"
            kept.save(update_fields=["text"])
    delete_commitment(commitment=second)
    return _draft_saved(first, responsible=responsible, topics=topics)


def _draft_saved(draft: Commitment, **related) -> Commitment:
    """Save a draft whose proposed words changed (a merge or a split): drafts only."""
    if draft.review != Review.DRAFT:
        raise ValidationError(_("Only a draft's proposed words change here."))
    draft.status = initial_status(continuing=draft.continuing)
    return _save(draft, **related)


@transaction.atomic
def split_draft(
    *, commitment: Commitment, first_part: str, version: int | None = None
) -> tuple[Commitment, Commitment]:
    """Split a draft into two: ``first_part`` (the start of its text) and the rest."""
    commitment = lock_commitment(commitment, version if version is not None else commitment.version)
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
    fields = {name: getattr(commitment, name) for name in EDITABLE_FIELDS - {"title"}}
    commitment.text = first_part.rstrip(" ,;")
    commitment.version += 1
    _draft_saved(commitment, responsible=None, topics=None)
    second = create_commitment(
        fields={**fields, "title": rest[:1].upper() + rest[1:120]},
        text=rest,
        responsible=responsible,
        topics=topics,
    )
    # Each part is reported by the paragraph the whole was, in its own words.
    for excerpt in commitment.excerpts.all():
        if excerpt.text == text:
            excerpt.text = commitment.text
            excerpt.save(update_fields=["text"])
            ReadoutExcerpt.objects.create(
                commitment=second, readout=excerpt.readout, paragraph=excerpt.paragraph, text=rest
            )
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
    reaffirmations: Iterable[Reaffirmation] = (),
    create_mechanisms: Iterable[str] = (),
) -> Meeting:
    """Publish a draft meeting with the accepted commitments, in one transaction.

    The reviewer's last edits (``meeting_fields``, ``parties``, ``edits``,
    ``create_mechanisms``) are applied first, in the same transaction. Drafts not accepted
    are deleted. An accepted draft that repeats an open commitment (``reaffirmations``) is
    recorded as that commitment reaffirmed at this meeting (an update on its timeline, dated
    to the meeting) instead of a new commitment, unless the reviewer made it a new one that
    reaffirms it. The meeting is then confirmed (``save_meeting``: a confirmed meeting's rules
    apply, a date among them, and ``follows_up`` are the earlier meetings it refers back
    to), each accepted draft with it (``edit_commitment``), and each accepted follow-up
    becomes an update on that commitment linked to this meeting (``record_update``), like
    any other. Any error leaves everything as it was.
    """
    accepted_ids = {commitment.pk for commitment in accepted}
    repeats = {item.draft.pk: item for item in reaffirmations if item.draft.pk in accepted_ids}
    as_updates = {pk for pk, item in repeats.items() if not item.as_new}
    edits = [edit for edit in edits if edit.commitment.pk in accepted_ids - as_updates]
    for edit in edits:
        if edit.commitment.pk in repeats:
            edit.fields = {**edit.fields, "reaffirms": repeats[edit.commitment.pk].commitment}
    meeting = save_review(
        meeting=meeting,
        meeting_fields=meeting_fields,
        parties=parties,
        edits=edits,
        create_mechanisms=create_mechanisms,
    )
    reaffirmed = []
    for pk in as_updates:
        draft = Commitment.objects.get(pk=pk)
        reaffirmed.append((repeats[pk].commitment, draft.paragraph, draft.text))
        delete_commitment(commitment=draft)
    accepted_ids -= as_updates
    drafts = list(meeting.commitments.filter(review=Review.DRAFT))
    for draft in drafts:
        if draft.pk not in accepted_ids:
            delete_commitment(commitment=draft)
    meeting = save_meeting(
        meeting=meeting, fields={"review": Review.CONFIRMED}, follows_up=follows_up
    )
    published = []
    for draft in drafts:
        if draft.pk in accepted_ids:
            published.append(
                edit_commitment(
                    commitment=draft,
                    expected_version=None,
                    changes={"review": Review.CONFIRMED},
                    actor=author,
                    notify=False,
                )
            )
    followed_up = []
    for commitment, effect in follow_ups:
        record_update(
            commitment=commitment,
            author=author,
            status=follow_up_status(commitment, effect),
            meeting=meeting,
            effect=effect,
            happened_on=meeting.held_on,
            note=follow_up_note(meeting),
            notify=False,
        )
        followed_up.append(commitment)
    for commitment, paragraph, text in reaffirmed:
        record_update(
            commitment=commitment,
            author=author,
            meeting=meeting,
            effect=Effect.REAFFIRMED,
            happened_on=meeting.held_on,
            note=_("Reaffirmed at %(meeting)s, readout ¶%(p)s: “%(text)s”")
            % {"meeting": meeting, "p": paragraph, "text": text[:500]},
            notify=False,
        )
        followed_up.append(commitment)
    # Everyone concerned hears of the import once: what it published and what it followed up.
    events.occurred(
        events.Kind.READOUT_CONFIRMED,
        actor=author,
        commitments=[*published, *followed_up],
        meeting=meeting,
        details={"published": len(published), "followed_up": len(followed_up)},
    )
    return meeting


@transaction.atomic
def discard_import(*, meeting: Meeting) -> None:
    """Throw a draft meeting away with its draft commitments."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.review != Review.DRAFT:
        raise ValidationError(_("Only a draft meeting can be discarded."))
    for draft in meeting.commitments.all():
        delete_commitment(commitment=draft)
    delete_meeting(meeting=meeting)
