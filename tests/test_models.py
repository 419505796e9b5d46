"""The records and the rules the database itself keeps: constraints, PROTECT and the reads."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from meetings.models import Attendance, Commitment, Meeting, Party
from meetings.status import OPEN_STATUSES, Effect, Kind, Status
from tests.factories import (
    AttendanceFactory,
    CommitmentFactory,
    MeetingFactory,
    PartyFactory,
    PersonFactory,
    RequestFactory,
    UpdateFactory,
    home_party,
)

pytestmark = pytest.mark.django_db

D = datetime.date
BUSAN = D(2023, 11, 25)


@pytest.fixture
def meeting():
    return MeetingFactory(held_on=BUSAN)


def refused_by_the_database(make) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


# Derived dates


def test_a_commitment_with_a_vague_target_is_expected_by_its_horizon(meeting):
    commitment = CommitmentFactory(meeting=meeting, target="at an early date")

    commitment.refresh_from_db()
    assert commitment.expected_by == BUSAN + datetime.timedelta(days=180)


def test_an_explicit_due_date_is_the_expected_date(meeting):
    commitment = CommitmentFactory(meeting=meeting, target="immediately", due_on=D(2024, 6, 1))

    commitment.refresh_from_db()
    assert commitment.expected_by == D(2024, 6, 1)


def test_a_new_commitment_was_last_active_at_its_meeting(meeting):
    commitment = CommitmentFactory(meeting=meeting)

    commitment.refresh_from_db()
    assert commitment.last_activity_on == BUSAN
    assert commitment.version == 1


def test_a_meeting_is_shown_with_its_date(meeting):
    assert str(meeting) == "Japan-China Foreign Ministers' Meeting (25 Nov 2023)"


def test_a_meetings_counterparts_leave_out_our_party(meeting):
    assert [party.code for party in meeting.counterparts()] == ["CN"]


def test_counterparts_are_every_party_but_ours():
    home_party()
    PartyFactory(code="CN")
    PartyFactory(code="KR")

    assert sorted(Party.objects.counterparts().values_list("code", flat=True)) == ["CN", "KR"]


def test_our_party_comes_from_the_settings(settings):
    settings.HOME_PARTY = "KR"
    home_party()
    korea = PartyFactory(code="KR")

    assert korea.is_home
    assert list(Party.objects.counterparts().values_list("code", flat=True)) == ["JP"]


# Check constraints


def test_a_request_without_the_side_that_asked_is_refused(meeting):
    refused_by_the_database(lambda: CommitmentFactory(meeting=meeting, kind=Kind.REQUEST))


def test_a_joint_commitment_with_a_requester_is_refused(meeting):
    japan = home_party()

    refused_by_the_database(
        lambda: CommitmentFactory(meeting=meeting, kind=Kind.JOINT, requested_by=japan)
    )


def test_a_request_naming_the_side_that_asked_is_stored(meeting):
    request = RequestFactory(meeting=meeting)

    assert Commitment.objects.get(pk=request.pk).requested_by.code == "JP"


@pytest.mark.parametrize("minutes", [0, -5])
def test_a_meeting_of_no_duration_is_refused(minutes):
    refused_by_the_database(lambda: MeetingFactory(duration_minutes=minutes))


def test_a_meeting_with_a_duration_is_stored():
    meeting = MeetingFactory(duration_minutes=100)

    assert Meeting.objects.get(pk=meeting.pk).duration_minutes == 100


def test_a_meeting_of_an_unknown_kind_is_refused():
    refused_by_the_database(lambda: MeetingFactory(kind="banquet"))


def test_a_superseded_commitment_without_its_replacement_is_refused(meeting):
    refused_by_the_database(lambda: CommitmentFactory(meeting=meeting, status=Status.SUPERSEDED))


def test_a_superseded_commitment_naming_its_replacement_is_stored(meeting):
    replacement = CommitmentFactory(meeting=meeting)

    old = CommitmentFactory(meeting=meeting, status=Status.SUPERSEDED, superseded_by=replacement)

    assert Commitment.objects.get(pk=old.pk).superseded_by == replacement


def test_a_fulfilled_continuing_commitment_is_refused(meeting):
    refused_by_the_database(
        lambda: CommitmentFactory(meeting=meeting, continuing=True, status=Status.FULFILLED)
    )


def test_an_ongoing_commitment_that_is_not_continuing_is_refused(meeting):
    refused_by_the_database(
        lambda: CommitmentFactory(meeting=meeting, continuing=False, status=Status.ONGOING)
    )


def test_an_unknown_status_is_refused(meeting):
    commitment = CommitmentFactory(meeting=meeting)

    refused_by_the_database(
        lambda: Commitment.objects.filter(pk=commitment.pk).update(status="done")
    )


def test_a_commitment_cannot_reaffirm_itself(meeting):
    commitment = CommitmentFactory(meeting=meeting)

    refused_by_the_database(
        lambda: Commitment.objects.filter(pk=commitment.pk).update(reaffirms=commitment)
    )


def test_a_commitment_cannot_supersede_itself(meeting):
    commitment = CommitmentFactory(meeting=meeting)

    refused_by_the_database(
        lambda: Commitment.objects.filter(pk=commitment.pk).update(
            status=Status.SUPERSEDED, superseded_by=commitment
        )
    )


def test_a_version_below_one_is_refused(meeting):
    commitment = CommitmentFactory(meeting=meeting)

    refused_by_the_database(lambda: Commitment.objects.filter(pk=commitment.pk).update(version=0))


def test_an_update_with_an_effect_but_no_meeting_is_refused(meeting):
    commitment = CommitmentFactory(meeting=meeting)

    refused_by_the_database(lambda: UpdateFactory(commitment=commitment, effect=Effect.REAFFIRMED))


def test_an_update_with_a_meeting_but_no_effect_is_refused(meeting):
    commitment = CommitmentFactory(meeting=meeting)
    later = MeetingFactory(held_on=D(2024, 12, 25))

    refused_by_the_database(lambda: UpdateFactory(commitment=commitment, meeting=later))


def test_an_update_with_an_unknown_status_is_refused(meeting):
    commitment = CommitmentFactory(meeting=meeting)

    refused_by_the_database(lambda: UpdateFactory(commitment=commitment, status="done"))


def test_a_party_code_in_lower_case_is_refused():
    refused_by_the_database(lambda: Party.objects.create(code="cn", name="China"))


def test_a_person_attends_a_meeting_once(meeting):
    attendance = AttendanceFactory(meeting=meeting)

    refused_by_the_database(
        lambda: Attendance.objects.create(
            meeting=meeting, person=attendance.person, party=attendance.party
        )
    )


def test_two_people_of_one_party_need_different_names():
    person = PersonFactory(name="Wang Yi")

    refused_by_the_database(lambda: PersonFactory(name="Wang Yi", party=person.party))


# PROTECT: deleting would lose history


def test_a_meeting_with_commitments_cannot_be_deleted(meeting):
    CommitmentFactory(meeting=meeting)

    with pytest.raises(ProtectedError), transaction.atomic():
        meeting.delete()

    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_a_commitment_with_updates_cannot_be_deleted(meeting):
    update = UpdateFactory(commitment=CommitmentFactory(meeting=meeting))

    with pytest.raises(ProtectedError), transaction.atomic():
        update.commitment.delete()

    assert Commitment.objects.filter(pk=update.commitment_id).exists()


def test_a_meeting_linked_by_a_follow_up_cannot_be_deleted(meeting):
    later = MeetingFactory(held_on=D(2024, 12, 25))
    UpdateFactory(
        commitment=CommitmentFactory(meeting=meeting), meeting=later, effect=Effect.DISCUSSED
    )

    with pytest.raises(ProtectedError), transaction.atomic():
        later.delete()

    assert Meeting.objects.filter(pk=later.pk).exists()


def test_a_party_with_people_cannot_be_deleted():
    person = PersonFactory()

    with pytest.raises(ProtectedError), transaction.atomic():
        person.party.delete()


def test_a_meeting_without_commitments_is_deleted_with_its_attendance(meeting):
    AttendanceFactory(meeting=meeting)

    meeting.delete()

    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert not Attendance.objects.filter(meeting_id=meeting.pk).exists()


# QuerySet reads, with explicit dates


def _one_of_each_status(meeting: Meeting) -> None:
    replacement = CommitmentFactory(meeting=meeting, status=Status.IN_PROGRESS)
    for status in Status.values:
        CommitmentFactory(
            meeting=meeting,
            status=status,
            continuing=status == Status.ONGOING,
            superseded_by=replacement if status == Status.SUPERSEDED else None,
        )


def test_open_lists_the_open_statuses_only(meeting):
    _one_of_each_status(meeting)

    statuses = set(Commitment.objects.open().values_list("status", flat=True))

    assert statuses == OPEN_STATUSES


def test_closed_lists_the_closed_statuses_only(meeting):
    _one_of_each_status(meeting)

    statuses = set(Commitment.objects.closed().values_list("status", flat=True))

    assert statuses == {Status.FULFILLED, Status.SUPERSEDED, Status.DROPPED}


def test_a_commitment_past_its_due_date_is_overdue(meeting):
    late = CommitmentFactory(meeting=meeting, due_on=D(2024, 1, 10))

    assert list(Commitment.objects.overdue(D(2024, 1, 11))) == [late]
    assert late.is_overdue(D(2024, 1, 11))


def test_a_commitment_due_today_is_not_yet_overdue(meeting):
    due = CommitmentFactory(meeting=meeting, due_on=D(2024, 1, 10))

    assert not Commitment.objects.overdue(D(2024, 1, 10)).exists()
    assert not due.is_overdue(D(2024, 1, 10))


def test_a_vague_target_goes_overdue_after_its_horizon(meeting):
    immediately = CommitmentFactory(meeting=meeting, target="immediately")

    assert not Commitment.objects.overdue(D(2023, 12, 25)).exists()
    assert list(Commitment.objects.overdue(D(2023, 12, 26))) == [immediately]


def test_a_closed_commitment_is_never_overdue(meeting):
    CommitmentFactory(meeting=meeting, due_on=D(2024, 1, 10), status=Status.DROPPED)

    assert not Commitment.objects.overdue(D(2025, 1, 1)).exists()


def test_a_continuing_commitment_is_never_overdue(meeting):
    CommitmentFactory(
        meeting=meeting, due_on=D(2024, 1, 10), continuing=True, status=Status.ONGOING
    )

    assert not Commitment.objects.overdue(D(2025, 1, 1)).exists()


def test_a_commitment_with_no_date_is_never_overdue(meeting):
    undated = CommitmentFactory(meeting=meeting, target="when conditions allow")

    assert not Commitment.objects.overdue(D(2030, 1, 1)).exists()
    assert not undated.is_overdue(D(2030, 1, 1))


def test_a_commitment_is_stale_after_the_configured_days_without_activity(meeting):
    quiet = CommitmentFactory(meeting=meeting)
    ninety_days_on = BUSAN + datetime.timedelta(days=90)

    assert not Commitment.objects.stale(ninety_days_on).exists()
    assert list(Commitment.objects.stale(ninety_days_on + datetime.timedelta(days=1))) == [quiet]
    assert quiet.is_stale(ninety_days_on + datetime.timedelta(days=1))


def test_stale_after_days_comes_from_the_settings(settings, meeting):
    settings.STALE_AFTER_DAYS = 10
    quiet = CommitmentFactory(meeting=meeting)

    assert list(Commitment.objects.stale(BUSAN + datetime.timedelta(days=11))) == [quiet]


def test_recent_activity_keeps_a_commitment_fresh(meeting):
    commitment = CommitmentFactory(meeting=meeting)
    Commitment.objects.filter(pk=commitment.pk).update(last_activity_on=D(2024, 3, 1))

    assert not Commitment.objects.stale(D(2024, 4, 1)).exists()


def test_a_closed_commitment_is_never_stale(meeting):
    CommitmentFactory(meeting=meeting, status=Status.FULFILLED)

    assert not Commitment.objects.stale(D(2030, 1, 1)).exists()


def test_for_counterpart_lists_commitments_made_with_that_party(meeting):
    with_china = CommitmentFactory(meeting=meeting)
    korea_meeting = MeetingFactory(parties=[home_party(), PartyFactory(code="KR")])
    CommitmentFactory(meeting=korea_meeting)

    with_korea = Commitment.objects.get(meeting=korea_meeting)
    assert list(Commitment.objects.for_counterpart(PartyFactory(code="CN"))) == [with_china]
    assert list(Commitment.objects.for_counterpart(PartyFactory(code="KR"))) == [with_korea]


def test_for_counterpart_lists_each_commitment_once():
    trilateral = MeetingFactory(
        parties=[home_party(), PartyFactory(code="CN"), PartyFactory(code="KR")]
    )
    commitment = CommitmentFactory(meeting=trilateral)

    korea, china = PartyFactory(code="KR"), PartyFactory(code="CN")
    assert list(Commitment.objects.for_counterpart(korea)) == [commitment]
    assert list(Commitment.objects.for_counterpart(korea).for_counterpart(china)) == [commitment]


def test_due_soon_means_expected_from_today_to_thirty_days_on_both_ends_included(meeting):
    today = D(2024, 1, 1)
    first = CommitmentFactory(meeting=meeting, due_on=today)
    last = CommitmentFactory(meeting=meeting, due_on=D(2024, 1, 31))
    CommitmentFactory(meeting=meeting, due_on=D(2024, 2, 1))
    CommitmentFactory(meeting=meeting, due_on=D(2023, 12, 31))

    found = Commitment.objects.due_soon(today)

    assert set(found) == {first, last}


def test_due_soon_leaves_out_closed_and_continuing_commitments(meeting):
    CommitmentFactory(meeting=meeting, due_on=D(2024, 1, 15), status=Status.FULFILLED)
    CommitmentFactory(
        meeting=meeting, due_on=D(2024, 1, 15), continuing=True, status=Status.ONGOING
    )

    assert not Commitment.objects.due_soon(D(2024, 1, 1)).exists()
