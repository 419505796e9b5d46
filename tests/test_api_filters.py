"""The API filters with the web list's FilterSet: same query, same commitments, same order."""

import datetime

import pytest
from django.http import QueryDict
from django.utils import timezone

from meetings import services
from meetings.filters import CommitmentFilter
from meetings.models import Commitment
from meetings.status import Effect, Review, Status
from tests.factories import (
    CommitmentFactory,
    DivisionFactory,
    MechanismFactory,
    MeetingFactory,
    PartyFactory,
    RequestFactory,
    TopicFactory,
    home_party,
)

pytest_plugins = ["tests.api_fixtures"]
pytestmark = pytest.mark.django_db

LIST = "/api/v1/commitments/"
D = datetime.date


@pytest.fixture
def desk(editor):
    """A small desk: China and Korea meetings, requests and joint ones, every status."""
    today = timezone.localdate()
    security = TopicFactory(slug="security", name="Security")
    economy = TopicFactory(slug="economy", name="Economy")
    dialogue = MechanismFactory(name="Japan-China Security Dialogue")
    division = DivisionFactory(code="CMD")
    busan = MeetingFactory(held_on=D(2023, 11, 25))
    seoul = MeetingFactory(
        held_on=today - datetime.timedelta(days=20),
        parties=[home_party(), PartyFactory(code="KR")],
        title="Japan-ROK Foreign Ministers' Telephone Talk",
    )
    later = MeetingFactory(held_on=D(2024, 12, 25))
    made = {
        "dialogue": CommitmentFactory(
            meeting=busan,
            title="Hold the Japan-China Security Dialogue at an early date",
            target="at an early date",
            mechanism=dialogue,
            topics=[security],
            owner=division,
            assignee=editor,
        ),
        "buoy": RequestFactory(
            meeting=busan, title="Remove the buoy immediately", target="immediately"
        ),
        "seafood": RequestFactory(
            meeting=busan, title="Lift import restrictions", topics=[economy], due_on=D(2030, 1, 1)
        ),
        "communication": CommitmentFactory(
            meeting=busan, title="Continue close communication", continuing=True
        ),
        "korea": CommitmentFactory(
            meeting=seoul, title="Cooperate on North Korea", topics=[security]
        ),
        "draft": CommitmentFactory(meeting=busan, title="A proposed one", review=Review.DRAFT),
    }
    services.record_update(
        commitment=made["buoy"],
        author=editor,
        status=Status.FULFILLED,
        note="Japan confirmed the buoy was removed.",
        happened_on=D(2025, 2, 1),
    )
    for _ in range(2):
        services.record_update(
            commitment=made["dialogue"],
            author=editor,
            meeting=later,
            effect=Effect.REAFFIRMED,
            note="Agreed again.",
            happened_on=D(2024, 12, 25),
        )
    return made


def api_ids(client, query: str) -> list[int]:
    ids, url = [], f"{LIST}?{query}&page_size=200" if query else f"{LIST}?page_size=200"
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.json()
        ids += [row["id"] for row in response.json()["results"]]
        url = response.json()["next"]
    return ids


def filterset_ids(query: str) -> list[int]:
    filterset = CommitmentFilter(QueryDict(query), queryset=Commitment.objects.all())
    assert filterset.is_valid(), filterset.errors
    return list(filterset.qs.values_list("pk", flat=True))


QUERIES = [
    "",
    "counterpart=CN",
    "counterpart=CN&open=true",
    "counterpart=KR&overdue=false",
    "open=false",
    "status=open&status=in_progress&status=stalled&status=ongoing",
    "status=fulfilled",
    "topic=security",
    "kind=request",
    "review=draft",
    "review=confirmed",
    "overdue=true",
    "overdue=true&counterpart=CN",
    "stale=true",
    "stale=false",
    "continuing=true",
    "due_before=2025-01-01",
    "due_after=2025-01-01",
    "q=dialogue early",
    "q=DIALOGUE",
    "ordering=-expected_by",
    "ordering=title",
    "ordering=-meeting,title",
    "age=gt2y",
    "age=lt3m",
    "changed_since=2020-01-01",
    "reaffirmed_without_moving=2",
    "open=true&reaffirmed_without_moving=2",
]


@pytest.mark.parametrize("query", QUERIES)
def test_the_api_lists_what_the_web_filterset_lists(viewer_api, desk, query):
    assert api_ids(viewer_api, query) == filterset_ids(query)


@pytest.mark.parametrize("query", QUERIES)
def test_the_api_lists_what_the_web_list_page_shows(viewer_api, viewer_client, desk, query):
    page = viewer_client.get(f"/commitments/?{query}")

    assert page.status_code == 200
    assert api_ids(viewer_api, query) == [c.pk for c in page.context["page"].object_list]


def test_a_filter_value_the_web_list_refuses_the_api_refuses_too(viewer_api, viewer_client):
    for query in ("overdue=maybe", "counterpart=XX", "status=finished", "due_before=soon"):
        assert viewer_client.get(f"/commitments/?{query}").status_code == 422, query
        assert viewer_api.get(f"{LIST}?{query}").status_code == 400, query


def test_filters_by_ids_agree_too(viewer_api, desk, editor):
    dialogue = desk["dialogue"]
    for query in (
        f"mechanism={dialogue.mechanism_id}",
        f"owner={dialogue.owner_id}",
        f"assignee={editor.pk}",
    ):
        assert api_ids(viewer_api, query) == filterset_ids(query) == [dialogue.pk], query
    at_busan = f"meeting={dialogue.meeting_id}"
    assert api_ids(viewer_api, at_busan) == filterset_ids(at_busan)
    assert len(filterset_ids(at_busan)) == 4  # the draft stays hidden


def test_open_commitments_with_china_are_the_ones_a_desk_expects(viewer_api, desk):
    ids = api_ids(viewer_api, "counterpart=CN&open=true")

    assert sorted(ids) == sorted(
        [desk["dialogue"].pk, desk["seafood"].pk, desk["communication"].pk]
    )


def test_overdue_with_china_lists_the_expired_vague_target(viewer_api, desk):
    assert api_ids(viewer_api, "counterpart=CN&overdue=true") == [desk["dialogue"].pk]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("status", "finished"),
        ("counterpart", "XX"),
        ("counterpart", "JP"),  # ours is not a counterpart
        ("topic", "no-such-topic"),
        ("mechanism", "abc"),
        ("mechanism", "999999999"),
        ("meeting", "-1"),
        ("owner", "abc"),
        ("assignee", "someone"),
        ("assignee", "999999999"),
        ("kind", "promise"),
        ("review", "maybe"),
        ("open", "perhaps"),
        ("overdue", "maybe"),
        ("stale", "2"),
        ("continuing", "sometimes"),
        ("due_before", "yesterday"),
        ("due_after", "2024-13-01"),
        ("ordering", "size"),
        ("age", "ancient"),
        ("changed_since", "last week"),
        ("reaffirmed_without_moving", "0"),
    ],
)
def test_an_unknown_filter_value_answers_400_naming_the_field(viewer_api, field, value):
    response = viewer_api.get(LIST, {field: value})

    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_every_bad_filter_is_named_at_once(viewer_api):
    response = viewer_api.get(LIST, {"status": "x", "overdue": "x", "due_before": "x"})

    assert response.status_code == 400
    assert set(response.json()) == {"status", "overdue", "due_before"}


def test_filters_are_ignored_on_a_detail(viewer_api, desk):
    draft = desk["draft"]

    response = viewer_api.get(f"{LIST}{draft.pk}/", {"status": "nonsense"})

    assert response.status_code == 200


@pytest.mark.parametrize("times", ["0", "5564915795535170.0", "1e30", "two"])
def test_a_count_of_reaffirmations_out_of_bounds_answers_400_naming_the_field(viewer_api, times):
    response = viewer_api.get(LIST, {"reaffirmed_without_moving": times})

    assert response.status_code == 400
    assert "reaffirmed_without_moving" in response.json()
