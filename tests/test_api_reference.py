"""Parties, people, topics, mechanisms and divisions: everyone with a role reads, managers write."""

import datetime

import pytest

from meetings.models import Division, Mechanism, Party, Person, Topic
from meetings.status import Review, Status
from tests.factories import (
    CommitmentFactory,
    DivisionFactory,
    MechanismFactory,
    MeetingFactory,
    PartyFactory,
    PersonFactory,
    TopicFactory,
)

pytest_plugins = ["tests.api_fixtures"]
pytestmark = pytest.mark.django_db

V1 = "/api/v1"


@pytest.fixture
def rows():
    """One row of each kind, with the URL of its detail."""
    china = PartyFactory(code="CN")
    return {
        "parties": (china, f"{V1}/parties/CN/"),
        "people": (
            (wang := PersonFactory(name="WANG Yi", party=china)),
            f"{V1}/people/{wang.pk}/",
        ),
        "topics": (
            TopicFactory(slug="security", name="Security"),
            f"{V1}/topics/security/",
        ),
        "mechanisms": (
            (mechanism := MechanismFactory(name="Japan-China Security Dialogue")),
            f"{V1}/mechanisms/{mechanism.pk}/",
        ),
        "divisions": (
            (division := DivisionFactory(code="CMD", name="China and Mongolia Division")),
            f"{V1}/divisions/{division.pk}/",
        ),
    }


NEW = {
    "parties": {"code": "KR", "name": "Republic of Korea", "kind": "state"},
    "people": {"name": "CHO Tae-yul", "party": "CN"},
    "topics": {"name": "Global health", "slug": "global-health"},
    "mechanisms": {"name": "Japan-China High-Level Economic Dialogue", "parties": ["JP", "CN"]},
    "divisions": {"name": "Northeast Asia Division", "code": "NEAD"},
}
MODELS = {
    "parties": Party,
    "people": Person,
    "topics": Topic,
    "mechanisms": Mechanism,
    "divisions": Division,
}
KINDS = list(NEW)


@pytest.mark.parametrize("kind", KINDS)
def test_a_viewer_lists_and_reads_each_kind(viewer_api, rows, kind):
    _, url = rows[kind]

    listed = viewer_api.get(f"{V1}/{kind}/")
    one = viewer_api.get(url)

    assert listed.status_code == 200
    assert listed.json()["count"] >= 1
    assert one.status_code == 200


@pytest.mark.parametrize("kind", KINDS)
def test_anonymous_gets_401_and_an_outsider_403(anon_api, outsider_api, rows, kind):
    _, url = rows[kind]

    assert anon_api.get(url).status_code == 401
    assert outsider_api.get(url).status_code == 403


@pytest.mark.parametrize("kind", KINDS)
def test_a_manager_creates_each_kind(manager_api, rows, kind):
    response = manager_api.post(f"{V1}/{kind}/", NEW[kind])

    assert response.status_code == 201, response.json()
    assert MODELS[kind].objects.count() == (2 if kind != "parties" else 3)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("client_name", ["viewer_api", "editor_api"])
def test_viewers_and_editors_cannot_create_or_change(request, rows, kind, client_name):
    client = request.getfixturevalue(client_name)
    _, url = rows[kind]

    assert client.post(f"{V1}/{kind}/", NEW[kind]).status_code == 403
    assert client.patch(url, {"name": "Renamed"}).status_code == 403


@pytest.mark.parametrize("kind", KINDS)
def test_a_manager_renames_each_kind(manager_api, rows, kind):
    row, url = rows[kind]

    response = manager_api.patch(url, {"name": "Renamed"})

    assert response.status_code == 200, response.json()
    row.refresh_from_db()
    assert row.name == "Renamed"


@pytest.mark.parametrize("kind", KINDS)
def test_nothing_is_deleted_through_the_api(manager_api, rows, kind):
    row, url = rows[kind]

    assert manager_api.delete(url).status_code == 405
    assert MODELS[kind].objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize(
    "url", ["parties/XX/", "people/999999999/", "topics/nope/", "mechanisms/0/", "divisions/x/"]
)
def test_an_unknown_row_answers_404(viewer_api, url):
    assert viewer_api.get(f"{V1}/{url}").status_code == 404


@pytest.mark.parametrize(
    ("kind", "body", "field"),
    [
        ("parties", {"code": "cn", "name": "lower case"}, "code"),
        ("parties", {"code": "CN", "name": "Taken"}, "code"),
        ("parties", {"code": "ZZ", "name": "Z", "kind": "empire"}, "kind"),
        ("people", {"name": "WANG Yi", "party": "CN"}, "non_field_errors"),
        ("people", {"name": "Nobody", "party": "ZZ"}, "party"),
        ("topics", {"name": "Security", "slug": "not a slug!"}, "slug"),
        ("topics", {"name": "Other", "slug": "security"}, "slug"),
        ("mechanisms", {"name": "Japan-China Security Dialogue"}, "name"),
        ("divisions", {"name": "", "code": "X"}, "name"),
    ],
)
def test_bad_reference_input_answers_400_naming_the_field(manager_api, rows, kind, body, field):
    response = manager_api.post(f"{V1}/{kind}/", body)

    assert response.status_code == 400
    assert field in response.json()


def test_a_mechanism_shows_when_it_last_met_and_what_waits_on_it(viewer_api, rows):
    mechanism, url = rows["mechanisms"]
    MeetingFactory(mechanism=mechanism, held_on=datetime.date(2024, 12, 25))
    MeetingFactory(mechanism=mechanism, held_on=datetime.date(2025, 3, 1), review=Review.DRAFT)
    CommitmentFactory(mechanism=mechanism)
    CommitmentFactory(mechanism=mechanism, status=Status.DROPPED)
    CommitmentFactory(mechanism=mechanism, review=Review.DRAFT)

    body = viewer_api.get(url).json()

    assert body["last_met"] == "2024-12-25"
    assert body["open_commitments"] == 1


def test_parties_show_which_is_ours(viewer_api, rows):
    PartyFactory(code="JP")

    body = viewer_api.get(f"{V1}/parties/", {"ordering": "code"}).json()

    assert [(p["code"], p["is_home"]) for p in body["results"]] == [("CN", False), ("JP", True)]
