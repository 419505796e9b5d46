"""Every write that users make, one function per action, each atomic.

Views, the admin, the API and management commands call these; none writes around them.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import Commitment, Division, Meeting, Party, Topic, Update
from meetings.status import Effect, Move, check_move


class StaleVersion(Exception):
    """The commitment changed since the person loaded it; nothing was written."""

    def __init__(self, commitment: Commitment, expected_version: int):
        self.commitment = commitment
        self.expected_version = expected_version
        latest = commitment.updates.select_related("author").order_by("-recorded_at", "-id").first()
        self.latest_update = latest
        super().__init__(
            _(
                "This commitment was changed by someone else (now version %(now)s, you had "
                "version %(had)s). Review their change, then record yours again."
            )
            % {"now": commitment.version, "had": expected_version}
        )


@transaction.atomic
def record_update(
    *,
    commitment: Commitment,
    author: AbstractBaseUser,
    expected_version: int | None = None,
    status: str | None = None,
    note: str = "",
    meeting: Meeting | None = None,
    effect: str = "",
    happened_on: datetime.date | None = None,
    source_url: str = "",
    superseded_by: Commitment | None = None,
    corrects: Update | None = None,
) -> Update:
    """Append an update to ``commitment``'s timeline and move its status, together.

    Raises ``StaleVersion`` if ``expected_version`` is given and no longer current, and
    ``ValidationError`` (keyed by field) if the workflow forbids the move.
    """
    # Lock the row so two simultaneous updates are applied one after the other.
    locked = Commitment.objects.select_for_update().select_related("meeting").get(pk=commitment.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleVersion(locked, expected_version)
    new_status = status or None
    if new_status == locked.status:
        new_status = None
    check_move(
        Move(
            current=locked.status,
            new=new_status,
            continuing=locked.continuing,
            note=note,
            has_meeting=meeting is not None,
            effect=effect,
            has_replacement=superseded_by is not None,
        )
    )
    if superseded_by is not None and superseded_by.pk == locked.pk:
        raise ValidationError({"superseded_by": _("A commitment cannot replace itself.")})
    if corrects is not None and corrects.commitment_id != locked.pk:
        raise ValidationError({"corrects": _("The corrected entry belongs to another commitment.")})
    happened_on = happened_on or timezone.localdate()
    if meeting is not None and meeting.pk == locked.meeting_id:
        raise ValidationError(
            {"meeting": _("Link a later meeting, not the one that made the commitment.")}
        )
    if meeting is not None and meeting.held_on < locked.meeting.held_on:
        raise ValidationError(
            {"meeting": _("The linked meeting took place before this commitment was made.")}
        )
    if happened_on < locked.meeting.held_on:
        raise ValidationError(
            {
                "happened_on": _(
                    "An update cannot happen before the meeting that made the commitment."
                )
            }
        )
    if happened_on > timezone.localdate():
        raise ValidationError({"happened_on": _("An update cannot be dated in the future.")})

    update = Update.objects.create(
        commitment=locked,
        happened_on=happened_on,
        previous_status=locked.status,
        status=new_status or "",
        effect=effect,
        note=note.strip(),
        meeting=meeting,
        source_url=source_url,
        corrects=corrects,
        author=author,
    )
    changed = ["version", "updated_at"]
    if new_status is not None:
        locked.status = new_status
        changed.append("status")
        if superseded_by is not None:
            locked.superseded_by = superseded_by
            changed.append("superseded_by")
        elif locked.superseded_by_id is not None:
            locked.superseded_by = None
            changed.append("superseded_by")
    if new_status is not None:
        locked.reaffirmed_since_move = 0
        changed.append("reaffirmed_since_move")
    elif effect == Effect.REAFFIRMED:
        locked.reaffirmed_since_move += 1
        changed.append("reaffirmed_since_move")
    if locked.last_activity_on is None or happened_on > locked.last_activity_on:
        locked.last_activity_on = happened_on
    locked.version += 1
    locked.save(update_fields=changed)
    # Keep the caller's object in step with what was saved.
    for field in (
        "status",
        "superseded_by_id",
        "version",
        "last_activity_on",
        "reaffirmed_since_move",
        "updated_at",
    ):
        setattr(commitment, field, getattr(locked, field))
    return update


@transaction.atomic
def create_commitment(
    *,
    fields: dict[str, Any],
    responsible: Iterable[Party],
    topics: Iterable[Topic] = (),
) -> Commitment:
    """Record a commitment made at a meeting. Its status starts open; updates move it."""
    commitment = Commitment(**fields)
    commitment.refresh_derived_dates()
    commitment.full_clean()
    commitment.save()
    commitment.responsible.set(responsible)
    commitment.topics.set(topics)
    return commitment


@transaction.atomic
def edit_commitment(
    *,
    commitment: Commitment,
    expected_version: int,
    changes: dict[str, Any],
    responsible: Iterable[Party] | None = None,
    topics: Iterable[Topic] | None = None,
) -> Commitment:
    """Change a commitment's particulars (not its status: updates do that), one edit at a time.

    Raises ``StaleVersion`` if someone changed it since ``expected_version`` was read, and
    ``ValidationError`` if the result breaks a rule. The verbatim ``text`` is never edited.
    """
    locked = Commitment.objects.select_for_update().select_related("meeting").get(pk=commitment.pk)
    if locked.version != expected_version:
        raise StaleVersion(locked, expected_version)
    if "text" in changes and changes["text"] != locked.text:
        raise ValidationError(
            {"text": _("The readout's words are recorded verbatim, never edited.")}
        )
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.refresh_derived_dates()
    locked.full_clean()
    locked.version += 1
    locked.save()
    if responsible is not None:
        locked.responsible.set(responsible)
    if topics is not None:
        locked.topics.set(topics)
    return locked


@transaction.atomic
def assign_commitment(
    *,
    commitment: Commitment,
    expected_version: int,
    owner: Division | None,
    assignee: AbstractBaseUser | None,
) -> Commitment:
    """Give a commitment its owning division and the person following it up (editors may)."""
    return edit_commitment(
        commitment=commitment,
        expected_version=expected_version,
        changes={"owner": owner, "assignee": assignee},
    )
