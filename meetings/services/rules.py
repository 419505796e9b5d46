"""The record's rules that span rows, checked by every service before it writes.

The draft boundary: nothing confirmed refers to a draft (a commitment's meeting, what it
reaffirms, what replaced it, a later meeting on its timeline, an earlier meeting a meeting
follows up), and drafts get no timeline entries. And no cycles: a commitment never reaffirms
itself through others, a meeting never follows itself up through others. ``docs/design.md``
("The rules of the record") says why. Each check raises ``ValidationError`` keyed by the field
a person would correct, so the pages, the admin and the API show the same message there.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from meetings.models import Commitment, Meeting
from meetings.selectors.record_checks import LONGEST_CHAIN
from meetings.status import Review


def _is_draft(record: Commitment | Meeting | None) -> bool:
    return record is not None and record.review == Review.DRAFT


def check_commitment(commitment: Commitment) -> None:
    """What a commitment refers to, as it is about to be saved."""
    errors: dict[str, list[str]] = {}
    if commitment.review == Review.CONFIRMED:
        # No meeting yet (a form left it blank, and says so): nothing to compare.
        if commitment.meeting_id is not None and _is_draft(commitment.meeting):
            errors["meeting"] = [
                _("A confirmed commitment belongs to a confirmed meeting, not a draft.")
            ]
        if _is_draft(commitment.reaffirms):
            errors["reaffirms"] = [
                _("A confirmed commitment cannot reaffirm a draft; confirm that one first.")
            ]
        if _is_draft(commitment.superseded_by):
            errors["superseded_by"] = [_("A draft cannot replace a confirmed commitment.")]
    if commitment.reaffirms_id is not None and _reaffirms_reach(
        commitment.reaffirms_id, commitment.pk
    ):
        errors["reaffirms"] = [
            _(
                "#%(pk)s already reaffirms this commitment, directly or through others: "
                "a commitment cannot reaffirm what repeats it."
            )
            % {"pk": commitment.reaffirms_id}
        ]
    if errors:
        raise ValidationError(errors)


def _reaffirms_reach(start: int, target: int | None) -> bool:
    """Whether following ``reaffirms`` from commitment ``start`` comes back to ``target``."""
    if target is None:
        return False
    current: int | None = start
    for _step in range(LONGEST_CHAIN):
        if current is None:
            return False
        if current == target:
            return True
        current = (
            Commitment.objects.filter(pk=current).values_list("reaffirms_id", flat=True).first()
        )
    return True


def check_update(
    *,
    commitment: Commitment,
    meeting: Meeting | None,
    superseded_by: Commitment | None,
) -> None:
    """A timeline entry about to be recorded on ``commitment``."""
    errors: dict[str, list[str]] = {}
    if _is_draft(commitment):
        errors["__all__"] = [
            _(
                "This commitment is a draft proposed by an import: confirm it on its review "
                "page before recording anything on it."
            )
        ]
    if _is_draft(meeting):
        errors["meeting"] = [
            _("That meeting is an unconfirmed draft: confirm its import before linking it.")
        ]
    if _is_draft(superseded_by):
        errors["superseded_by"] = [
            _("That commitment is an unconfirmed draft and cannot replace this one.")
        ]
    if superseded_by is not None and superseded_by.superseded_by_id == commitment.pk:
        errors["superseded_by"] = [
            _("#%(pk)s was itself replaced by this commitment.") % {"pk": superseded_by.pk}
        ]
    if errors:
        raise ValidationError(errors)


def check_meeting(meeting: Meeting, *, follows_up: Iterable[Meeting] | None = None) -> None:
    """A meeting about to be saved, with the earlier meetings it will follow up."""
    errors: dict[str, list[str]] = {}
    if meeting.pk is not None and meeting.review == Review.DRAFT:
        confirmed = meeting.commitments.filter(review=Review.CONFIRMED).exists()
        linked = meeting.follow_ups.exists() or meeting.followed_up_by.confirmed().exists()
        if confirmed or linked:
            errors["review"] = [
                _(
                    "This meeting has confirmed commitments or is linked from the confirmed "
                    "record; it cannot become a draft again."
                )
            ]
    if follows_up is not None:
        earlier = list(follows_up)
        if meeting.pk is not None and any(other.pk == meeting.pk for other in earlier):
            errors["follows_up"] = [_("A meeting cannot follow up itself.")]
        elif meeting.review == Review.CONFIRMED and any(_is_draft(other) for other in earlier):
            errors["follows_up"] = [
                _("A confirmed meeting cannot follow up an unconfirmed draft: confirm it first.")
            ]
        elif meeting.pk is not None and _follows_up_reach({m.pk for m in earlier}, meeting.pk):
            errors["follows_up"] = [
                _(
                    "One of those meetings already follows up this one, directly or through "
                    "others: a meeting cannot follow up what follows it up."
                )
            ]
    if errors:
        raise ValidationError(errors)


def _follows_up_reach(start: set[int], target: int) -> bool:
    """Whether following ``follows_up`` from the meetings ``start`` reaches ``target``."""
    links = Meeting.follows_up.through.objects
    seen: set[int] = set()
    frontier = set(start)
    while frontier:
        if target in frontier:
            return True
        seen |= frontier
        if len(seen) > LONGEST_CHAIN:
            return True
        frontier = (
            set(links.filter(from_meeting_id__in=frontier).values_list("to_meeting_id", flat=True))
            - seen
        )
    return False


def check_confirmable_meeting(meeting: Meeting, *, party_count: int) -> None:
    """What a confirmed meeting needs: a date, and at least two parties (who met)."""
    errors: dict[str, list[str]] = {}
    if meeting.held_on is None:
        errors["held_on"] = [_("Give the meeting's date.")]
    if party_count < 2:
        errors["parties"] = [_("A meeting has at least two parties.")]
    if errors:
        raise ValidationError(errors)
