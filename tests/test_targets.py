"""Expected-by dates: an explicit due date wins, a vague target gets a horizon from the table."""

import datetime

import pytest

from meetings.targets import END_OF_YEAR, expected_by

MADE_ON = datetime.date(2023, 11, 25)


def test_an_explicit_due_date_wins_over_the_target():
    due = datetime.date(2024, 3, 1)

    assert expected_by(made_on=MADE_ON, due_on=due, target="at an early date") == due


@pytest.mark.parametrize(
    ("target", "days"),
    [
        ("at an early date", 180),
        ("immediately", 30),
        ("without delay", 30),
        ("as soon as possible", 90),
        ("at an appropriate time", 365),
        ("in the near future", 180),
    ],
)
def test_a_vague_target_is_expected_after_its_horizon(target, days):
    assert expected_by(made_on=MADE_ON, due_on=None, target=target) == MADE_ON + datetime.timedelta(
        days=days
    )


def test_within_the_year_is_expected_by_the_end_of_the_year():
    assert expected_by(made_on=MADE_ON, due_on=None, target="within the year") == datetime.date(
        2023, 12, 31
    )


def test_next_year_is_expected_by_the_end_of_next_year():
    assert expected_by(made_on=MADE_ON, due_on=None, target="next year") == datetime.date(
        2024, 12, 31
    )


def test_the_longer_phrase_decides():
    result = expected_by(made_on=MADE_ON, due_on=None, target="as early as possible next year")

    assert result == MADE_ON + datetime.timedelta(days=180)


def test_a_target_is_read_whatever_its_case_and_spacing():
    result = expected_by(made_on=MADE_ON, due_on=None, target="  At an   EARLY date ")

    assert result == MADE_ON + datetime.timedelta(days=180)


def test_a_phrase_inside_a_longer_sentence_counts():
    result = expected_by(
        made_on=MADE_ON, due_on=None, target="to be held at an appropriate time in Tokyo"
    )

    assert result == MADE_ON + datetime.timedelta(days=365)


def test_a_phrase_must_be_whole_words():
    assert expected_by(made_on=MADE_ON, due_on=None, target="in the yearly review") is None


def test_an_unknown_target_gives_no_date():
    assert expected_by(made_on=MADE_ON, due_on=None, target="when conditions allow") is None


def test_no_target_and_no_due_date_gives_no_date():
    assert expected_by(made_on=MADE_ON, due_on=None, target="") is None


def test_the_table_can_be_overridden_in_settings(settings):
    settings.TARGET_HORIZONS = {"at an early date": 60, "soon": END_OF_YEAR}

    assert expected_by(made_on=MADE_ON, due_on=None, target="at an early date") == (
        MADE_ON + datetime.timedelta(days=60)
    )
    assert expected_by(made_on=MADE_ON, due_on=None, target="soon") == datetime.date(2023, 12, 31)
    assert expected_by(made_on=MADE_ON, due_on=None, target="immediately") is None
