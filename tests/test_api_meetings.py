"""/api/v1/meetings/: attendance and parties by code; managers record and change meetings."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import Commitment, Meeting
from meetings.status import Review
from tests.conftest import forget_cached_reads
from tests.factories import (
    AttendanceFactory,
    CommitmentFactory,
    MechanismFactory,
    MeetingFactory,
    PartyFactory,
    PersonFactory,
    home_party,
)

pytest_plugins = ["tests.api_fixtures"]
pytestmark = pytest.mark.django_db

LIST = "/api/v1/meetings/"
D = datetime.date


def detail(meeting) -> str:
    return f"{LIST}{meeting.pk}/"


@pytest.fixture
def busan():
    meeting = MeetingFactory(occasion="while attending the Trilateral Foreign Ministers' Meeting")
    AttendanceFactory(
        meeting=meeting,
        person=PersonFactory(name="KAMIKAWA Yoko", party=home_party()),
        title="Minister for Foreign Affairs",
        order=0,
    )
    AttendanceFactory(
        meeting=meeting,
        person=PersonFactory(name="WANG Yi", party=PartyFactory(code="CN")),
        title="Minister of Foreign Affairs",
        order=1,
    )
    return meeting


def new_meeting_body(**overrides) -> dict:
    body = {
        "title": "Japan-China Summit Meeting",
        "kind": "summit",
        "held_on": "2024-11-15",
        "start_time": "18:00",
        "duration_minutes": 35,
        "place": "Lima",
        "parties": ["JP", "CN"],
    }
    body.update(overrides)
    return body


def test_a_meeting_carries_its_parties_and_attendance(viewer_api, busan):
    response = viewer_api.get(detail(busan))

    assert response.status_code == 200
    body = response.json()
    assert body["parties"] == ["CN", "JP"]
    assert [(a["name"], a["party"], a["title"]) for a in body["attendance"]] == [
        ("KAMIKAWA Yoko", "JP", "Minister for Foreign Affairs"),
        ("WANG Yi", "CN", "Minister of Foreign Affairs"),
    ]
    assert body["held_on"] == "2023-11-25"
    assert body["occasion"].startswith("while attending")


def test_meetings_list_with_a_fixed_number_of_queries(viewer_api, django_assert_max_num_queries):
    def seed(count):
        for meeting in MeetingFactory.create_batch(count, mechanism=MechanismFactory()):
            AttendanceFactory(meeting=meeting, person=PersonFactory(party=home_party()))

    seed(1)
    with CaptureQueriesContext(connection) as one_row:
        viewer_api.get(LIST, {"page_size": 200})
    seed(199)
    forget_cached_reads()

    with django_assert_max_num_queries(len(one_row.captured_queries)):
        assert len(viewer_api.get(LIST, {"page_size": 200}).json()["results"]) == 200


def test_meetings_filter_by_counterpart_and_hide_drafts(viewer_api, busan):
    korea = MeetingFactory(parties=[home_party(), PartyFactory(code="KR")])
    MeetingFactory(review=Review.DRAFT)

    china = [row["id"] for row in viewer_api.get(LIST, {"counterpart": "CN"}).json()["results"]]
    everything = [row["id"] for row in viewer_api.get(LIST).json()["results"]]

    assert china == [busan.pk]
    assert sorted(everything) == sorted([busan.pk, korea.pk])


@pytest.mark.parametrize(
    "query", [{"counterpart": "XX"}, {"kind": "picnic"}, {"year": "soon"}, {"ordering": "size"}]
)
def test_a_bad_meeting_filter_answers_400_naming_it(viewer_api, query):
    response = viewer_api.get(LIST, query)

    assert response.status_code == 400
    assert set(response.json()) == set(query)


def test_a_manager_records_a_meeting_with_attendance(manager_api):
    kishida = PersonFactory(name="ISHIBA Shigeru", party=home_party())
    xi = PersonFactory(name="XI Jinping", party=PartyFactory(code="CN"))

    response = manager_api.post(
        LIST,
        new_meeting_body(
            attendance=[
                {"person": kishida.pk, "title": "Prime Minister"},
                {"person": xi.pk, "title": "President", "order": 5},
            ]
        ),
    )

    assert response.status_code == 201, response.json()
    meeting = Meeting.objects.get(pk=response.json()["id"])
    assert sorted(p.code for p in meeting.parties.all()) == ["CN", "JP"]
    assert [(a.person, a.party.code, a.title) for a in meeting.attendances.all()] == [
        (kishida, "JP", "Prime Minister"),
        (xi, "CN", "President"),
    ]
    assert response.json()["attendance"][1]["order"] == 5


def test_an_attendee_must_speak_for_a_party_to_the_meeting(manager_api):
    PartyFactory(code="CN")
    yoon = PersonFactory(name="YOON Suk Yeol", party=PartyFactory(code="KR"))

    response = manager_api.post(
        LIST, new_meeting_body(attendance=[{"person": yoon.pk, "title": "President"}])
    )

    assert response.status_code == 400
    assert "attendance" in response.json()
    assert not Meeting.objects.exists()


def test_the_same_person_twice_answers_400(manager_api):
    person = PersonFactory(party=PartyFactory(code="CN"))

    response = manager_api.post(
        LIST, new_meeting_body(attendance=[{"person": person.pk}, {"person": person.pk}])
    )

    assert response.status_code == 400
    assert "attendance" in response.json()


@pytest.mark.parametrize(
    "overrides",
    [
        {"parties": []},
        {"parties": ["ZZ"]},
        {"kind": "picnic"},
        {"held_on": "25 November"},
        {"duration_minutes": 0},
        {"source_url": "not a url"},
        {"attendance": [{"person": 999_999_999}]},
        {"attendance": "everyone"},
        {"mechanism": 999_999_999},
        {"title": ""},
    ],
)
def test_bad_meeting_input_answers_400_naming_the_field(manager_api, overrides):
    response = manager_api.post(LIST, new_meeting_body(**overrides))

    assert response.status_code == 400
    assert set(overrides) <= set(response.json())


def test_a_manager_changes_a_meeting_and_attendance_is_kept_unless_sent(manager_api, busan):
    response = manager_api.patch(detail(busan), {"place": "Busan, Republic of Korea"})

    assert response.status_code == 200, response.json()
    busan.refresh_from_db()
    assert busan.place == "Busan, Republic of Korea"
    assert busan.attendances.count() == 2


def test_sending_attendance_replaces_it(manager_api, busan):
    response = manager_api.patch(detail(busan), {"attendance": []})

    assert response.status_code == 200
    assert busan.attendances.count() == 0


def test_moving_a_meeting_recomputes_its_commitments_expected_dates(manager_api, busan):
    commitment = CommitmentFactory(meeting=busan, target="at an early date")

    response = manager_api.patch(detail(busan), {"held_on": "2024-01-01"})

    assert response.status_code == 200
    assert Commitment.objects.get(pk=commitment.pk).expected_by == D(2024, 6, 29)


def test_a_meeting_cannot_follow_up_itself(manager_api, busan):
    response = manager_api.patch(detail(busan), {"follows_up": [busan.pk]})

    assert response.status_code == 400
    assert "follows_up" in response.json()


@pytest.mark.parametrize("client_name", ["viewer_api", "editor_api", "outsider_api"])
def test_only_managers_record_or_change_meetings(request, client_name, busan):
    client = request.getfixturevalue(client_name)

    assert client.post(LIST, new_meeting_body()).status_code == 403
    assert client.patch(detail(busan), {"place": "Seoul"}).status_code == 403
    busan.refresh_from_db()
    assert busan.place == "Busan"


def test_meetings_need_a_signed_in_user(anon_api, busan):
    assert anon_api.get(LIST).status_code == 401
    assert anon_api.get(detail(busan)).status_code == 401


def test_an_outsider_cannot_read_meetings(outsider_api, busan):
    assert outsider_api.get(detail(busan)).status_code == 403


def test_an_unknown_meeting_answers_404(viewer_api, manager_api):
    assert viewer_api.get(f"{LIST}999999999/").status_code == 404
    assert manager_api.patch(f"{LIST}999999999/", {"place": "x"}).status_code == 404


def test_meetings_cannot_be_deleted(manager_api, busan):
    assert manager_api.delete(detail(busan)).status_code == 405
    assert Meeting.objects.filter(pk=busan.pk).exists()


@pytest.mark.parametrize("year", ["0", "-1", "99999999", "6.79740852572952e+16", "2024.5"])
def test_a_year_no_date_can_hold_answers_400_on_the_api_and_422_on_the_page(
    viewer_api, viewer_client, year
):
    assert viewer_api.get("/api/v1/meetings/", {"year": year}).status_code == 400
    assert viewer_client.get("/meetings/", {"year": year}).status_code == 422
