"""The one write path: ``record_update`` appends to the timeline and moves the status together."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings import services
from meetings.models import Commitment, Update
from meetings.status import Effect, Status
from tests.factories import CommitmentFactory, MeetingFactory

pytestmark = pytest.mark.django_db

D = datetime.date
BUSAN = D(2023, 11, 25)


@pytest.fixture
def commitment():
    return CommitmentFactory(meeting=MeetingFactory(held_on=BUSAN), target="at an early date")


@pytest.fixture
def later_meeting():
    return MeetingFactory(held_on=D(2024, 12, 25), place="Beijing")


def reloaded(commitment: Commitment) -> Commitment:
    return Commitment.objects.get(pk=commitment.pk)


def test_recording_a_move_creates_one_update_and_moves_the_status(commitment, editor):
    update = services.record_update(
        commitment=commitment,
        author=editor,
        status=Status.IN_PROGRESS,
        note="Working-level talks began.",
        happened_on=D(2024, 2, 1),
    )

    assert list(commitment.updates.all()) == [update]
    saved = Update.objects.get(pk=update.pk)
    assert (saved.previous_status, saved.status) == (Status.OPEN, Status.IN_PROGRESS)
    assert (saved.note, saved.author, saved.happened_on) == (
        "Working-level talks began.",
        editor,
        D(2024, 2, 1),
    )
    assert reloaded(commitment).status == Status.IN_PROGRESS


def test_recording_an_update_increments_the_version(commitment, editor):
    services.record_update(commitment=commitment, author=editor, note="Raised again.")

    assert reloaded(commitment).version == 2
    assert commitment.version == 2


def test_recording_an_update_bumps_the_last_activity(commitment, editor):
    services.record_update(
        commitment=commitment, author=editor, note="Raised again.", happened_on=D(2024, 5, 1)
    )

    assert reloaded(commitment).last_activity_on == D(2024, 5, 1)


def test_an_older_update_does_not_move_the_last_activity_back(commitment, editor):
    services.record_update(
        commitment=commitment, author=editor, note="Raised.", happened_on=D(2024, 5, 1)
    )
    services.record_update(
        commitment=commitment, author=editor, note="Found later.", happened_on=D(2024, 1, 1)
    )

    assert reloaded(commitment).last_activity_on == D(2024, 5, 1)


def test_a_note_alone_leaves_the_status_as_it_was(commitment, editor):
    update = services.record_update(commitment=commitment, author=editor, note="Raised again.")

    assert Update.objects.get(pk=update.pk).status == ""
    assert reloaded(commitment).status == Status.OPEN


def test_an_update_defaults_to_today(commitment, editor):
    update = services.record_update(commitment=commitment, author=editor, note="Raised again.")

    assert Update.objects.get(pk=update.pk).happened_on == timezone.localdate()


def test_a_stale_version_is_refused_and_nothing_is_written(commitment, editor, manager):
    services.record_update(commitment=commitment, author=manager, note="Someone else first.")

    with pytest.raises(services.StaleVersion) as raised:
        services.record_update(
            commitment=commitment,
            author=editor,
            expected_version=1,
            status=Status.DROPPED,
            note="Withdrawn.",
        )

    saved = reloaded(commitment)
    assert (saved.status, saved.version) == (Status.OPEN, 2)
    assert commitment.updates.count() == 1
    assert raised.value.latest_update.author == manager
    assert "version 2" in str(raised.value)
    assert "version 1" in str(raised.value)


def test_the_current_version_is_accepted(commitment, editor):
    services.record_update(
        commitment=commitment, author=editor, expected_version=1, note="Raised again."
    )

    assert reloaded(commitment).version == 2


def test_a_refused_move_writes_nothing(commitment, editor):
    with pytest.raises(ValidationError) as raised:
        services.record_update(commitment=commitment, author=editor, status=Status.DROPPED)

    assert "note" in raised.value.message_dict
    assert not commitment.updates.exists()
    assert reloaded(commitment).version == 1


def test_the_update_and_the_move_are_one_transaction(commitment, editor, monkeypatch):
    def broken_save(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Commitment, "save", broken_save)

    with pytest.raises(RuntimeError):
        services.record_update(
            commitment=commitment, author=editor, status=Status.IN_PROGRESS, note="Started."
        )

    monkeypatch.undo()
    assert not Update.objects.filter(commitment_id=commitment.pk).exists()
    assert reloaded(commitment).status == Status.OPEN


def test_a_later_meeting_is_linked_with_its_effect(commitment, editor, later_meeting):
    update = services.record_update(
        commitment=commitment,
        author=editor,
        meeting=later_meeting,
        effect=Effect.REAFFIRMED,
        happened_on=later_meeting.held_on,
    )

    saved = Update.objects.get(pk=update.pk)
    assert (saved.meeting, saved.effect) == (later_meeting, Effect.REAFFIRMED)
    assert list(later_meeting.follow_ups.all()) == [saved]


def test_a_linked_meeting_before_the_commitments_meeting_is_refused(commitment, editor):
    earlier = MeetingFactory(held_on=D(2023, 11, 16), title="Japan-China Summit Meeting")

    with pytest.raises(ValidationError) as raised:
        services.record_update(
            commitment=commitment,
            author=editor,
            meeting=earlier,
            effect=Effect.DISCUSSED,
            happened_on=D(2024, 1, 1),
        )

    assert list(raised.value.message_dict) == ["meeting"]
    assert not commitment.updates.exists()


def test_the_meeting_that_made_the_commitment_cannot_be_linked_as_a_later_one(commitment, editor):
    with pytest.raises(ValidationError) as refused:
        services.record_update(
            commitment=commitment,
            author=editor,
            meeting=commitment.meeting,
            effect=Effect.DISCUSSED,
            note="Discussed.",
        )
    assert "meeting" in refused.value.message_dict
    assert not Update.objects.filter(commitment=commitment).exists()


def test_an_update_dated_in_the_future_is_refused(commitment, editor):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as raised:
        services.record_update(
            commitment=commitment, author=editor, note="Planned.", happened_on=tomorrow
        )

    assert list(raised.value.message_dict) == ["happened_on"]
    assert not commitment.updates.exists()


def test_an_update_before_the_commitment_was_made_is_refused(commitment, editor):
    with pytest.raises(ValidationError) as raised:
        services.record_update(
            commitment=commitment, author=editor, note="Too early.", happened_on=D(2023, 11, 1)
        )

    assert list(raised.value.message_dict) == ["happened_on"]


def test_superseding_records_the_replacement(commitment, editor):
    replacement = CommitmentFactory(meeting=commitment.meeting)

    services.record_update(
        commitment=commitment,
        author=editor,
        status=Status.SUPERSEDED,
        note="Replaced by the December agreement.",
        superseded_by=replacement,
    )

    saved = reloaded(commitment)
    assert (saved.status, saved.superseded_by) == (Status.SUPERSEDED, replacement)


def test_superseding_without_the_replacement_is_refused(commitment, editor):
    with pytest.raises(ValidationError) as raised:
        services.record_update(
            commitment=commitment, author=editor, status=Status.SUPERSEDED, note="Replaced."
        )

    assert list(raised.value.message_dict) == ["superseded_by"]
    assert reloaded(commitment).status == Status.OPEN


def test_a_replacement_named_on_another_move_is_refused(commitment, editor):
    other = CommitmentFactory(meeting=commitment.meeting)

    with pytest.raises(ValidationError) as raised:
        services.record_update(
            commitment=commitment,
            author=editor,
            status=Status.DROPPED,
            note="Withdrawn.",
            superseded_by=other,
        )

    assert list(raised.value.message_dict) == ["superseded_by"]
    saved = reloaded(commitment)
    assert (saved.status, saved.superseded_by) == (Status.OPEN, None)
    assert not saved.updates.exists()


def test_a_commitment_cannot_supersede_itself(commitment, editor):
    with pytest.raises(ValidationError) as raised:
        services.record_update(
            commitment=commitment,
            author=editor,
            status=Status.SUPERSEDED,
            note="Replaced.",
            superseded_by=commitment,
        )

    assert list(raised.value.message_dict) == ["superseded_by"]


def test_reopening_a_superseded_commitment_forgets_the_replacement(commitment, editor):
    replacement = CommitmentFactory(meeting=commitment.meeting)
    services.record_update(
        commitment=commitment,
        author=editor,
        status=Status.SUPERSEDED,
        note="Replaced.",
        superseded_by=replacement,
    )

    services.record_update(
        commitment=commitment, author=editor, status=Status.OPEN, note="The new text fell through."
    )

    saved = reloaded(commitment)
    assert (saved.status, saved.superseded_by) == (Status.OPEN, None)


def test_a_fulfilled_commitment_can_be_set_back_with_a_note(commitment, editor):
    services.record_update(
        commitment=commitment, author=editor, status=Status.FULFILLED, note="Imports resumed."
    )

    services.record_update(
        commitment=commitment, author=editor, status=Status.STALLED, note="Suspended again."
    )

    saved = reloaded(commitment)
    assert (saved.status, saved.version) == (Status.STALLED, 3)
    assert list(saved.updates.values_list("previous_status", "status")) == [
        (Status.OPEN, Status.FULFILLED),
        (Status.FULFILLED, Status.STALLED),
    ]


def test_a_continuing_commitment_cannot_be_fulfilled(editor):
    continuing = CommitmentFactory(continuing=True, status=Status.ONGOING)

    with pytest.raises(ValidationError) as raised:
        services.record_update(
            commitment=continuing, author=editor, status=Status.FULFILLED, note="Done."
        )

    assert list(raised.value.message_dict) == ["status"]


def test_refreshing_dates_follows_a_moved_meeting(commitment):
    meeting = commitment.meeting
    meeting.held_on = D(2023, 12, 1)
    meeting.save()

    services.refresh_commitment_dates(meeting=meeting)

    saved = reloaded(commitment)
    assert saved.expected_by == D(2023, 12, 1) + datetime.timedelta(days=180)


def test_each_reaffirmation_without_a_move_is_counted(commitment, editor):
    for day in (D(2024, 3, 1), D(2024, 6, 1)):
        services.record_update(
            commitment=commitment,
            author=editor,
            happened_on=day,
            meeting=MeetingFactory(held_on=day, title="Later talks"),
            effect=Effect.REAFFIRMED,
        )

    commitment.refresh_from_db()
    assert commitment.reaffirmed_since_move == 2


def test_a_status_move_starts_the_reaffirmation_count_again(commitment, editor):
    services.record_update(
        commitment=commitment,
        author=editor,
        happened_on=D(2024, 3, 1),
        meeting=MeetingFactory(held_on=D(2024, 3, 1), title="Later talks"),
        effect=Effect.REAFFIRMED,
    )
    services.record_update(
        commitment=commitment, author=editor, status=Status.IN_PROGRESS, note="Talks began."
    )

    commitment.refresh_from_db()
    assert commitment.reaffirmed_since_move == 0
