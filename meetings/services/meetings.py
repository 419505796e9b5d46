"""Every write that users make, one function per action, each atomic.

Views, the admin, the API and management commands call these; none writes around them.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from meetings.models import Attendance, Meeting, Party


@transaction.atomic
def refresh_commitment_dates(*, meeting: Meeting) -> None:
    """Recompute the derived dates of a meeting's commitments after its date changed."""
    for commitment in meeting.commitments.select_for_update().select_related("meeting"):
        commitment.meeting = meeting
        commitment.save(update_fields=[])


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
    for one of the meeting's parties. A new date recomputes the expected-by dates of the
    commitments made at the meeting.
    """
    if meeting is None:
        meeting, old_date = Meeting(), None
    else:
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        old_date = meeting.held_on
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    meeting.save()
    if parties is not None:
        meeting.parties.set(parties)
    if follows_up is not None:
        follows_up = list(follows_up)
        if any(earlier.pk == meeting.pk for earlier in follows_up):
            raise ValidationError({"follows_up": _("A meeting cannot follow up itself.")})
        meeting.follows_up.set(follows_up)
    if not meeting.parties.exists():
        raise ValidationError({"parties": _("A meeting has at least one party.")})
    if attendance is not None:
        _replace_attendance(meeting, list(attendance))
    if old_date is not None and old_date != meeting.held_on:
        refresh_commitment_dates(meeting=meeting)
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
    meeting.attendances.all().delete()
    Attendance.objects.bulk_create(rows)
