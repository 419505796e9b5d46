"""Follow-ups through the API: commitments/<id>/updates/ and the updates/ feed."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings import services
from meetings.models import Commitment, Update
from meetings.status import Effect, Status
from tests.conftest import forget_cached_reads
from tests.factories import CommitmentFactory, MeetingFactory, UpdateFactory

pytest_plugins = ["tests.api_fixtures"]
pytestmark = pytest.mark.django_db

D = datetime.date
FEED = "/api/v1/updates/"


@pytest.fixture
def commitment():
    return CommitmentFactory(meeting=MeetingFactory(held_on=D(2023, 11, 25)))


def timeline(commitment) -> str:
    return f"/api/v1/commitments/{commitment.pk}/updates/"


def reloaded(commitment) -> Commitment:
    return Commitment.objects.get(pk=commitment.pk)


def test_the_timeline_lists_updates_oldest_first(viewer_api, commitment, editor):
    services.record_update(
        commitment=commitment, author=editor, note="Second.", happened_on=D(2024, 3, 1)
    )
    services.record_update(
        commitment=commitment, author=editor, note="First.", happened_on=D(2024, 1, 1)
    )

    response = viewer_api.get(timeline(commitment))

    assert response.status_code == 200
    assert [row["note"] for row in response.json()] == ["First.", "Second."]
    assert response.json()[0]["author"] == "eddie"


def test_an_editor_records_a_follow_up_and_the_status_moves(editor_api, commitment):
    response = editor_api.post(
        timeline(commitment),
        {
            "version": 1,
            "status": "in_progress",
            "note": "Talks began.",
            "happened_on": "2024-02-01",
        },
    )

    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "in_progress"
    assert response.json()["previous_status"] == "open"
    saved = reloaded(commitment)
    assert (saved.status, saved.version) == (Status.IN_PROGRESS, 2)
    assert saved.updates.get().note == "Talks began."


def test_a_recorded_follow_up_answers_with_the_commitments_new_version(editor_api, commitment):
    first = editor_api.post(timeline(commitment), {"version": 1, "note": "Raised again."})
    second = editor_api.post(
        timeline(commitment),
        {"version": first.json()["commitment_version"], "note": "And again."},
    )

    assert first.status_code == 201
    assert first.json()["commitment_version"] == 2
    assert second.status_code == 201, second.json()
    assert reloaded(commitment).version == 3


def test_linking_a_later_meeting_records_its_effect(editor_api, commitment):
    later = MeetingFactory(held_on=D(2024, 12, 25), place="Beijing")

    response = editor_api.post(
        timeline(commitment),
        {
            "version": 1,
            "status": "fulfilled",
            "note": "The dialogue was held.",
            "meeting": later.pk,
            "effect": "fulfilled",
            "happened_on": "2024-12-25",
        },
    )

    assert response.status_code == 201, response.json()
    assert response.json()["meeting"]["id"] == later.pk
    assert response.json()["effect"] == "fulfilled"
    assert reloaded(commitment).status == Status.FULFILLED


def test_a_move_the_workflow_forbids_answers_400_with_the_reason(editor_api, commitment):
    response = editor_api.post(timeline(commitment), {"version": 1, "status": "fulfilled"})

    assert response.status_code == 400
    assert "closing needs a note" in response.json()["note"][0]
    assert reloaded(commitment).version == 1
    assert not Update.objects.exists()


def test_an_empty_update_answers_400_as_a_non_field_error(editor_api, commitment):
    response = editor_api.post(timeline(commitment), {"version": 1})

    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_an_effect_without_a_meeting_answers_400_on_meeting(editor_api, commitment):
    response = editor_api.post(
        timeline(commitment), {"version": 1, "effect": Effect.DISCUSSED, "note": "x"}
    )

    assert response.status_code == 400
    assert "meeting" in response.json()


def test_a_future_date_answers_400_on_happened_on(editor_api, commitment):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = editor_api.post(
        timeline(commitment), {"version": 1, "note": "x", "happened_on": tomorrow.isoformat()}
    )

    assert response.status_code == 400
    assert "happened_on" in response.json()


def test_a_stale_version_answers_409_with_the_current_commitment(editor_api, editor, commitment):
    services.record_update(commitment=commitment, author=editor, status="in_progress", note="x")

    response = editor_api.post(timeline(commitment), {"version": 1, "note": "Mine."})

    assert response.status_code == 409
    body = response.json()
    assert body["current"]["version"] == 2
    assert body["current"]["status"] == "in_progress"
    assert body["current"]["last_update"]["status"] == "in_progress"
    assert reloaded(commitment).updates.count() == 1


def test_a_missing_version_answers_400(editor_api, commitment):
    response = editor_api.post(timeline(commitment), {"note": "No version."})

    assert response.status_code == 400
    assert "version" in response.json()
    assert not Update.objects.exists()


@pytest.mark.parametrize("version", ["two", -1, 0, 1.5, None, [1], 10**20])
def test_a_bad_version_answers_400(editor_api, commitment, version):
    response = editor_api.post(timeline(commitment), {"version": version, "note": "x"})

    assert response.status_code == 400
    assert "version" in response.json()


def test_a_note_over_10000_characters_answers_400(editor_api, commitment):
    response = editor_api.post(timeline(commitment), {"version": 1, "note": "x" * 10_001})

    assert response.status_code == 400
    assert "note" in response.json()


def test_a_note_of_10000_characters_is_accepted(editor_api, commitment):
    response = editor_api.post(timeline(commitment), {"version": 1, "note": "x" * 10_000})

    assert response.status_code == 201


def test_a_body_over_one_megabyte_answers_400_not_500(editor_api, commitment):
    body = '{"version": 1, "note": "' + "x" * (1024 * 1024) + '"}'

    response = editor_api.generic("POST", timeline(commitment), body, "application/json")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_a_body_over_one_megabyte_is_refused_for_a_session_user_too(editor_client, commitment):
    body = '{"version": 1, "note": "' + "x" * (1024 * 1024) + '"}'

    response = editor_client.generic("POST", timeline(commitment), body, "application/json")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    "body",
    ['{"version": 1, "note": ', "not json", "[" * 100_000, '{"version": NaN}', "\xff\xfe"],
)
def test_a_malformed_body_answers_400(editor_api, commitment, body):
    response = editor_api.generic("POST", timeline(commitment), body, "application/json")

    assert response.status_code == 400
    assert "detail" in response.json()


def test_a_body_that_is_not_an_object_answers_400(editor_api, commitment):
    response = editor_api.post(timeline(commitment), ["version", 1], format="json")

    assert response.status_code == 400


def test_a_null_character_in_the_note_answers_400(editor_api, commitment):
    response = editor_api.post(timeline(commitment), {"version": 1, "note": "a\x00b"})

    assert response.status_code == 400


def test_a_viewer_cannot_record_a_follow_up(viewer_api, commitment):
    response = viewer_api.post(timeline(commitment), {"version": 1, "note": "x"})

    assert response.status_code == 403
    assert not Update.objects.exists()


def test_anonymous_cannot_record_a_follow_up(anon_api, commitment):
    assert anon_api.post(timeline(commitment), {"version": 1, "note": "x"}).status_code == 401


def test_a_follow_up_on_an_unknown_commitment_answers_404(editor_api):
    response = editor_api.post("/api/v1/commitments/999999999/updates/", {"version": 1})

    assert response.status_code == 404


def test_updates_cannot_be_changed_or_deleted(manager_api, commitment, editor):
    update = UpdateFactory(commitment=commitment, author=editor)

    assert manager_api.patch(f"{FEED}{update.pk}/", {"note": "Rewritten."}).status_code == 405
    assert manager_api.delete(f"{FEED}{update.pk}/").status_code == 405
    assert manager_api.post(FEED, {"note": "x"}).status_code == 405
    assert manager_api.put(timeline(commitment), {}).status_code == 405


def test_the_feed_lists_updates_newest_first_and_filters_them(viewer_api, editor):
    first, second = CommitmentFactory.create_batch(2, meeting=MeetingFactory())
    older = UpdateFactory(commitment=first, author=editor)
    newer = UpdateFactory(commitment=second, author=editor)

    everything = [row["id"] for row in viewer_api.get(FEED).json()["results"]]
    one = [row["id"] for row in viewer_api.get(FEED, {"commitment": first.pk}).json()["results"]]

    assert everything == [newer.pk, older.pk]
    assert one == [older.pk]


@pytest.mark.parametrize(
    "query",
    [{"commitment": "abc"}, {"status": "finished"}, {"recorded_after": "yesterday"}],
)
def test_a_bad_feed_filter_answers_400_naming_it(viewer_api, query):
    response = viewer_api.get(FEED, query)

    assert response.status_code == 400
    assert set(response.json()) == set(query)


def test_an_outsider_cannot_read_the_feed(outsider_api):
    assert outsider_api.get(FEED).status_code == 403


def test_the_feed_runs_a_fixed_number_of_queries(viewer_api, editor, django_assert_max_num_queries):
    commitment = CommitmentFactory()
    UpdateFactory(commitment=commitment, author=editor)
    with CaptureQueriesContext(connection) as one_row:
        viewer_api.get(FEED, {"page_size": 200})
    for _ in range(199):
        UpdateFactory(commitment=commitment, author=editor, meeting=None)
    forget_cached_reads()

    with django_assert_max_num_queries(len(one_row.captured_queries)):
        assert len(viewer_api.get(FEED, {"page_size": 200}).json()["results"]) == 200
