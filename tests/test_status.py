"""The workflow of a commitment, as ``meetings.status`` owns it: no database needed."""

import itertools

import pytest
from django.core.exceptions import ValidationError

from meetings.status import (
    ALLOWED_MOVES,
    CLOSED_STATUSES,
    EFFECT_STATUSES,
    OPEN_STATUSES,
    Effect,
    Move,
    Status,
    allowed_moves,
    check_move,
    status_after_meeting,
)

PAIRS = [(old, new) for old, new in itertools.product(Status.values, repeat=2) if old != new]


def refusal(move: Move) -> dict[str, list[str]]:
    """The errors ``check_move`` raises for ``move``, by field ({} when it is accepted)."""
    try:
        check_move(move)
    except ValidationError as error:
        return error.message_dict
    return {}


def full_move(old: str, new: str) -> Move:
    """A move with everything a move may need: a note, a replacement, a fitting commitment."""
    return Move(
        current=old,
        new=new,
        continuing=Status.ONGOING in (old, new),
        note="Reported by the embassy.",
        has_replacement=new == Status.SUPERSEDED,
    )


def test_every_status_has_its_allowed_moves():
    assert set(ALLOWED_MOVES) == set(Status.values)
    for old, targets in ALLOWED_MOVES.items():
        assert old not in targets
        assert targets <= set(Status.values)


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_check_move_accepts_exactly_the_allowed_moves(old, new):
    errors = refusal(full_move(old, new))

    if new in ALLOWED_MOVES[old]:
        assert errors == {}
    else:
        assert list(errors) == ["status"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (Status.ONGOING, Status.FULFILLED),
        (Status.ONGOING, Status.OPEN),
        (Status.FULFILLED, Status.ONGOING),
        (Status.FULFILLED, Status.DROPPED),
        (Status.FULFILLED, Status.SUPERSEDED),
        (Status.SUPERSEDED, Status.FULFILLED),
        (Status.DROPPED, Status.FULFILLED),
        (Status.DROPPED, Status.SUPERSEDED),
    ],
)
def test_representative_moves_are_refused(old, new):
    assert "status" in refusal(full_move(old, new))


def test_a_move_to_an_unknown_status_is_refused():
    errors = refusal(Move(current=Status.OPEN, new="done", continuing=False, note="x"))

    assert list(errors) == ["status"]


@pytest.mark.parametrize("closed", sorted(CLOSED_STATUSES))
@pytest.mark.parametrize("old", [Status.OPEN, Status.IN_PROGRESS, Status.STALLED])
def test_closing_a_commitment_needs_a_note(old, closed):
    move = Move(
        current=old,
        new=closed,
        continuing=False,
        note="  ",
        has_replacement=closed == Status.SUPERSEDED,
    )

    assert list(refusal(move)) == ["note"]


def test_closing_a_commitment_with_a_note_is_accepted():
    move = Move(current=Status.OPEN, new=Status.DROPPED, continuing=False, note="Withdrawn.")

    assert refusal(move) == {}


@pytest.mark.parametrize(
    ("old", "new"),
    [(old, new) for old in sorted(CLOSED_STATUSES) for new in sorted(ALLOWED_MOVES[old])],
)
def test_reopening_a_commitment_needs_a_note(old, new):
    move = Move(current=old, new=new, continuing=False, note="")

    assert list(refusal(move)) == ["note"]


def test_a_move_between_open_statuses_needs_no_note():
    move = Move(current=Status.OPEN, new=Status.IN_PROGRESS, continuing=False)

    assert refusal(move) == {}


def test_superseded_needs_the_replacement():
    move = Move(current=Status.OPEN, new=Status.SUPERSEDED, continuing=False, note="Replaced.")

    assert list(refusal(move)) == ["superseded_by"]


def test_a_replacement_is_named_only_when_superseding():
    move = Move(
        current=Status.OPEN,
        new=Status.DROPPED,
        continuing=False,
        note="Withdrawn.",
        has_replacement=True,
    )

    assert list(refusal(move)) == ["superseded_by"]


def test_a_replacement_without_a_move_is_refused():
    move = Move(current=Status.OPEN, new=None, continuing=False, note="n", has_replacement=True)

    assert list(refusal(move)) == ["superseded_by"]


def test_a_continuing_commitment_cannot_be_fulfilled():
    move = Move(current=Status.OPEN, new=Status.FULFILLED, continuing=True, note="Done.")

    assert list(refusal(move)) == ["status"]


def test_only_a_continuing_commitment_can_be_ongoing():
    move = Move(current=Status.OPEN, new=Status.ONGOING, continuing=False)

    assert list(refusal(move)) == ["status"]


def test_a_continuing_commitment_can_be_ongoing():
    move = Move(current=Status.OPEN, new=Status.ONGOING, continuing=True)

    assert refusal(move) == {}


def test_allowed_moves_of_a_continuing_commitment_exclude_fulfilled():
    moves = allowed_moves(Status.OPEN, continuing=True)

    assert Status.FULFILLED not in moves
    assert Status.ONGOING in moves


def test_allowed_moves_of_an_ordinary_commitment_exclude_ongoing():
    moves = allowed_moves(Status.OPEN, continuing=False)

    assert moves == [
        Status.IN_PROGRESS,
        Status.STALLED,
        Status.FULFILLED,
        Status.SUPERSEDED,
        Status.DROPPED,
    ]


@pytest.mark.parametrize("continuing", [False, True])
@pytest.mark.parametrize("old", Status.values)
def test_allowed_moves_are_the_moves_check_move_accepts(old, continuing):
    accepted = [
        new
        for new in Status.values
        if new != old
        and not refusal(
            Move(
                current=old,
                new=new,
                continuing=continuing,
                note="n",
                has_replacement=new == Status.SUPERSEDED,
            )
        )
    ]

    assert allowed_moves(old, continuing=continuing) == accepted


def test_an_update_with_nothing_in_it_is_refused():
    errors = refusal(Move(current=Status.OPEN, new=None, continuing=False))

    assert list(errors) == ["__all__"]


def test_a_move_to_the_current_status_is_no_move():
    errors = refusal(Move(current=Status.STALLED, new=Status.STALLED, continuing=False))

    assert list(errors) == ["__all__"]


def test_a_note_alone_is_an_update():
    move = Move(current=Status.OPEN, new=None, continuing=False, note="Raised at working level.")

    assert refusal(move) == {}


def test_an_effect_needs_a_meeting():
    move = Move(current=Status.OPEN, new=None, continuing=False, effect=Effect.DISCUSSED)

    assert list(refusal(move)) == ["meeting"]


def test_a_meeting_needs_an_effect():
    move = Move(current=Status.OPEN, new=None, continuing=False, has_meeting=True)

    assert list(refusal(move)) == ["effect"]


def test_an_unknown_effect_is_refused():
    move = Move(current=Status.OPEN, new=None, continuing=False, has_meeting=True, effect="won")

    assert list(refusal(move)) == ["effect"]


def _start_for(new: str | None) -> str:
    """A status from which ``new`` is an allowed move (or any status when nothing moves)."""
    if new in (None, Status.OPEN):
        return Status.IN_PROGRESS if new else Status.OPEN
    return Status.OPEN


@pytest.mark.parametrize(
    ("effect", "new"),
    list(itertools.product(Effect.values, [None, *Status.values])),
)
def test_an_effect_allows_only_its_statuses(effect, new):
    move = Move(
        current=_start_for(new),
        new=new,
        continuing=new == Status.ONGOING,
        note="Discussed at the later meeting.",
        has_meeting=True,
        effect=effect,
        has_replacement=new == Status.SUPERSEDED,
    )

    errors = refusal(move)

    if new in EFFECT_STATUSES[effect]:
        assert errors == {}
    else:
        assert list(errors) == ["effect"]


def test_a_meeting_that_reaffirmed_cannot_close_the_commitment():
    move = Move(
        current=Status.OPEN,
        new=Status.FULFILLED,
        continuing=False,
        note="Held.",
        has_meeting=True,
        effect=Effect.REAFFIRMED,
    )

    assert list(refusal(move)) == ["effect"]


def test_a_meeting_that_fulfilled_must_fulfil():
    move = Move(
        current=Status.OPEN, new=None, continuing=False, has_meeting=True, effect=Effect.FULFILLED
    )

    assert list(refusal(move)) == ["effect"]


def test_open_and_closed_statuses_split_the_vocabulary():
    assert set(Status.values) == OPEN_STATUSES | CLOSED_STATUSES
    assert not OPEN_STATUSES & CLOSED_STATUSES


# What a linked meeting does to the status -----------------------------------------------------


@pytest.mark.parametrize(
    ("effect", "status", "continuing", "after"),
    [
        (Effect.FULFILLED, Status.OPEN, False, Status.FULFILLED),
        (Effect.FULFILLED, Status.IN_PROGRESS, False, Status.FULFILLED),
        (Effect.ADVANCED, Status.OPEN, False, Status.IN_PROGRESS),
        (Effect.ADVANCED, Status.STALLED, False, Status.IN_PROGRESS),
        (Effect.ADVANCED, Status.OPEN, True, Status.ONGOING),
        (Effect.ADVANCED, Status.IN_PROGRESS, False, None),  # already there: unchanged
        (Effect.ADVANCED, Status.ONGOING, True, None),
        (Effect.REAFFIRMED, Status.STALLED, False, None),
        (Effect.DISCUSSED, Status.OPEN, False, None),
        (Effect.SET_BACK, Status.IN_PROGRESS, False, None),
    ],
)
def test_a_linked_meeting_moves_the_status_as_its_effect_says(effect, status, continuing, after):
    assert status_after_meeting(effect, status=status, continuing=continuing) == after


@pytest.mark.parametrize("effect", Effect.values)
@pytest.mark.parametrize("status", sorted(OPEN_STATUSES))
def test_every_move_a_linked_meeting_makes_is_checked_as_any_move(effect, status):
    continuing = status == Status.ONGOING
    after = status_after_meeting(effect, status=status, continuing=continuing)
    move = Move(
        current=status,
        new=after,
        continuing=continuing,
        note="Linked from the meeting page.",
        has_meeting=True,
        effect=effect,
    )

    if continuing and after == Status.FULFILLED:  # refused, with a reason, as any move
        assert refusal(move)
    else:
        assert refusal(move) == {}
