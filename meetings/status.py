"""The tracker's vocabulary and the workflow of a commitment: the one place that owns them.

Stored and API values are the snake_case words of docs/design.md; labels are translatable.
Every status change anywhere (web form, admin, API, command) is checked by ``check_move``.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    STALLED = "stalled", _("stalled")
    ONGOING = "ongoing", _("ongoing")
    FULFILLED = "fulfilled", _("fulfilled")
    SUPERSEDED = "superseded", _("superseded")
    DROPPED = "dropped", _("dropped")


OPEN_STATUSES = frozenset({Status.OPEN, Status.IN_PROGRESS, Status.STALLED, Status.ONGOING})
CLOSED_STATUSES = frozenset({Status.FULFILLED, Status.SUPERSEDED, Status.DROPPED})


class Kind(models.TextChoices):
    JOINT = "joint", _("joint")
    REQUEST = "request", _("request")
    PLEDGE = "pledge", _("pledge")


class Review(models.TextChoices):
    DRAFT = "draft", _("draft")
    CONFIRMED = "confirmed", _("confirmed")


class Effect(models.TextChoices):
    """What a later meeting did to a commitment it discussed."""

    DISCUSSED = "discussed", _("discussed")
    REAFFIRMED = "reaffirmed", _("reaffirmed")
    ADVANCED = "advanced", _("advanced")
    FULFILLED = "fulfilled", _("fulfilled")
    SET_BACK = "set_back", _("set back")


class UpdateKind(models.TextChoices):
    """What a timeline entry is: progress (a status, a note, a later meeting), or a correction
    of the readout's words recorded on a commitment (which is not progress)."""

    PROGRESS = "progress", _("progress")
    TEXT_CORRECTED = "text_corrected", _("readout's words corrected")


class Priority(models.TextChoices):
    HIGH = "high", _("high")
    NORMAL = "normal", _("normal")
    LOW = "low", _("low")


class MeetingKind(models.TextChoices):
    SUMMIT = "summit", _("summit")
    FOREIGN_MINISTERS = "foreign_ministers", _("foreign ministers' meeting")
    VICE_MINISTERIAL = "vice_ministerial", _("vice-ministerial")
    WORKING_LEVEL = "working_level", _("working-level")
    DIALOGUE_SESSION = "dialogue_session", _("dialogue session")
    TELEPHONE = "telephone", _("telephone talk")
    VIDEO_CONFERENCE = "video_conference", _("video conference")
    MULTILATERAL = "multilateral", _("multilateral")


class PartyKind(models.TextChoices):
    STATE = "state", _("state")
    ORGANISATION = "organisation", _("international organisation")


# Which status may follow which. A move to the same status is never a move.
ALLOWED_MOVES: dict[str, frozenset[str]] = {
    Status.OPEN: frozenset(
        {
            Status.IN_PROGRESS,
            Status.STALLED,
            Status.ONGOING,
            Status.FULFILLED,
            Status.SUPERSEDED,
            Status.DROPPED,
        }
    ),
    Status.IN_PROGRESS: frozenset(
        {
            Status.OPEN,
            Status.STALLED,
            Status.ONGOING,
            Status.FULFILLED,
            Status.SUPERSEDED,
            Status.DROPPED,
        }
    ),
    Status.STALLED: frozenset(
        {
            Status.OPEN,
            Status.IN_PROGRESS,
            Status.ONGOING,
            Status.FULFILLED,
            Status.SUPERSEDED,
            Status.DROPPED,
        }
    ),
    Status.ONGOING: frozenset(
        {Status.IN_PROGRESS, Status.STALLED, Status.SUPERSEDED, Status.DROPPED}
    ),
    # Reopening: a fulfilled commitment can go back (a lifted ban reimposed).
    Status.FULFILLED: frozenset({Status.OPEN, Status.IN_PROGRESS, Status.STALLED}),
    Status.SUPERSEDED: frozenset({Status.OPEN, Status.IN_PROGRESS, Status.STALLED}),
    Status.DROPPED: frozenset({Status.OPEN, Status.IN_PROGRESS, Status.STALLED}),
}

# What each effect of a later meeting allows the status to become (None: unchanged).
EFFECT_STATUSES: dict[str, frozenset[str | None]] = {
    Effect.DISCUSSED: frozenset({None, *Status.values}),
    Effect.REAFFIRMED: frozenset({None, *OPEN_STATUSES}),
    Effect.ADVANCED: frozenset({None, Status.IN_PROGRESS, Status.ONGOING}),
    Effect.FULFILLED: frozenset({Status.FULFILLED}),
    Effect.SET_BACK: frozenset({None, Status.OPEN, Status.STALLED}),
}


def status_after_meeting(effect: str, *, status: str, continuing: bool) -> str | None:
    """The status a later meeting's ``effect`` moves a commitment to when it is linked without
    a status of its own (from a meeting page or an imported readout); None: unchanged.

    A meeting that fulfilled it closes it; one that advanced it puts it in progress (ongoing,
    if it is continuing); other effects leave the status to the person recording them.
    """
    new = {
        Effect.FULFILLED: Status.FULFILLED,
        Effect.ADVANCED: Status.ONGOING if continuing else Status.IN_PROGRESS,
    }.get(effect)
    return None if new == status else new


def choice_label(choices: type[models.TextChoices], value: str):
    """The label of one value (blank or unknown: the value itself).

    Django's generated ``get_FOO_display`` makes a dict of every label of the field, and so
    translates each of them, on every call; the models' own displays use this instead, which
    matters on a list of a few hundred rows."""
    try:
        return choices(value).label
    except ValueError:
        return value


def is_open(status: str) -> bool:
    return status in OPEN_STATUSES


def requester_error(*, kind: str, has_requester: bool):
    """What is wrong with who asked, for a commitment of ``kind`` (None: nothing)."""
    if kind == Kind.REQUEST and not has_requester:
        return _("A request names the side that asked.")
    if kind != Kind.REQUEST and has_requester:
        return _("Only a request names the side that asked.")
    return None


def initial_status(*, continuing: bool) -> str:
    """The status a commitment starts in: *ongoing* if it is continuing, else *open*."""
    return Status.ONGOING if continuing else Status.OPEN


# Overdue, due soon and stale: each condition once, as a database condition (``Q``, for lists,
# counts and filters) beside the same test on one commitment's values (for rows already read).
# ``tests/test_status.py`` holds the two forms to each other.

DUE_SOON_DAYS = 30


def stale_cutoff(today: datetime.date) -> datetime.date:
    """Open commitments with nothing recorded since before this date are stale."""
    return today - datetime.timedelta(days=settings.STALE_AFTER_DAYS)


def open_q() -> Q:
    return Q(status__in=OPEN_STATUSES)


def overdue_q(today: datetime.date) -> Q:
    """Open, not continuing, and past the date it was due or expected by."""
    return open_q() & Q(continuing=False, expected_by__lt=today)


def due_soon_q(today: datetime.date) -> Q:
    """Open, not continuing, and expected within ``DUE_SOON_DAYS`` from today (today included)."""
    return open_q() & Q(
        continuing=False,
        expected_by__gte=today,
        expected_by__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
    )


def stale_q(today: datetime.date) -> Q:
    """Open with nothing recorded for ``STALE_AFTER_DAYS``."""
    return open_q() & Q(last_activity_on__lt=stale_cutoff(today))


def is_overdue(
    *, status: str, continuing: bool, expected_by: datetime.date | None, today: datetime.date
) -> bool:
    return is_open(status) and not continuing and expected_by is not None and expected_by < today


def is_stale(*, status: str, last_activity_on: datetime.date | None, today: datetime.date) -> bool:
    return (
        is_open(status) and last_activity_on is not None and last_activity_on < stale_cutoff(today)
    )


def is_closing(old: str, new: str) -> bool:
    return old in OPEN_STATUSES and new in CLOSED_STATUSES


def is_reopening(old: str, new: str) -> bool:
    return old in CLOSED_STATUSES and new in OPEN_STATUSES


def allowed_moves(current: str, *, continuing: bool) -> list[str]:
    """Statuses a commitment in ``current`` may move to, in display order."""
    targets = ALLOWED_MOVES[current]
    return [
        value
        for value in Status.values
        if value in targets and _fits_continuing(value, continuing=continuing)
    ]


def _fits_continuing(status: str, *, continuing: bool) -> bool:
    # A continuing commitment is reviewed, never fulfilled; only it can be "ongoing".
    if continuing:
        return status != Status.FULFILLED
    return status != Status.ONGOING


@dataclass(frozen=True)
class Move:
    """A proposed change to a commitment, as ``check_move`` sees it."""

    current: str
    new: str | None
    continuing: bool
    note: str = ""
    has_meeting: bool = False
    effect: str = ""
    has_replacement: bool = False


def check_move(move: Move) -> None:
    """Raise ``ValidationError`` (keyed by form field) if the workflow forbids ``move``."""
    errors: dict[str, list[str]] = {}
    new = move.new or None
    note = move.note.strip()
    if new == move.current:
        new = None
    if new is not None:
        if new not in Status.values:
            errors.setdefault("status", []).append(_("%(s)s is not a status.") % {"s": new})
        elif new not in ALLOWED_MOVES[move.current]:
            errors.setdefault("status", []).append(
                _("A commitment cannot move from %(old)s to %(new)s.")
                % {"old": Status(move.current).label, "new": Status(new).label}
            )
        elif not _fits_continuing(new, continuing=move.continuing):
            errors.setdefault("status", []).append(
                _("A continuing commitment is reviewed, not fulfilled; mark it ongoing instead.")
                if move.continuing
                else _("Only a continuing commitment can be ongoing.")
            )
        else:
            if is_closing(move.current, new) and not note:
                errors.setdefault("note", []).append(
                    _("Say why the commitment is %(new)s: closing needs a note.")
                    % {"new": Status(new).label}
                )
            if is_reopening(move.current, new) and not note:
                errors.setdefault("note", []).append(_("Say why: reopening needs a note."))
            if new == Status.SUPERSEDED and not move.has_replacement:
                errors.setdefault("superseded_by", []).append(
                    _("Name the commitment that replaces this one.")
                )
    if move.has_replacement and new != Status.SUPERSEDED:
        errors.setdefault("superseded_by", []).append(
            _("Name a replacement only when marking the commitment superseded.")
        )
    if move.effect:
        if move.effect not in Effect.values:
            errors.setdefault("effect", []).append(
                _("%(e)s is not an effect.") % {"e": move.effect}
            )
        elif not move.has_meeting:
            errors.setdefault("meeting", []).append(
                _("An effect says what a later meeting did: choose the meeting.")
            )
        elif new not in EFFECT_STATUSES[move.effect]:
            errors.setdefault("effect", []).append(
                _("A meeting that %(effect)s the commitment cannot leave it %(status)s.")
                % {
                    "effect": Effect(move.effect).label,
                    "status": Status(new or move.current).label,
                }
            )
    elif move.has_meeting:
        errors.setdefault("effect", []).append(
            _("Say what the linked meeting did to the commitment.")
        )
    if new is None and not note and not move.has_meeting and not errors:
        errors.setdefault("__all__", []).append(
            _("An update needs a new status, a note or a linked meeting.")
        )
    if errors:
        raise ValidationError(errors)
