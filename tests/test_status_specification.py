"""The status table of the user guide is the specification of the workflow.

It is written here as the guide prints it, and the workflow module is held to it, not to its
own table; the guide must print it unchanged, so neither can drift from what people read.
"""

from pathlib import Path

import pytest

from meetings.status import Status, allowed_moves, initial_status, is_open

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "user-guide.md"

# As docs/user-guide.md prints it. \\* : only a continuing commitment can be ongoing.
TABLE = """\
| status | open? | may move to |
| --- | --- | --- |
| `open` | yes | in progress, stalled, ongoing\\*, fulfilled, superseded, dropped |
| `in_progress` | yes | open, stalled, ongoing\\*, fulfilled, superseded, dropped |
| `stalled` | yes | open, in progress, ongoing\\*, fulfilled, superseded, dropped |
| `ongoing` | yes | in progress, stalled, superseded, dropped |
| `fulfilled` | no | open, in progress, stalled (reopening) |
| `superseded` | no | open, in progress, stalled (reopening) |
| `dropped` | no | open, in progress, stalled (reopening) |
"""

WORDS = {
    "open": Status.OPEN,
    "in progress": Status.IN_PROGRESS,
    "stalled": Status.STALLED,
    "ongoing": Status.ONGOING,
    "fulfilled": Status.FULFILLED,
    "superseded": Status.SUPERSEDED,
    "dropped": Status.DROPPED,
}


def rows() -> list[tuple[str, bool, set[str], set[str]]]:
    """(status, open?, moves for any commitment, moves for a continuing one only)."""
    parsed = []
    for line in TABLE.splitlines()[2:]:
        status, open_, moves = (cell.strip() for cell in line.strip("|").split("|"))
        words = [word.strip() for word in moves.removesuffix(" (reopening)").split(",")]
        starred = {WORDS[word.rstrip("\\*")] for word in words if word.endswith("\\*")}
        plain = {WORDS[word] for word in words if not word.endswith("\\*")}
        parsed.append((status.strip("`"), open_ == "yes", plain, starred))
    return parsed


def test_the_user_guide_prints_the_table():
    assert TABLE in GUIDE.read_text(encoding="utf-8")


@pytest.mark.parametrize(("status", "open_", "plain", "starred"), rows())
def test_each_status_is_open_or_closed_as_the_table_says(status, open_, plain, starred):
    assert is_open(status) is open_


@pytest.mark.parametrize(("status", "open_", "plain", "starred"), rows())
def test_each_status_moves_where_the_table_says(status, open_, plain, starred):
    ordinary = set(allowed_moves(status, continuing=False))
    continuing = set(allowed_moves(status, continuing=True))

    # An ordinary commitment is never ongoing; a continuing one is never fulfilled.
    assert ordinary == plain - {Status.ONGOING}
    assert continuing == (plain | starred) - {Status.FULFILLED}


def test_the_table_names_every_status_once():
    assert sorted(status for status, *_ in rows()) == sorted(Status.values)


def test_a_commitment_starts_open_or_ongoing_if_it_is_continuing():
    assert initial_status(continuing=False) == Status.OPEN
    assert initial_status(continuing=True) == Status.ONGOING
