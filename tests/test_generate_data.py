"""The bulk data generator: sizes, reproducibility, workflow consistency, and its guard."""

import datetime
from collections import defaultdict

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Max

from meetings import targets
from meetings.devdata import generator
from meetings.models import Commitment, Meeting, Update
from meetings.status import (
    CLOSED_STATUSES,
    Effect,
    Kind,
    Move,
    Review,
    Status,
    check_move,
    initial_status,
)
from tests.factories import MeetingFactory

AS_OF = datetime.date(2025, 6, 30)
SMALL = {"meetings": 30, "commitments": 200, "updates": 500}

pytestmark = pytest.mark.django_db


def generate(seed: int = 7, **kwargs) -> None:
    call_command("generate_data", **{**SMALL, "seed": seed, "as_of": AS_OF, **kwargs})


def fingerprint() -> tuple[list, list, list]:
    """The generated world without its primary keys (sequences move on between runs)."""
    meetings = list(
        Meeting.objects.order_by("id").values_list(
            "title", "kind", "held_on", "readouts__source_url"
        )
    )
    commitments = list(
        Commitment.objects.order_by("id").values_list(
            "meeting__readouts__source_url",
            "title",
            "kind",
            "status",
            "version",
            "expected_by",
            "last_activity_on",
            "review",
        )
    )
    updates = list(
        Update.objects.order_by("id").values_list(
            "commitment__title",
            "happened_on",
            "previous_status",
            "status",
            "effect",
            "note",
            "meeting__readouts__source_url",
        )
    )
    return meetings, commitments, updates


def test_it_generates_the_requested_sizes():
    generate()
    assert generator.generated_meetings().count() == 30
    assert Commitment.objects.count() == 200
    assert Update.objects.count() == 500


def test_it_marks_every_generated_meeting():
    generate(seed=9)
    prefix = generator.seed_prefix(9)
    assert all(
        url.startswith(prefix)
        for url in Meeting.objects.values_list("readouts__source_url", flat=True)
    )
    assert generator.existing_sizes(9) == generator.Sizes(**SMALL)
    assert generator.existing_sizes(8) is None


def test_it_gives_the_same_data_for_the_same_seed():
    generate(seed=7)
    first = fingerprint()
    generate(seed=7)
    assert fingerprint() == first
    assert Commitment.objects.count() == 200  # replaced, not added


def test_it_gives_other_data_for_another_seed():
    generate(seed=7)
    first = fingerprint()
    generate(seed=8)
    assert fingerprint() != first


def test_it_spreads_meetings_over_ten_years_up_to_as_of():
    generate(meetings=300, commitments=300, updates=300)
    dates = list(Meeting.objects.values_list("held_on", flat=True))
    assert max(dates) <= AS_OF
    assert min(dates) >= AS_OF - datetime.timedelta(days=3653)
    assert len({d.year for d in dates}) >= 10


def test_it_keeps_the_stored_derived_columns_true():
    generate()
    for commitment in Commitment.objects.select_related("meeting").annotate(
        last_happened=Max("updates__happened_on")
    ):
        made_on = commitment.meeting.held_on
        assert commitment.version == 1 + commitment.updates.count()
        assert commitment.last_activity_on == max(made_on, commitment.last_happened or made_on)
        assert commitment.expected_by == targets.expected_by(
            made_on=made_on, due_on=commitment.due_on, target=commitment.target
        )
        assert commitment.created_at <= commitment.updated_at


def test_every_update_is_a_move_the_workflow_allows():
    generate()
    timelines = defaultdict(list)
    for update in Update.objects.select_related("meeting").order_by(
        "happened_on", "recorded_at", "id"
    ):
        timelines[update.commitment_id].append(update)
    for commitment in Commitment.objects.select_related("meeting"):
        status = initial_status(continuing=commitment.continuing)
        for update in timelines[commitment.pk]:
            assert update.previous_status == status
            assert commitment.meeting.held_on <= update.happened_on <= AS_OF
            if update.meeting is not None:
                assert update.effect
                assert update.meeting.held_on == update.happened_on
                assert update.meeting.held_on >= commitment.meeting.held_on
            check_move(
                Move(
                    current=status,
                    new=update.status or None,
                    continuing=commitment.continuing,
                    note=update.note,
                    has_meeting=update.meeting is not None,
                    effect=update.effect,
                    has_replacement=update.status == Status.SUPERSEDED,
                )
            )
            status = update.status or status
        assert commitment.status == status
        assert (commitment.superseded_by_id is not None) == (status == Status.SUPERSEDED)


def test_it_writes_plausible_proportions():
    generate(meetings=100, commitments=2000, updates=6000)
    commitments = Commitment.objects.all()
    total = commitments.count()
    closed = commitments.filter(status__in=CLOSED_STATUSES).count()
    assert 0.2 < closed / total < 0.7
    assert commitments.filter(kind=Kind.REQUEST).count() > total * 0.15
    assert commitments.filter(continuing=True).count() > total * 0.05
    assert commitments.filter(reaffirms__isnull=False).exists()
    assert commitments.overdue(AS_OF).exists()
    assert commitments.stale(AS_OF).exists()
    assert Update.objects.filter(effect=Effect.REAFFIRMED).exists()
    assert Update.objects.filter(effect=Effect.FULFILLED).exists()


def test_drafts_have_no_updates():
    generate(meetings=400, commitments=1000, updates=1000)
    drafts = Commitment.objects.filter(review=Review.DRAFT)
    assert not Update.objects.filter(commitment__in=drafts).exists()


def test_it_refuses_a_database_with_real_meetings(manager):
    real = MeetingFactory()
    with pytest.raises(CommandError, match="real meetings"):
        generate()
    assert Meeting.objects.get() == real


def test_force_adds_generated_data_beside_real_meetings(manager):
    real = MeetingFactory()
    generate(force=True)
    generate(force=True)  # replaces only what it generated
    assert Meeting.objects.filter(pk=real.pk).exists()
    assert generator.generated_meetings().count() == 30
    assert Commitment.objects.count() == 200


def test_reuse_keeps_data_of_the_same_sizes():
    generate()
    ids = list(Meeting.objects.values_list("id", flat=True))
    generate(reuse=True)
    assert list(Meeting.objects.values_list("id", flat=True)) == ids


def test_it_refuses_commitments_without_meetings():
    with pytest.raises(CommandError, match="meeting"):
        generate(meetings=0)


def test_reuse_accepts_updates_added_since(editor):
    from meetings.services import record_update

    generate()
    commitment = Commitment.objects.confirmed().first()
    record_update(commitment=commitment, author=editor, note="Posted by a benchmark.")
    ids = list(Meeting.objects.values_list("id", flat=True))
    generate(reuse=True)
    assert list(Meeting.objects.values_list("id", flat=True)) == ids
    assert Update.objects.count() == 501


def test_reuse_regenerates_other_sizes():
    generate()
    generate(reuse=True, commitments=150)
    assert Commitment.objects.count() == 150


@pytest.mark.parametrize("real", [False, True])
def test_generated_data_is_replaced_with_the_watches_and_inbox_entries_about_it(
    real, editor, viewer, manager
):
    """A benchmark's updates make watchers and notices; generating again clears them with the
    generated records (on PostgreSQL by truncation, beside real meetings by deletion)."""
    from meetings.services import record_update
    from notifications.models import Notification, Watch

    if real:
        MeetingFactory()
    generate(force=real)
    commitment = Commitment.objects.confirmed().first()
    Watch.objects.create(person=viewer, commitment=commitment)
    Watch.objects.create(person=manager, meeting=commitment.meeting)
    record_update(commitment=commitment, author=editor, status=Status.STALLED, note="Stalled.")
    assert Notification.objects.count() == 2  # the viewer's and the manager's

    generate(force=real, commitments=150)

    assert Commitment.objects.count() == 150
    assert not Watch.objects.filter(commitment__isnull=False).exists()
    assert not Notification.objects.exists()
