"""The list's counterpart and word filters, whatever door changed the data.

Each commitment keeps a copy of its meeting's parties and its words in capitals, so that at
ten years of data PostgreSQL finds a counterpart's commitments searched for a word by its
indexes. These tests check, through the list, the admin, the API and the import command,
that the copy follows every change, and that the word filter means what it meant: every word,
in the title or the text, in any case, taken literally.
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.devdata.demo import READOUTS
from meetings.models import Commitment, Meeting
from tests.factories import (
    CommitmentFactory,
    MeetingFactory,
    PartyFactory,
    TopicFactory,
    home_party,
)
from tests.test_admin import admin_url, form_data
from tests.test_api_commitments import new_commitment_body

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.api_fixtures"]


def listed(client, **params) -> set[str]:
    """The titles the commitment list shows for ``params``."""
    response = client.get(reverse("commitment-list"), params)
    assert response.status_code == 200
    return {commitment.title for commitment in response.context["page"].object_list}


def assert_copies_match_meetings() -> None:
    for commitment in Commitment.objects.select_related("meeting"):
        parties = sorted(commitment.meeting.parties.values_list("pk", flat=True))
        assert commitment.meeting_party_ids == parties, commitment.title


@pytest.fixture
def korea():
    return PartyFactory(code="KR")


@pytest.fixture
def china_meeting():
    meeting = MeetingFactory()  # Japan and China
    CommitmentFactory(meeting=meeting, title="Hold the Security Dialogue", topics=[TopicFactory()])
    return meeting


# The counterpart follows the meeting's parties ---------------------------------------------


def test_a_new_commitment_is_listed_under_its_meetings_counterparts(viewer_client, korea):
    trilateral = MeetingFactory(parties=[home_party(), PartyFactory(code="CN"), korea])
    CommitmentFactory(meeting=trilateral, title="Cooperate on disaster relief")
    CommitmentFactory(meeting=MeetingFactory(), title="Hold the Security Dialogue")

    assert listed(viewer_client, counterpart="KR") == {"Cooperate on disaster relief"}
    assert listed(viewer_client, counterpart="CN") == {
        "Cooperate on disaster relief",
        "Hold the Security Dialogue",
    }
    assert_copies_match_meetings()


def test_changing_a_meetings_parties_in_the_admin_moves_its_commitments(
    manager_client, viewer_client, china_meeting, korea
):
    url = admin_url(Meeting, "change", china_meeting.pk)
    data = form_data(manager_client.get(url))
    data["parties"] = [home_party().pk, korea.pk]

    response = manager_client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    assert listed(viewer_client, counterpart="KR") == {"Hold the Security Dialogue"}
    assert listed(viewer_client, counterpart="CN") == set()
    assert_copies_match_meetings()


def test_moving_a_commitment_to_another_meeting_in_the_admin_moves_its_counterpart(
    manager_client, viewer_client, china_meeting, korea
):
    korea_meeting = MeetingFactory(parties=[home_party(), korea])
    commitment = china_meeting.commitments.get()
    url = admin_url(Commitment, "change", commitment.pk)
    data = form_data(manager_client.get(url))
    data["meeting"] = korea_meeting.pk

    response = manager_client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    assert listed(viewer_client, counterpart="KR") == {"Hold the Security Dialogue"}
    assert listed(viewer_client, counterpart="CN") == set()
    assert_copies_match_meetings()


def test_parties_added_and_cleared_from_the_partys_side_reach_the_commitments(
    viewer_client, china_meeting, korea
):
    korea.meetings.add(china_meeting)
    assert listed(viewer_client, counterpart="KR") == {"Hold the Security Dialogue"}
    assert_copies_match_meetings()

    korea.meetings.clear()
    assert listed(viewer_client, counterpart="KR") == set()
    assert_copies_match_meetings()

    china_meeting.parties.remove(PartyFactory(code="CN"))
    assert listed(viewer_client, counterpart="CN") == set()
    assert_copies_match_meetings()


def test_deleting_a_party_takes_it_off_its_meetings_commitments(china_meeting, korea):
    china_meeting.parties.add(korea)
    assert_copies_match_meetings()

    korea.delete()

    assert_copies_match_meetings()


def test_a_commitment_created_through_the_api_is_listed_under_its_counterpart(
    manager_api, viewer_client, korea
):
    meeting = MeetingFactory(parties=[home_party(), korea])
    body = new_commitment_body(meeting, title="Resume the summit", responsible=["JP", "KR"])

    response = manager_api.post("/api/v1/commitments/", body, format="json")

    assert response.status_code == 201, response.json()
    assert listed(viewer_client, counterpart="KR") == {"Resume the summit"}
    assert_copies_match_meetings()


def test_an_imported_readouts_drafts_are_listed_under_its_counterpart(viewer_client):
    call_command(
        "import_readout",
        str(READOUTS / "2023-11-25-japan-china-foreign-ministers.txt"),
        stdout=io.StringIO(),
    )

    drafts = listed(viewer_client, counterpart="CN", review="draft", q="detained")

    assert drafts == set(
        Commitment.objects.filter(text__icontains="detained").values_list("title", flat=True)
    )
    assert drafts
    assert_copies_match_meetings()


def test_generated_data_keeps_the_copies(db):
    call_command(
        "generate_data",
        meetings=30,
        commitments=120,
        updates=200,
        seed=3,
        stdout=io.StringIO(),
    )

    assert_copies_match_meetings()


# The words -----------------------------------------------------------------------------------


@pytest.fixture
def commitments():
    meeting = MeetingFactory()
    for title, text in [
        ("Hold the dialogue", "The Ministers concurred to hold the Security Dialogue."),
        ("Lift import restrictions", "Japan called for lifting the restrictions on seafood."),
        ("Cut tariffs", "Japan asked for a 50% cut in tariffs on scallops."),
        ("Visit", "Ors of the exchange programme were welcomed."),
        ("Exchange students", "Both sides will send 500 students a year (snake_case here)."),
        ("日中ハイレベル経済対話", "日中ハイレベル経済対話を早期に開催することで一致した。"),
    ]:
        CommitmentFactory(meeting=meeting, title=title, text=text)


@pytest.mark.parametrize(
    ("words", "found"),
    [
        ("DIALOGUE", {"Hold the dialogue"}),
        ("seafood lift", {"Lift import restrictions"}),  # one in the text, one in the title
        ("japan restrictions seafood", {"Lift import restrictions"}),
        ("seafood dialogue", set()),  # every word, not any
        ("50%", {"Cut tariffs"}),  # % and _ are letters, not wildcards
        ("5_0", set()),
        ("snake_case", {"Exchange students"}),
        ("visitors", set()),  # never across the end of the title and the start of the text
        ("経済対話", {"日中ハイレベル経済対話"}),
    ],
)
def test_every_word_is_found_in_the_title_or_the_text_in_any_case(
    viewer_client, commitments, words, found
):
    assert listed(viewer_client, q=words) == found


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN indexes are PostgreSQL's")
def test_a_counterparts_commitments_and_words_are_read_by_their_indexes(viewer_client, commitments):
    """With sequential scans ruled out, each filter's plan uses its index: the filters' SQL is
    what the indexes were built for (migration 0012)."""
    china = PartyFactory(code="CN")

    def plan(queryset) -> str:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            sql, params = queryset.query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            return "\n".join(row[0] for row in cursor.fetchall())

    assert "commitment_meeting_parties" in plan(Commitment.objects.for_counterpart(china))
    assert "commitment_search_trgm" in plan(Commitment.objects.matching("dialogue"))
    found = Commitment.objects.for_counterpart(china).matching("dialogue")
    assert [c.title for c in found] == ["Hold the dialogue"]


def test_the_filtered_list_reads_no_meeting_parties_on_postgresql(viewer_client, commitments):
    with CaptureQueriesContext(connection) as captured:
        listed(viewer_client, counterpart="CN", status="open", q="dialogue")

    reads_meeting_parties = any("meetings_meeting_parties" in q["sql"] for q in captured)
    assert reads_meeting_parties == (connection.vendor != "postgresql")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the indexes are PostgreSQL's")
def test_meetings_are_read_in_their_order_and_searched_by_their_indexes(db):
    """A meeting list's page walks the index in the list's order (newest first, undated
    drafts last), and a search reads the trigram indexes (migration 0026)."""
    from meetings.models import Meeting

    def plan(queryset) -> str:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            sql, params = queryset.query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            return "\n".join(row[0] for row in cursor.fetchall())

    assert "meeting_list_order" in plan(Meeting.objects.all()[:50])
    searched = plan(Meeting.objects.order_by().matching("ministers"))
    for index in ("meeting_title_trgm", "meeting_place_trgm", "meeting_occasion_trgm"):
        assert index in searched
