"""API writes with an ``Idempotency-Key``: a retry replays the first answer and writes nothing;
and a write that committed is answered from its own transaction, never with a 500."""

import datetime

import pytest
from rest_framework.test import APIClient

from meetings.models import IdempotentRequest, Meeting, Update
from tests.factories import CommitmentFactory, PartyFactory, UserFactory, home_party

pytest_plugins = ["tests.api_fixtures"]

TIMEOUT = 20  # seconds; every wait below is bounded by it


def timeline(commitment) -> str:
    return f"/api/v1/commitments/{commitment.pk}/updates/"


def signed_in(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def keyed(key: str) -> dict:
    return {"HTTP_IDEMPOTENCY_KEY": key}


def meeting_body(**overrides) -> dict:
    return {
        "title": "Japan-China Summit Meeting",
        "kind": "summit",
        "held_on": "2024-11-15",
        "parties": ["JP", "CN"],
    } | overrides


@pytest.fixture
def commitment(db):
    return CommitmentFactory()


@pytest.fixture
def parties(db):
    home_party()
    PartyFactory(code="CN")


# Replays ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_retried_follow_up_is_answered_again_and_recorded_once(editor_api, commitment):
    body = {"version": 1, "note": "Raised again at the vice-ministerial talks."}

    first = editor_api.post(timeline(commitment), body, **keyed("retry-1"))
    retry = editor_api.post(timeline(commitment), body, **keyed("retry-1"))

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Update.objects.filter(commitment=commitment).count() == 1
    commitment.refresh_from_db()
    assert commitment.version == 2


@pytest.mark.django_db
def test_a_retried_meeting_is_created_once(manager_api, parties):
    first = manager_api.post("/api/v1/meetings/", meeting_body(), **keyed("m-1"))
    retry = manager_api.post("/api/v1/meetings/", meeting_body(), **keyed("m-1"))

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert Meeting.objects.count() == 1


@pytest.mark.django_db
def test_a_retried_change_and_assignment_are_made_once(manager_api, commitment):
    url = f"/api/v1/commitments/{commitment.pk}/"
    change = {"version": 1, "priority": "high"}

    first = manager_api.patch(url, change, **keyed("patch-1"))
    retry = manager_api.patch(url, change, **keyed("patch-1"))
    assign = {"version": 2, "owner": None, "assignee": None}
    assigned = manager_api.post(f"{url}assign/", assign, **keyed("assign-1"))
    assigned_again = manager_api.post(f"{url}assign/", assign, **keyed("assign-1"))

    assert first.status_code == retry.status_code == 200
    assert retry.json() == first.json()
    assert assigned.status_code == assigned_again.status_code == 200
    assert assigned_again.json() == assigned.json()
    commitment.refresh_from_db()
    assert commitment.version == 3  # one change, one assignment


@pytest.mark.django_db
def test_a_retried_topic_is_created_once(manager_api):
    body = {"name": "Semiconductors", "slug": "semiconductors"}

    first = manager_api.post("/api/v1/topics/", body, **keyed("t-1"))
    retry = manager_api.post("/api/v1/topics/", body, **keyed("t-1"))

    assert first.status_code == retry.status_code == 201
    assert retry["Idempotent-Replayed"] == "true"


@pytest.mark.django_db
def test_the_same_key_with_a_different_body_is_refused_and_writes_nothing(editor_api, commitment):
    editor_api.post(timeline(commitment), {"version": 1, "note": "First."}, **keyed("k"))

    response = editor_api.post(
        timeline(commitment), {"version": 2, "note": "Something else."}, **keyed("k")
    )

    assert response.status_code == 422
    assert "different request" in response.json()["detail"]
    assert list(Update.objects.values_list("note", flat=True)) == ["First."]


@pytest.mark.django_db
def test_the_body_is_compared_by_its_data_not_its_spacing(editor_api, commitment):
    spaced = '{ "note": "First.",  "version": 1 }'
    packed = '{"version":1,"note":"First."}'

    first = editor_api.post(
        timeline(commitment), spaced, content_type="application/json", **keyed("k")
    )
    retry = editor_api.post(
        timeline(commitment), packed, content_type="application/json", **keyed("k")
    )

    assert first.status_code == retry.status_code == 201
    assert retry["Idempotent-Replayed"] == "true"
    assert Update.objects.count() == 1


@pytest.mark.django_db
def test_a_key_is_kept_per_person_and_per_endpoint(editor_api, commitment):
    other_commitment = CommitmentFactory()
    colleague = signed_in(UserFactory(username="edna", role="editor"))

    note = {"note": "Raised again."}
    mine = editor_api.post(timeline(commitment), note | {"version": 1}, **keyed("same"))
    elsewhere = editor_api.post(timeline(other_commitment), note | {"version": 1}, **keyed("same"))
    theirs = colleague.post(timeline(commitment), note | {"version": 2}, **keyed("same"))

    assert mine.status_code == elsewhere.status_code == theirs.status_code == 201
    assert "Idempotent-Replayed" not in elsewhere
    assert "Idempotent-Replayed" not in theirs
    assert Update.objects.count() == 3


@pytest.mark.django_db
def test_a_key_is_forgotten_after_a_day(editor_api, commitment):
    body = {"version": 1, "note": "Raised."}
    editor_api.post(timeline(commitment), body, **keyed("old"))
    IdempotentRequest.objects.update(
        created_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=25)
    )

    again = editor_api.post(timeline(commitment), body | {"version": 2}, **keyed("old"))

    assert again.status_code == 201
    assert "Idempotent-Replayed" not in again
    assert Update.objects.count() == 2
    assert IdempotentRequest.objects.count() == 1  # the old one was cleared away


@pytest.mark.django_db
def test_a_refused_write_keeps_no_key_so_a_corrected_retry_goes_through(editor_api, commitment):
    editor_api.post(timeline(commitment), {"version": 1, "note": "Someone else's."})
    stale = editor_api.post(timeline(commitment), {"version": 1, "note": "x"}, **keyed("k"))
    invalid = editor_api.post(timeline(commitment), {"version": 2, "status": "?"}, **keyed("k"))
    corrected = editor_api.post(timeline(commitment), {"version": 2, "note": "x"}, **keyed("k"))

    assert stale.status_code == 409
    assert invalid.status_code == 400
    assert corrected.status_code == 201
    assert Update.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", "x" * 256, "キー", "tab\there"])
def test_a_malformed_key_is_refused_with_a_reason(editor_api, commitment, key):
    response = editor_api.post(timeline(commitment), {"version": 1, "note": "x"}, **keyed(key))

    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["detail"]
    assert Update.objects.count() == 0


@pytest.mark.django_db
def test_a_key_needs_the_same_permission_as_the_write(viewer_api, editor_api, commitment):
    body = {"version": 1, "note": "Raised."}
    editor_api.post(timeline(commitment), body, **keyed("k"))

    response = viewer_api.post(timeline(commitment), body, **keyed("k"))

    assert response.status_code == 403


@pytest.mark.django_db
def test_reads_ignore_the_key(viewer_api, commitment):
    response = viewer_api.get(f"/api/v1/commitments/{commitment.pk}/", **keyed("k"))

    assert response.status_code == 200
    assert IdempotentRequest.objects.count() == 0


@pytest.mark.django_db
def test_the_schema_offers_the_key_on_writes(viewer_api):
    schema = viewer_api.get("/api/schema/", {"format": "json"}).json()

    post = schema["paths"]["/api/v1/commitments/{id}/updates/"]["post"]
    assert "Idempotency-Key" in [p["name"] for p in post["parameters"] if p["in"] == "header"]
    assert "422" in post["responses"]
    get = schema["paths"]["/api/v1/commitments/{id}/updates/"]["get"]
    assert "Idempotency-Key" not in [p["name"] for p in get.get("parameters", [])]
