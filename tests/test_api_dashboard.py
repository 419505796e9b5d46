"""/api/v1/dashboard/: the web dashboard's figures, and each figure's query lists its rows."""

import datetime

import pytest
from django.utils import timezone

from meetings import services
from meetings.selectors import dashboard_figures
from meetings.status import Effect, Review, Status
from tests.factories import CommitmentFactory, MeetingFactory, RequestFactory, TopicFactory

pytest_plugins = ["tests.api_fixtures"]
pytestmark = pytest.mark.django_db

URL = "/api/v1/dashboard/"
D = datetime.date


@pytest.fixture
def desk(editor):
    busan = MeetingFactory(held_on=D(2023, 11, 25))
    later = MeetingFactory(held_on=D(2024, 12, 25))
    dialogue = CommitmentFactory(
        meeting=busan, target="at an early date", topics=[TopicFactory(slug="security")]
    )
    RequestFactory(meeting=busan, status=Status.FULFILLED)
    CommitmentFactory(meeting=busan, review=Review.DRAFT)
    CommitmentFactory(meeting=MeetingFactory(held_on=timezone.localdate()), due_on=None)
    for _ in range(2):
        services.record_update(
            commitment=dialogue,
            author=editor,
            meeting=later,
            effect=Effect.REAFFIRMED,
            note="Agreed again.",
            happened_on=D(2024, 12, 25),
        )


def test_the_dashboard_answers_the_same_figures_as_the_web_page(viewer_api, desk):
    response = viewer_api.get(URL)

    assert response.status_code == 200
    body = response.json()
    figures = dashboard_figures(today=timezone.localdate())
    for key in ("open_total", "overdue", "stale", "reaffirmed_without_moving", "due_soon"):
        assert body[key] == figures[key], key
    assert body["today"] == timezone.localdate().isoformat()
    assert body["open_total"] == 2
    assert body["reaffirmed_without_moving"] == 1
    assert [row["count"] for row in body["by_status"]] == [
        row["count"] for row in figures["by_status"]
    ]
    assert body["by_counterpart"][0]["code"] == "CN"


def test_each_figure_query_lists_as_many_commitments_through_the_api(viewer_api, desk):
    body = viewer_api.get(URL).json()

    for key, query in body["queries"].items():
        listed = viewer_api.get(f"/api/v1/commitments/?{query}")
        assert listed.status_code == 200, (key, listed.json())
        assert listed.json()["count"] == body[key], key
    for row in body["by_status"] + body["by_counterpart"] + body["by_topic"] + body["age"]:
        assert (
            viewer_api.get(f"/api/v1/commitments/?{row['query']}").json()["count"] == (row["count"])
        ), row


def test_the_dashboard_needs_a_role(anon_api, outsider_api):
    assert anon_api.get(URL).status_code == 401
    assert outsider_api.get(URL).status_code == 403


def test_the_dashboard_is_read_only(manager_api):
    assert manager_api.post(URL, {}).status_code == 405
    assert manager_api.delete(URL).status_code == 405
