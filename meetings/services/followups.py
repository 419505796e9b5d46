"""Writes that tie later meetings to commitments, built on ``services.record_update``.

Each function is one user action and one transaction: if any part is refused, nothing is
written (no orphan meeting, no half-linked batch).
"""

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import Commitment, Meeting, Party, Update
from meetings.services.commitments import record_update
from meetings.services.meetings import save_meeting
from meetings.status import Review, status_after_meeting


@transaction.atomic
def create_followup_meeting(
    *,
    title: str,
    kind: str,
    held_on: datetime.date,
    parties: Iterable[Party],
    author: AbstractBaseUser,
) -> Meeting:
    """Record a later meeting in a few words, while recording a follow-up to a commitment.

    The meeting is confirmed at once (a person typed it, nothing was imported), so it obeys the
    rules of any confirmed meeting (``save_meeting``). Managers complete it afterwards (place,
    attendance, readout).
    """
    if held_on > timezone.localdate():
        raise ValidationError(
            {"held_on": _("A meeting that already took place cannot be in the future.")}
        )
    return save_meeting(
        fields={
            "title": title.strip(),
            "kind": kind,
            "held_on": held_on,
            "review": Review.CONFIRMED,
        },
        parties=parties,
    )


@transaction.atomic
def record_update_with_new_meeting(
    *,
    commitment: Commitment,
    author: AbstractBaseUser,
    meeting_title: str,
    meeting_kind: str,
    meeting_held_on: datetime.date,
    meeting_parties: Iterable[Party],
    **update,
) -> Update:
    """Create the later meeting and record the update linking it, both or neither.

    ``update`` takes the keyword arguments of ``services.record_update`` except ``meeting``;
    ``happened_on`` defaults to the new meeting's date.
    """
    meeting = create_followup_meeting(
        title=meeting_title,
        kind=meeting_kind,
        held_on=meeting_held_on,
        parties=meeting_parties,
        author=author,
    )
    if not update.get("happened_on"):
        update["happened_on"] = meeting.held_on
    return record_update(commitment=commitment, author=author, meeting=meeting, **update)


@transaction.atomic
def link_meeting(
    *,
    meeting: Meeting,
    commitments: Iterable[Commitment],
    effect: str,
    note: str,
    author: AbstractBaseUser,
) -> list[Update]:
    """Record that ``meeting`` took up each of ``commitments`` with the same ``effect``.

    Each moves as ``status_after_meeting`` says (a meeting that fulfilled them closes them,
    one that advanced them puts them in progress), as an imported readout's accepted links
    do. One refusal refuses the whole batch, naming the commitment.
    """
    updates = []
    for commitment in commitments:
        try:
            updates.append(
                record_update(
                    commitment=commitment,
                    author=author,
                    status=status_after_meeting(
                        effect, status=commitment.status, continuing=commitment.continuing
                    ),
                    note=note,
                    meeting=meeting,
                    effect=effect,
                    happened_on=meeting.held_on,
                )
            )
        except ValidationError as error:
            messages = [message for message in error.messages]
            raise ValidationError(
                _("%(commitment)s: %(reason)s")
                % {"commitment": commitment.title, "reason": " ".join(messages)}
            ) from error
    return updates
