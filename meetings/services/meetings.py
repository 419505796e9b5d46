"""Writes about meetings: recording one, changing it, its attendance, and removing one."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from meetings import caching
from meetings.importing.japanese import is_japanese
from meetings.importing.records import text_hash
from meetings.models import Attendance, Language, Meeting, Party, Readout, home_party_code
from meetings.services import rules
from meetings.status import Review


@transaction.atomic
def refresh_commitment_dates(*, meeting: Meeting) -> None:
    """Recompute the derived dates of a meeting's commitments after its date changed."""
    for commitment in meeting.commitments.select_for_update().select_related("meeting"):
        commitment.meeting = meeting
        commitment.save(update_fields=[])
    caching.changed(caching.FIGURES, caching.REFERENCE)  # expected-by dates, and rows show them


@transaction.atomic
def save_meeting(
    *,
    meeting: Meeting | None = None,
    fields: dict[str, Any],
    parties: Iterable[Party] | None = None,
    attendance: Iterable[dict[str, Any]] | None = None,
    follows_up: Iterable[Meeting] | None = None,
) -> Meeting:
    """Create a meeting (``meeting`` None) or change one, with its parties and attendance.

    ``attendance`` replaces the whole list when given; each item names ``person`` and may name
    ``party`` (default: the person's party), ``title`` and ``order``. Everyone attending speaks
    for one of the meeting's parties. A confirmed meeting has a date and at least two parties
    and follows up no draft; a new date recomputes the expected-by dates of the commitments
    made at the meeting (a draft's date given at last among them).
    """
    new = meeting is None
    if meeting is None:
        meeting, old_date = Meeting(), None
    else:
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        old_date = meeting.held_on
    for name, value in fields.items():
        setattr(meeting, name, value)
    if meeting.review == Review.CONFIRMED and meeting.held_on is None:
        # Said on the date's field, before the database's constraint says it on none.
        raise ValidationError({"held_on": [_("Give the meeting's date.")]})
    meeting.full_clean()
    if follows_up is not None:
        follows_up = list(follows_up)
    rules.check_meeting(meeting, follows_up=follows_up)
    meeting.save()
    if parties is not None:
        meeting.parties.set(parties)
    if meeting.review == Review.CONFIRMED:
        rules.check_confirmable_meeting(meeting, party_count=meeting.parties.count())
    if follows_up is not None:
        meeting.follows_up.set(follows_up)
    if attendance is not None:
        _replace_attendance(meeting, list(attendance))
    if not new and old_date != meeting.held_on:
        refresh_commitment_dates(meeting=meeting)
    # Figures count by counterpart and date; rows show the meeting's title and date.
    caching.changed(caching.FIGURES, caching.REFERENCE)
    return meeting


@transaction.atomic
def replace_attendance(*, meeting: Meeting, attendance: Iterable[dict[str, Any]]) -> Meeting:
    """Replace who attended ``meeting`` (see ``save_meeting``), nothing else."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _replace_attendance(meeting, list(attendance))
    return meeting


def _replace_attendance(meeting: Meeting, attendance: list[dict[str, Any]]) -> None:
    party_ids = set(meeting.parties.values_list("pk", flat=True))
    people = [item["person"].pk for item in attendance]
    if len(people) != len(set(people)):
        raise ValidationError({"attendance": _("Each person attends a meeting once.")})
    rows = []
    for index, item in enumerate(attendance):
        person = item["person"]
        party = item.get("party") or person.party
        if party.pk not in party_ids:
            raise ValidationError(
                {
                    "attendance": _("%(person)s speaks for %(party)s, not a party to this meeting.")
                    % {"person": person.name, "party": party.code}
                }
            )
        rows.append(
            Attendance(
                meeting=meeting,
                person=person,
                party=party,
                title=item.get("title", ""),
                order=item.get("order", index),
            )
        )
    # Row by row, each person's row kept where they still attend, so that the audit trail
    # records what changed (a title, who came) rather than every row dropped and made anew.
    existing = {row.person_id: row for row in meeting.attendances.all()}
    wanted = {row.person_id for row in rows}
    for person_id, row in existing.items():
        if person_id not in wanted:
            row.delete()
    for row in rows:
        kept = existing.get(row.person_id)
        if kept is None:
            row.save()
        elif (kept.party_id, kept.title, kept.order) != (row.party_id, row.title, row.order):
            kept.party, kept.title, kept.order = row.party, row.title, row.order
            kept.save()


def deletion_refusals(meeting: Meeting) -> list[str]:
    """Why ``meeting`` may not be deleted (nothing: it may). The admin shows these."""
    reasons = []
    if meeting.commitments.filter(updates__isnull=False).exists():
        reasons.append(
            _("Commitments made at this meeting have timelines: drop them instead of deleting.")
        )
    if meeting.commitments.filter(reaffirmed_by__isnull=False).exists() or (
        meeting.commitments.filter(supersedes__isnull=False).exists()
    ):
        reasons.append(_("Other commitments reaffirm or were replaced by commitments made here."))
    if meeting.follow_ups.exists():
        reasons.append(_("Timelines of other commitments name this meeting as a later meeting."))
    if meeting.followed_up_by.exists():
        reasons.append(_("Later meetings follow this one up."))
    return reasons


@transaction.atomic
def delete_meeting(*, meeting: Meeting) -> None:
    """Remove a meeting entered by mistake, with its attendance and its commitments, if nothing
    in the record refers to it or to them (``deletion_refusals``)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    reasons = deletion_refusals(meeting)
    if reasons:
        raise ValidationError(reasons)
    # One by one, never a queryset's delete, so that the audit trail records each row.
    for record in [
        *meeting.commitments.all(),
        *meeting.attendances.all(),
        *meeting.readouts.all(),
    ]:
        record.delete()
    meeting.delete()
    caching.changed(caching.FIGURES, caching.ACTIVITY, caching.REFERENCE)


@transaction.atomic
def set_first_readout(
    *, meeting: Meeting, text: str, source_url: str = "", publisher: Party | None = None
) -> Readout | None:
    """Set the text and address of the readout a meeting was recorded from (its first), as
    the API's ``readout`` and ``source_url`` do; made if it has none, ours unless
    ``publisher`` says otherwise. Nothing for no text and no address."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    first = meeting.readouts.order_by("order", "pk").first()
    if first is None and not (text or source_url):
        return None
    if first is None:
        first = Readout(meeting=meeting, order=0)
        first.publisher = publisher or Party.objects.filter(code=home_party_code()).first()
    elif publisher is not None:
        first.publisher = publisher
    first.text, first.source_url = text, source_url
    first.text_hash = text_hash(text) if text else ""
    first.language = Language.JAPANESE if is_japanese(text) else Language.ENGLISH
    first.full_clean()
    first.save()
    caching.changed(caching.FIGURES, caching.REFERENCE)
    return first
