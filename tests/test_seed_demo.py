"""``manage.py seed_demo``: the Busan meeting, its commitments and their real follow-up history."""

import datetime
import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from meetings.models import Attendance, Commitment, Meeting, Update
from meetings.status import Effect, Status
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

BUSAN_TITLE = "Japan-China Foreign Ministers' Meeting"
BUSAN_DATE = datetime.date(2023, 11, 25)
IMPORT_RESTRICTIONS = "Lift import restrictions on Japanese food products immediately"
DETAINED_NATIONALS = "Release the detained Japanese nationals early"


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", "--force", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    """Everything a rerun could duplicate or change, in a comparable form."""
    return {
        "counts": {
            model.__name__: model.objects.count()
            for model in (Meeting, Attendance, Commitment, Update, get_user_model())
        },
        "commitments": sorted(
            Commitment.objects.values_list("meeting__title", "title", "status", "version")
        ),
        "updates": sorted(
            Update.objects.values_list("commitment__title", "happened_on", "status", "effect")
        ),
    }


def busan() -> Meeting:
    return Meeting.objects.get(title=BUSAN_TITLE, held_on=BUSAN_DATE)


def test_seed_demo_loads_the_busan_meeting_with_twelve_commitments():
    seed()

    meeting = busan()
    assert (meeting.place, meeting.start_time, meeting.duration_minutes) == (
        "Busan",
        datetime.time(17, 30),
        100,
    )
    assert meeting.commitments.count() == 12
    assert list(meeting.attendances.values_list("person__name", flat=True)) == [
        "KAMIKAWA Yoko",
        "Wang Yi",
    ]
    assert "Wang Yi" in meeting.readouts.get().text


def test_seed_demo_loads_the_rok_call_with_its_one_commitment():
    seed()

    rok_call = Meeting.objects.get(title="Japan-ROK Foreign Ministers' Telephone Talk")
    assert rok_call.commitments.count() == 1
    assert Commitment.objects.count() == 13


def test_the_busan_meeting_reaffirms_the_summit():
    seed()

    assert list(busan().follows_up.values_list("title", flat=True)) == [
        "Japan-China Summit Meeting"
    ]


def test_seed_demo_twice_gives_the_same_data():
    seed()
    first = snapshot()

    output = seed()

    assert snapshot() == first
    assert "0 meetings, 0 commitments and 0 updates created" in output


def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=StringIO())

    assert not Meeting.objects.exists()
    assert not get_user_model().objects.exists()


def test_seed_demo_runs_with_debug_on_without_force(settings):
    settings.DEBUG = True

    call_command("seed_demo", "--as-of", "2023-12-31", stdout=StringIO())

    assert busan().commitments.count() == 12


def test_seed_demo_if_empty_leaves_a_database_with_meetings_alone():
    MeetingFactory()

    output = seed("--if-empty")

    assert "already holds meetings" in output
    assert Meeting.objects.count() == 1
    assert not get_user_model().objects.exists()


def test_seed_demo_prints_each_password_once_and_it_works():
    first = seed("--as-of", "2023-12-31")
    second = seed("--as-of", "2023-12-31")

    passwords = dict(re.findall(r"^\s+(demo-\w+)\s+(\S+)$", first, re.MULTILINE))
    assert set(passwords) == {"demo-viewer", "demo-editor", "demo-manager"}
    for username, password in passwords.items():
        assert authenticate(RequestFactory().post("/"), username=username, password=password)
        assert password not in second
    assert "passwords are unchanged" in second


def test_seed_demo_gives_each_demo_user_its_role():
    seed("--as-of", "2023-12-31")

    users = get_user_model().objects.prefetch_related("groups")
    roles = {user.username: ([g.name for g in user.groups.all()], user.is_staff) for user in users}
    assert roles == {
        "demo-viewer": (["viewer"], False),
        "demo-editor": (["editor"], False),
        "demo-manager": (["manager"], True),
    }


def test_seed_demo_as_of_the_meeting_year_loads_no_follow_ups():
    seed("--as-of", "2023-12-31")

    assert not Update.objects.exists()
    assert set(Meeting.objects.values_list("held_on", flat=True)) == {
        datetime.date(2023, 11, 16),
        BUSAN_DATE,
    }
    assert set(Commitment.objects.values_list("status", flat=True)) == {
        Status.OPEN,
        Status.ONGOING,
    }


def test_seed_demo_later_fills_in_the_history_it_left_out():
    seed("--as-of", "2023-12-31")

    seed()

    assert Commitment.objects.get(title=IMPORT_RESTRICTIONS).status == Status.STALLED
    assert Meeting.objects.filter(held_on__year=2025).exists()


def test_the_import_restrictions_end_stalled_after_having_been_fulfilled():
    seed()

    commitment = Commitment.objects.get(title=IMPORT_RESTRICTIONS)
    assert commitment.status == Status.STALLED
    assert list(commitment.updates.values_list("previous_status", "status")) == [
        (Status.OPEN, Status.FULFILLED),
        (Status.FULFILLED, Status.STALLED),
    ]


def test_the_detained_nationals_were_reaffirmed_twice_and_are_still_open():
    seed()

    commitment = Commitment.objects.get(title=DETAINED_NATIONALS)
    assert commitment.status == Status.OPEN
    assert list(commitment.updates.values_list("effect", "status", "meeting__held_on")) == [
        (Effect.REAFFIRMED, "", datetime.date(2024, 12, 25)),
        (Effect.REAFFIRMED, "", datetime.date(2025, 3, 22)),
    ]


def test_the_dialogues_are_fulfilled_at_their_own_meetings():
    seed()

    for title in (
        "Use the High-Level People-to-People and Cultural Exchange Dialogue",
        "Use the High-Level Economic Dialogue (green economy, health and care)",
    ):
        commitment = Commitment.objects.get(title=title)
        update = commitment.updates.get(status=Status.FULFILLED)
        assert commitment.status == Status.FULFILLED
        assert update.effect == Effect.FULFILLED
        assert update.meeting.mechanism == commitment.mechanism


def test_the_security_dialogue_was_reaffirmed_not_fulfilled():
    seed()

    commitment = Commitment.objects.get(
        title="Hold the Japan-China Security Dialogue at an early date"
    )
    assert commitment.status == Status.OPEN
    assert list(commitment.updates.values_list("effect", flat=True)) == [Effect.REAFFIRMED]
