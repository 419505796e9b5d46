"""/api/v1/commitments/: the representation, who may do what, and optimistic editing."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings import services
from meetings.models import Commitment
from meetings.status import Kind, Review, Status
from tests.conftest import forget_cached_reads
from tests.factories import (
    CommitmentFactory,
    DivisionFactory,
    MechanismFactory,
    MeetingFactory,
    PartyFactory,
    RequestFactory,
    TopicFactory,
    UpdateFactory,
    UserFactory,
)

pytest_plugins = ["tests.api_fixtures"]
pytestmark = pytest.mark.django_db

LIST = "/api/v1/commitments/"
D = datetime.date


def detail(commitment) -> str:
    return f"{LIST}{commitment.pk}/"


def reloaded(commitment) -> Commitment:
    return Commitment.objects.get(pk=commitment.pk)


@pytest.fixture
def commitment():
    return CommitmentFactory(
        target="at an early date",
        topics=[TopicFactory(slug="security", name="Security")],
        mechanism=MechanismFactory(name="Japan-China Security Dialogue"),
    )


def new_commitment_body(meeting, **overrides) -> dict:
    body = {
        "meeting": meeting.pk,
        "paragraph": "3",
        "text": "The two Ministers concurred to hold the Security Dialogue at an early date.",
        "title": "Hold the Japan-China Security Dialogue at an early date",
        "kind": "joint",
        "responsible": ["JP", "CN"],
        "topics": [TopicFactory(slug="security").slug],
        "target": "at an early date",
    }
    body.update(overrides)
    return body


# Reading ------------------------------------------------------------------------------------


def test_a_commitment_carries_every_field_the_issue_lists(viewer_api, commitment, editor):
    services.record_update(
        commitment=commitment,
        author=editor,
        status=Status.IN_PROGRESS,
        note="Dates under discussion.",
        happened_on=D(2024, 1, 10),
    )

    response = viewer_api.get(detail(commitment))

    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {
        "id",
        "url",
        "title",
        "text",
        "paragraph",
        "kind",
        "status",
        "continuing",
        "review",
        "meeting",
        "requested_by",
        "responsible",
        "topics",
        "mechanism",
        "owner",
        "assignee",
        "priority",
        "due_on",
        "target",
        "expected_by",
        "overdue",
        "stale",
        "version",
        "last_update",
        "created",
        "updated",
    }
    assert body["meeting"] == {
        "id": commitment.meeting.pk,
        "title": "Japan-China Foreign Ministers' Meeting",
        "held_on": "2023-11-25",
    }
    assert body["responsible"] == ["CN", "JP"]
    assert body["topics"] == ["security"]
    assert body["mechanism"]["name"] == "Japan-China Security Dialogue"
    assert body["expected_by"] == "2024-05-23"  # 180 days after the meeting
    assert body["overdue"] is True
    assert body["status"] == "in_progress"
    assert body["version"] == 2
    assert body["last_update"] == {"date": "2024-01-10", "status": "in_progress", "effect": None}
    assert body["url"].endswith(detail(commitment))


def test_a_commitment_with_no_update_shows_last_update_null(viewer_api, commitment):
    assert viewer_api.get(detail(commitment)).json()["last_update"] is None


def test_a_request_names_who_asked(viewer_api):
    request = RequestFactory()

    body = viewer_api.get(detail(request)).json()

    assert (body["kind"], body["requested_by"], body["responsible"]) == ("request", "JP", ["CN"])


def test_the_list_is_paginated_with_a_count_and_a_page_size(viewer_api):
    meeting = MeetingFactory()
    CommitmentFactory.create_batch(5, meeting=meeting)

    body = viewer_api.get(LIST, {"page_size": 2, "page": 2}).json()

    assert body["count"] == 5
    assert len(body["results"]) == 2
    assert body["next"] and body["previous"]


def test_page_size_is_capped_at_200(viewer_api):
    CommitmentFactory.create_batch(3, meeting=MeetingFactory())

    body = viewer_api.get(LIST, {"page_size": 100_000}).json()

    assert len(body["results"]) == 3  # served, not refused; more than 200 would be cut


def test_a_page_past_the_end_answers_404(viewer_api, commitment):
    assert viewer_api.get(LIST, {"page": 9}).status_code == 404


def test_drafts_are_hidden_unless_asked_for(viewer_api, commitment):
    draft = CommitmentFactory(meeting=commitment.meeting, review=Review.DRAFT)

    default = [row["id"] for row in viewer_api.get(LIST).json()["results"]]
    drafts = [row["id"] for row in viewer_api.get(LIST, {"review": "draft"}).json()["results"]]

    assert default == [commitment.pk]
    assert drafts == [draft.pk]


def test_a_draft_is_still_found_by_its_id(viewer_api):
    draft = CommitmentFactory(review=Review.DRAFT)

    assert viewer_api.get(detail(draft)).status_code == 200


def test_an_unknown_commitment_answers_404(viewer_api):
    assert viewer_api.get(f"{LIST}999999999/").status_code == 404
    assert viewer_api.get(f"{LIST}not-a-number/").status_code == 404


def _seed_rows(count: int, editor) -> None:
    meeting = MeetingFactory()
    topic = TopicFactory(slug="economy")
    owner = DivisionFactory()
    mechanism = MechanismFactory()
    for row in CommitmentFactory.create_batch(
        count, meeting=meeting, topics=[topic], owner=owner, mechanism=mechanism, assignee=editor
    ):
        UpdateFactory(commitment=row, author=editor)


def test_the_list_runs_the_same_number_of_queries_for_1_and_200_rows(
    viewer_api, editor, django_assert_max_num_queries
):
    query = {"page_size": 200, "counterpart": "CN", "open": "true"}
    _seed_rows(1, editor)
    with CaptureQueriesContext(connection) as one_row:
        assert viewer_api.get(LIST, query).status_code == 200
    _seed_rows(199, editor)
    forget_cached_reads()

    with django_assert_max_num_queries(len(one_row.captured_queries)):
        response = viewer_api.get(LIST, query)

    assert len(response.json()["results"]) == 200
    assert all(row["last_update"] is not None for row in response.json()["results"])


# Who may read and write ----------------------------------------------------------------------


def test_anonymous_gets_401_with_a_www_authenticate_header(anon_api, commitment):
    for url in (LIST, detail(commitment), f"{detail(commitment)}updates/"):
        response = anon_api.get(url)
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"


def test_a_bad_token_gets_401(anon_api, commitment):
    anon_api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    assert anon_api.get(LIST).status_code == 401


def test_a_user_without_a_role_gets_403(outsider_api, commitment):
    assert outsider_api.get(LIST).status_code == 403
    assert outsider_api.get(detail(commitment)).status_code == 403


def test_a_session_signed_in_viewer_can_read(viewer_client, commitment):
    assert viewer_client.get(LIST).status_code == 200


@pytest.mark.parametrize("client_name", ["viewer_api", "editor_api"])
def test_viewers_and_editors_cannot_create_commitments(request, client_name, commitment):
    client = request.getfixturevalue(client_name)

    response = client.post(LIST, new_commitment_body(commitment.meeting))

    assert response.status_code == 403
    assert Commitment.objects.count() == 1


@pytest.mark.parametrize("client_name", ["viewer_api", "editor_api"])
def test_viewers_and_editors_cannot_edit_commitments(request, client_name, commitment):
    client = request.getfixturevalue(client_name)

    response = client.patch(detail(commitment), {"title": "Changed", "version": 1})

    assert response.status_code == 403
    assert reloaded(commitment).title == commitment.title


def test_commitments_cannot_be_deleted_by_anyone(manager_api, superuser, commitment):
    from tests.api_fixtures import token_client

    assert manager_api.delete(detail(commitment)).status_code == 405
    assert token_client(superuser).delete(detail(commitment)).status_code == 405
    assert Commitment.objects.filter(pk=commitment.pk).exists()


def test_put_on_the_list_answers_405(manager_api):
    assert manager_api.put(LIST, {}).status_code == 405


# Creating -----------------------------------------------------------------------------------


def test_a_manager_creates_a_commitment(manager_api):
    meeting = MeetingFactory()

    response = manager_api.post(LIST, new_commitment_body(meeting), format="json")

    assert response.status_code == 201, response.json()
    saved = Commitment.objects.get(pk=response.json()["id"])
    assert saved.meeting == meeting
    assert sorted(p.code for p in saved.responsible.all()) == ["CN", "JP"]
    assert [t.slug for t in saved.topics.all()] == ["security"]
    assert (saved.status, saved.version) == (Status.OPEN, 1)
    assert saved.expected_by == D(2024, 5, 23)
    assert response.json()["expected_by"] == "2024-05-23"


def test_a_new_commitment_starts_open_and_refuses_another_status(manager_api):
    meeting = MeetingFactory()

    refused = manager_api.post(LIST, new_commitment_body(meeting, status="fulfilled"))
    accepted = manager_api.post(LIST, new_commitment_body(meeting, status="open"))

    assert refused.status_code == 400
    assert "updates/" in refused.json()["status"][0]
    assert accepted.status_code == 201


def test_a_request_without_the_side_that_asked_answers_400(manager_api):
    body = new_commitment_body(MeetingFactory(), kind="request", responsible=["CN"])

    response = manager_api.post(LIST, body)

    assert response.status_code == 400
    assert "requested_by" in response.json()


def test_creating_with_bad_input_answers_400_naming_each_field(manager_api):
    response = manager_api.post(
        LIST,
        {
            "meeting": 999_999_999,
            "title": "x" * 301,
            "kind": "promise",
            "responsible": ["XX"],
            "topics": [],
            "due_on": "next week",
        },
    )

    assert response.status_code == 400
    assert set(response.json()) >= {"meeting", "title", "kind", "responsible", "topics", "due_on"}
    assert "text" in response.json()


def test_creating_with_a_json_array_body_answers_400(manager_api):
    response = manager_api.post(LIST, [1, 2], format="json")

    assert response.status_code == 400


def test_creating_with_a_form_body_answers_415(manager_api):
    response = manager_api.post(LIST, {"title": "x"}, format="multipart")

    assert response.status_code == 415


# Editing with a version ---------------------------------------------------------------------


def test_a_manager_edits_a_commitment_and_the_version_rises(manager_api, commitment):
    owner = DivisionFactory(name="China and Mongolia Division", code="CMD")

    response = manager_api.patch(
        detail(commitment), {"version": 1, "title": "Hold it soon", "owner": owner.pk}
    )

    assert response.status_code == 200, response.json()
    assert response.json()["version"] == 2
    assert response.json()["owner"] == {
        "id": owner.pk,
        "code": "CMD",
        "name": owner.name,
        "name_ja": "",
    }
    saved = reloaded(commitment)
    assert (saved.title, saved.owner, saved.version) == ("Hold it soon", owner, 2)


def test_changing_the_due_date_recomputes_expected_by(manager_api, commitment):
    response = manager_api.patch(detail(commitment), {"version": 1, "due_on": "2030-01-31"})

    assert response.status_code == 200
    assert reloaded(commitment).expected_by == D(2030, 1, 31)
    assert response.json()["overdue"] is False


def test_a_put_replaces_the_particulars(manager_api, commitment):
    body = new_commitment_body(commitment.meeting, text=commitment.text, version=1)
    body["responsible"] = ["CN"]

    response = manager_api.put(detail(commitment), body)

    assert response.status_code == 200, response.json()
    assert [p.code for p in reloaded(commitment).responsible.all()] == ["CN"]


def test_an_edit_without_a_version_answers_400(manager_api, commitment):
    response = manager_api.patch(detail(commitment), {"title": "Changed"})

    assert response.status_code == 400
    assert "version" in response.json()
    assert reloaded(commitment).title == commitment.title


def test_an_edit_with_a_stale_version_answers_409_with_the_current_state(
    manager_api, editor, commitment
):
    services.record_update(commitment=commitment, author=editor, note="Someone else was here.")

    response = manager_api.patch(detail(commitment), {"version": 1, "title": "Mine"})

    assert response.status_code == 409
    body = response.json()
    assert "version 2" in body["detail"]
    assert body["current"]["version"] == 2
    assert body["current"]["title"] == commitment.title
    assert body["current"]["last_update"]["date"] == str(timezone.localdate())
    assert reloaded(commitment).title == commitment.title


def test_the_verbatim_text_is_never_edited(manager_api, commitment):
    response = manager_api.patch(detail(commitment), {"version": 1, "text": "Reworded."})

    assert response.status_code == 400
    assert "text" in response.json()
    assert reloaded(commitment).version == 1


def test_the_status_cannot_be_changed_by_an_edit(manager_api, commitment):
    response = manager_api.patch(detail(commitment), {"version": 1, "status": "dropped"})

    assert response.status_code == 400
    assert "status" in response.json()
    assert reloaded(commitment).status == Status.OPEN


def test_an_edit_may_echo_the_current_status(manager_api, commitment):
    response = manager_api.patch(detail(commitment), {"version": 1, "status": "open"})

    assert response.status_code == 200


def test_making_a_fulfilled_commitment_continuing_answers_400(manager_api, commitment):
    Commitment.objects.filter(pk=commitment.pk).update(status=Status.FULFILLED)

    response = manager_api.patch(detail(commitment), {"version": 1, "continuing": True})

    assert response.status_code == 400
    assert reloaded(commitment).continuing is False


def test_a_commitment_cannot_reaffirm_itself(manager_api, commitment):
    response = manager_api.patch(detail(commitment), {"version": 1, "reaffirms": commitment.pk})

    assert response.status_code == 400
    assert "reaffirms" in response.json()


def test_changing_to_a_request_needs_the_side_that_asked(manager_api, commitment):
    response = manager_api.patch(detail(commitment), {"version": 1, "kind": Kind.REQUEST})

    assert response.status_code == 400
    assert "requested_by" in response.json()


def test_a_manager_confirms_a_draft(manager_api):
    draft = CommitmentFactory(review=Review.DRAFT)

    response = manager_api.patch(detail(draft), {"version": 1, "review": "confirmed"})

    assert response.status_code == 200
    assert reloaded(draft).review == Review.CONFIRMED


def test_assigning_to_an_unknown_user_answers_400(manager_api, commitment):
    inactive = UserFactory(username="gone", is_active=False)

    response = manager_api.patch(detail(commitment), {"version": 1, "assignee": inactive.pk})

    assert response.status_code == 400
    assert "assignee" in response.json()


def test_an_edit_to_a_party_code_that_does_not_exist_answers_400(manager_api, commitment):
    PartyFactory(code="KR")

    response = manager_api.patch(detail(commitment), {"version": 1, "responsible": ["KR", "ZZ"]})

    assert response.status_code == 400
    assert "responsible" in response.json()


def test_an_editor_assigns_a_commitment_through_the_api(editor_api):
    commitment = CommitmentFactory()
    division = DivisionFactory()
    officer = UserFactory(username="dora")

    response = editor_api.post(
        f"/api/v1/commitments/{commitment.pk}/assign/",
        {"version": commitment.version, "owner": division.pk, "assignee": officer.pk},
    )

    assert response.status_code == 200, response.json()
    assert response.json()["assignee"]["id"] == officer.pk
    saved = Commitment.objects.get(pk=commitment.pk)
    assert (saved.owner, saved.assignee, saved.version) == (division, officer, 2)


def test_a_viewer_cannot_assign_through_the_api(viewer_api):
    commitment = CommitmentFactory()

    response = viewer_api.post(
        f"/api/v1/commitments/{commitment.pk}/assign/",
        {"version": commitment.version, "owner": None, "assignee": None},
    )

    assert response.status_code == 403


def test_assigning_with_a_stale_version_answers_409(editor_api):
    commitment = CommitmentFactory()

    response = editor_api.post(
        f"/api/v1/commitments/{commitment.pk}/assign/",
        {"version": commitment.version + 1, "owner": None, "assignee": None},
    )

    assert response.status_code == 409
    assert response.json()["current"]["version"] == commitment.version


def test_assigning_without_a_version_answers_400(editor_api):
    commitment = CommitmentFactory()

    response = editor_api.post(
        f"/api/v1/commitments/{commitment.pk}/assign/", {"owner": None, "assignee": None}
    )

    assert response.status_code == 400
    assert "version" in response.json()
