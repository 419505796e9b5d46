"""Two editors recording updates on one commitment at the same moment, on real connections.

Each thread has its own database connection (Django's are per thread), so the row lock taken
by ``record_update`` is exercised for real. PostgreSQL only: SQLite serialises whole-database
writes, which tells nothing about row locks.
"""

import threading
import time
from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction

from meetings.models import Commitment, Update
from meetings.services import StaleVersion, record_update
from meetings.status import Status
from tests.factories import CommitmentFactory

# serialized_rollback restores the role groups (a data migration) that the flush removes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TIMEOUT = 20  # seconds; every wait below is bounded by it


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite locks the whole database per write")


@pytest.fixture
def editors():
    # record_update does not check roles (views and the API do), so plain users will do.
    # No password: hashing one costs more than the whole race.
    User = get_user_model()
    return [User.objects.create(username=name) for name in ("eddie", "edna")]


def run_together(*actions: Callable[[], object]) -> list[tuple[str, object]]:
    """Run each action in its own thread and connection, released at the same instant."""
    barrier = threading.Barrier(len(actions), timeout=TIMEOUT)
    results: list[tuple[str, object]] = [("missing", None)] * len(actions)

    def worker(index: int, action: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[index] = ("ok", action())
        except StaleVersion as exc:
            results[index] = ("stale", exc)
        except Exception as exc:  # reported by the test, not lost in the thread
            results[index] = ("error", exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=worker, args=(i, action), daemon=True)
        for i, action in enumerate(actions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a writer hung"
    return results


def update_by(user, pk: int, **kwargs) -> Callable[[], Update]:
    def action() -> Update:
        # Each editor loaded the page (and its version) on their own connection.
        commitment = Commitment.objects.get(pk=pk)
        return record_update(commitment=commitment, author=user, **kwargs)

    return action


def test_it_lets_one_of_two_simultaneous_editors_win(editors):
    first, second = editors
    for _ in range(5):  # a few rounds, so the race is not won by luck
        commitment = CommitmentFactory()
        results = run_together(
            update_by(
                first,
                commitment.pk,
                expected_version=1,
                status=Status.IN_PROGRESS,
                note="Talks started.",
            ),
            update_by(
                second,
                commitment.pk,
                expected_version=1,
                status=Status.STALLED,
                note="No reply from the other side.",
            ),
        )
        assert sorted(kind for kind, _ in results) == ["ok", "stale"], results
        winner = next(value for kind, value in results if kind == "ok")
        stale = next(value for kind, value in results if kind == "stale")
        assert stale.commitment.version == 2
        assert stale.latest_update == winner
        commitment.refresh_from_db()
        assert commitment.version == 2
        assert commitment.status == winner.status
        # The loser wrote nothing: one update, the winner's, with an intact previous status.
        assert list(Update.objects.filter(commitment=commitment)) == [winner]
        assert winner.previous_status == Status.OPEN


def test_it_applies_both_simultaneous_updates_without_expected_version(editors):
    commitment = CommitmentFactory()
    first, second = editors
    results = run_together(
        update_by(first, commitment.pk, status=Status.IN_PROGRESS, note="Talks started."),
        update_by(second, commitment.pk, status=Status.STALLED, note="Talks suspended."),
    )
    assert [kind for kind, _ in results] == ["ok", "ok"], results
    commitment.refresh_from_db()
    assert commitment.version == 3
    # Applied one after the other: the second saw the first's status as its previous one.
    timeline = list(Update.objects.filter(commitment=commitment).order_by("id"))
    assert sorted(u.note for u in timeline) == ["Talks started.", "Talks suspended."]
    assert timeline[0].previous_status == Status.OPEN
    assert timeline[1].previous_status == timeline[0].status
    assert commitment.status == timeline[1].status


def test_the_second_writer_waits_for_the_first_and_then_sees_the_conflict(editors):
    commitment = CommitmentFactory()
    first, second = editors
    locked = threading.Event()

    def slow_first() -> Update:
        with transaction.atomic():
            update = update_by(first, commitment.pk, expected_version=1, note="First.")()
            locked.set()
            time.sleep(0.5)  # hold the row lock while the other writer arrives
        return update

    def second_after_lock() -> float:
        assert locked.wait(TIMEOUT)
        started = time.monotonic()
        try:
            update_by(second, commitment.pk, expected_version=1, note="Second.")()
        finally:
            waited.append(time.monotonic() - started)
        return 0.0

    waited: list[float] = []
    results = run_together(slow_first, second_after_lock)
    assert [kind for kind, _ in results] == ["ok", "stale"], results
    assert waited[0] >= 0.3  # it blocked on the lock instead of reading version 1
    assert list(Update.objects.filter(commitment=commitment).values_list("note", flat=True)) == [
        "First."
    ]


def test_a_commitment_saved_while_its_meetings_parties_change_copies_the_new_parties():
    """One transaction adds Korea to a meeting; another adds a commitment to it meanwhile.
    The commitment's save waits for the meeting's row, then copies the parties that
    committed; without the wait, it copies the old ones and the other's signal misses it."""
    from tests.factories import MeetingFactory, PartyFactory

    meeting = MeetingFactory()
    korea = PartyFactory(code="KR")
    parties_changed = threading.Event()

    def change_parties() -> None:
        with transaction.atomic():
            meeting.parties.add(korea)
            parties_changed.set()
            time.sleep(0.5)  # the other transaction tries to save meanwhile

    def add_commitment() -> Commitment:
        assert parties_changed.wait(TIMEOUT)
        return Commitment.objects.create(meeting=meeting, title="Hold talks", text="Talks.")

    results = run_together(change_parties, add_commitment)

    assert [outcome for outcome, _ in results] == ["ok", "ok"], results
    made = Commitment.objects.get(title="Hold talks")
    assert made.meeting_party_ids == sorted(meeting.parties.values_list("pk", flat=True))
    assert korea.pk in made.meeting_party_ids
