"""Writes about commitments: recording one, changing its particulars, assigning it,
recording progress on its timeline, correcting its readout words, and removing one.

Every function here that changes an existing commitment locks its row, checks the version the
person saw (``StaleVersion`` otherwise) and raises the version; none moves ``status`` except
``record_update``, and none edits the readout's words except ``correct_text``.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings import caching
from meetings.models import Commitment, Division, Meeting, Party, Topic, Update
from meetings.services import rules
from meetings.status import Effect, Move, Review, UpdateKind, check_move, initial_status
from notifications import events
from notifications import services as watching
from notifications.kinds import Reason


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
    notify: bool = True,
) -> Update:
    """Append an update to ``commitment``'s timeline and move its status, together.

    The author watches the commitment from now on. Its watchers hear of a status move, or
    else of a later meeting linked (``notifications.events``), unless ``notify`` is False (a
    confirmed import tells each watcher once, of everything it did).

    Raises ``StaleVersion`` if ``expected_version`` is given and no longer current, and
    ``ValidationError`` (keyed by field) if the workflow forbids the move.
    """
    # Lock the row so two simultaneous updates are applied one after the other.
    locked = lock_commitment(commitment, expected_version)
    rules.check_update(commitment=locked, meeting=meeting, superseded_by=superseded_by)
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

    previous_status = locked.status
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
    # A note is activity; a move, or one more reaffirmation without one, changes the figures.
    if "status" in changed or "reaffirmed_since_move" in changed:
        caching.changed(caching.FIGURES, caching.ACTIVITY)
    else:
        caching.changed(caching.ACTIVITY)
    watching.watch(person=author, target=locked, reason=Reason.RECORDED)
    if notify and new_status is not None:
        events.occurred(
            events.Kind.STATUS_CHANGED,
            actor=author,
            commitment=locked,
            meeting=meeting,
            details={"from": previous_status, "to": new_status, "effect": effect},
        )
    elif notify and meeting is not None:
        events.occurred(
            events.Kind.MEETING_LINKED,
            actor=author,
            commitment=locked,
            meeting=meeting,
            details={"effect": effect},
        )
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


def lock_commitment(commitment: Commitment, expected_version: int | None) -> Commitment:
    """``commitment``'s row, locked until the transaction ends; ``StaleVersion`` if it changed
    since the person read ``expected_version`` (None: the caller acts on what is there now)."""
    locked = Commitment.objects.select_for_update().select_related("meeting").get(pk=commitment.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleVersion(locked, expected_version)
    return locked


# What a person edits of a commitment. ``status`` moves only through ``record_update``, the
# readout's ``text`` only through ``correct_text``; the rest is derived or kept by them.
EDITABLE_FIELDS = frozenset(
    {
        "meeting",
        "paragraph",
        "title",
        "kind",
        "requested_by",
        "continuing",
        "owner",
        "assignee",
        "priority",
        "due_on",
        "target",
        "mechanism",
        "reaffirms",
        "review",
    }
)


def _refuse_unknown(fields: dict[str, Any], *, allowed: frozenset[str]) -> None:
    errors = {}
    if "status" in fields:
        errors["status"] = [_("Record an update to move the status.")]
    if "text" in fields:
        errors["text"] = [
            _(
                "The readout's words are recorded verbatim. Correct a mis-pasted excerpt with "
                "“Correct the readout's words”, which records who and why."
            )
        ]
    for name in sorted(set(fields) - allowed - {"status", "text"}):
        errors[name] = [_("%(field)s is not edited here.") % {"field": name}]
    if errors:
        raise ValidationError(errors)


def _save(
    commitment: Commitment,
    *,
    responsible: Iterable[Party] | None,
    topics: Iterable[Topic] | None,
) -> Commitment:
    """Validate ``commitment`` against its own rules and the record's, then save it."""
    commitment.refresh_derived_dates()
    rules.check_commitment(commitment)
    commitment.full_clean()
    commitment.save()
    caching.changed(caching.FIGURES, caching.ACTIVITY)
    if responsible is not None:
        commitment.responsible.set(responsible)
    if topics is not None:
        commitment.topics.set(topics)
    return commitment


def _tell(
    commitment: Commitment,
    *,
    actor: AbstractBaseUser | None,
    assigned: bool,
    published: bool,
    notify: bool,
) -> None:
    """After a confirmed commitment is saved: its assignee watches it, and hears of being
    assigned; a commitment just published (made confirmed, or confirmed from a draft) is news
    to those watching its meeting, mechanism or counterpart. Drafts tell nobody."""
    if commitment.review != Review.CONFIRMED:
        return
    assignee = commitment.assignee if assigned else None
    if assignee is not None:
        watching.watch(person=assignee, target=commitment, reason=Reason.ASSIGNED)
    if not notify:
        return
    if assignee is not None:
        events.occurred(
            events.Kind.ASSIGNED, actor=actor, commitment=commitment, recipients=[assignee]
        )
    if published:
        events.occurred(
            events.Kind.NEW_COMMITMENT,
            actor=actor,
            commitment=commitment,
            meeting=commitment.meeting,
            skip=[assignee] if assignee is not None else (),
        )


@transaction.atomic
def create_commitment(
    *,
    fields: dict[str, Any],
    text: str,
    responsible: Iterable[Party],
    topics: Iterable[Topic] = (),
    actor: AbstractBaseUser | None = None,
) -> Commitment:
    """Record a commitment made at a meeting, in the readout's words (``text``).

    It starts open, or ongoing if it is continuing (``status.initial_status``); updates move it.
    A confirmed one is news to its assignee and to whoever watches its meeting, mechanism or
    counterpart (``actor`` is who recorded it: they are not told).
    """
    _refuse_unknown(fields, allowed=EDITABLE_FIELDS)
    commitment = Commitment(**fields, text=text)
    commitment.status = initial_status(continuing=commitment.continuing)
    _save(commitment, responsible=responsible, topics=topics)
    _tell(
        commitment,
        actor=actor,
        assigned=commitment.assignee_id is not None,
        published=True,
        notify=True,
    )
    return commitment


@transaction.atomic
def edit_commitment(
    *,
    commitment: Commitment,
    expected_version: int | None,
    changes: dict[str, Any],
    responsible: Iterable[Party] | None = None,
    topics: Iterable[Topic] | None = None,
    actor: AbstractBaseUser | None = None,
    notify: bool = True,
) -> Commitment:
    """Change a commitment's particulars, one edit at a time.

    A new assignee watches it and is told (unless it is they who assigned it); a draft made
    confirmed is news to the watchers of its meeting, mechanism and counterparts, unless
    ``notify`` is False (a confirmed import tells each watcher once).

    Raises ``StaleVersion`` if someone changed it since ``expected_version`` was read (None
    only for a service changing, in its own transaction, what it has just read), and
    ``ValidationError`` (keyed by field) if the change names ``status`` or ``text`` or breaks a
    rule. A draft's status follows whether it is continuing (it has no timeline to keep).
    """
    _refuse_unknown(changes, allowed=EDITABLE_FIELDS)
    locked = lock_commitment(commitment, expected_version)
    if "review" in changes and changes["review"] != locked.review:
        _check_review_change(locked, changes["review"])
    was_confirmed, assignee_id = locked.review == Review.CONFIRMED, locked.assignee_id
    for name, value in changes.items():
        setattr(locked, name, value)
    if locked.review == Review.DRAFT:
        locked.status = initial_status(continuing=locked.continuing)
    locked.version += 1
    _save(locked, responsible=responsible, topics=topics)
    published = not was_confirmed and locked.review == Review.CONFIRMED
    _tell(
        locked,
        actor=actor,
        assigned=locked.assignee_id is not None
        and (locked.assignee_id != assignee_id or published),
        published=published,
        notify=notify,
    )
    return locked


def _check_review_change(commitment: Commitment, review: str) -> None:
    """A confirmed commitment goes back to draft only while nothing refers to it."""
    if review == Review.DRAFT and (
        commitment.updates.exists()
        or commitment.reaffirmed_by.exists()
        or commitment.supersedes.exists()
    ):
        raise ValidationError(
            {
                "review": _(
                    "This commitment has a timeline or is referred to by others; it stays "
                    "confirmed (drop it instead)."
                )
            }
        )


@transaction.atomic
def assign_commitment(
    *,
    commitment: Commitment,
    expected_version: int,
    owner: Division | None,
    assignee: AbstractBaseUser | None,
    actor: AbstractBaseUser | None = None,
) -> Commitment:
    """Give a commitment its owning division and the person following it up (editors may).
    The new assignee watches it and is told, unless they assigned it to themselves."""
    return edit_commitment(
        commitment=commitment,
        expected_version=expected_version,
        changes={"owner": owner, "assignee": assignee},
        actor=actor,
    )


@transaction.atomic
def correct_text(
    *,
    commitment: Commitment,
    author: AbstractBaseUser,
    expected_version: int,
    text: str,
    reason: str,
) -> Update:
    """Correct a mis-pasted readout excerpt: the one way the verbatim ``text`` changes.

    Recorded on the timeline as an entry of its own kind, with the words it replaced and the
    reason. It is not progress: the commitment's activity date and "changed recently" stay.
    """
    locked = lock_commitment(commitment, expected_version)
    text, reason = text.strip(), reason.strip()
    errors = {}
    if not reason:
        errors["reason"] = [_("Say why the readout's words are corrected.")]
    if not text:
        errors["text"] = [_("Give the readout's words.")]
    elif text == locked.text:
        errors["text"] = [_("These are the words already recorded.")]
    if errors:
        raise ValidationError(errors)
    update = Update.objects.create(
        commitment=locked,
        kind=UpdateKind.TEXT_CORRECTED,
        happened_on=timezone.localdate(),
        previous_status=locked.status,
        note=reason,
        previous_text=locked.text,
        author=author,
    )
    locked.text = text
    locked.version += 1
    # Not ``updated_at``: a correction is not a change of what was agreed.
    locked.save(update_fields=["text", "version"])
    caching.changed(caching.FIGURES)  # what a search for words finds
    commitment.text, commitment.version = locked.text, locked.version
    return update


def deletion_refusals(commitment: Commitment) -> list[str]:
    """Why ``commitment`` may not be deleted (nothing: it may). The admin shows these."""
    reasons = []
    if commitment.updates.exists():
        reasons.append(
            _("“%(title)s” has a timeline: drop it (record an update) instead of deleting it.")
            % {"title": commitment.title}
        )
    if commitment.reaffirmed_by.exists() or commitment.supersedes.exists():
        reasons.append(
            _("Other commitments reaffirm “%(title)s” or were replaced by it.")
            % {"title": commitment.title}
        )
    return reasons


@transaction.atomic
def delete_commitment(*, commitment: Commitment, expected_version: int | None = None) -> None:
    """Remove a commitment entered by mistake. One with a timeline, or that others refer to,
    is never deleted: it is dropped."""
    locked = lock_commitment(commitment, expected_version)
    reasons = deletion_refusals(locked)
    if reasons:
        raise ValidationError(reasons)
    locked.delete()
    caching.changed(caching.FIGURES, caching.ACTIVITY)
