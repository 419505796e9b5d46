"""The CSV export holds exactly the rows the commitment list shows for the same query string."""

import csv
import datetime
import io

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from meetings.status import Review, Status
from tests.factories import (
    CommitmentFactory,
    MeetingFactory,
    PartyFactory,
    RequestFactory,
    TopicFactory,
    home_party,
)


@pytest.fixture
def rows(db):
    japan, china, korea = home_party(), PartyFactory(code="CN"), PartyFactory(code="KR")
    security = TopicFactory(slug="security", name="Security")
    busan = MeetingFactory(parties=[japan, china])
    seoul = MeetingFactory(parties=[japan, korea], held_on=datetime.date(2024, 3, 1))
    CommitmentFactory.create_batch(3, meeting=busan, topics=[security])
    CommitmentFactory(meeting=busan, status=Status.FULFILLED)
    RequestFactory(meeting=busan, due_on=datetime.date(2024, 1, 1))
    CommitmentFactory.create_batch(2, meeting=seoul, title="Seoul, with a comma")
    CommitmentFactory(meeting=seoul, review=Review.DRAFT, title="Draft from an import")
    CommitmentFactory.create_batch(55, meeting=seoul, status=Status.STALLED)


def export(client, query: str) -> list[dict]:
    response = client.get(f"{reverse('commitment-export')}?{query}")
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def listed_ids(client, query: str) -> list[int]:
    """Every id the list shows for ``query``, across all its pages."""
    ids: list[int] = []
    page = 1
    while True:
        response = client.get(f"{reverse('commitment-list')}?{query}&page={page}")
        assert response.status_code == 200
        ids += [c.pk for c in response.context["page"].object_list]
        if not response.context["page"].has_next():
            return ids
        page += 1


@pytest.mark.parametrize(
    "query",
    [
        "",
        "counterpart=CN",
        "counterpart=KR&open=true",
        "topic=security",
        "status=stalled",
        "status=open&status=fulfilled",
        "overdue=true",
        "q=comma",
        "review=draft",
        "kind=request",
        "ordering=-title",
    ],
)
def test_csv_holds_exactly_the_rows_the_list_shows(viewer_client, rows, query):
    exported = export(viewer_client, query)
    assert [int(row["id"]) for row in exported] == listed_ids(viewer_client, query)


def test_csv_leaves_drafts_out_unless_asked(viewer_client, rows):
    titles = {row["title"] for row in export(viewer_client, "")}
    assert "Draft from an import" not in titles
    assert {row["title"] for row in export(viewer_client, "review=draft")} == {
        "Draft from an import"
    }


def test_csv_keeps_commas_and_says_who_must_act(viewer_client, rows):
    exported = export(viewer_client, "q=comma")
    assert {row["title"] for row in exported} == {"Seoul, with a comma"}
    assert all(row["responsible"] == "JP KR" for row in exported)


def test_csv_lists_parties_and_topics_by_name_not_code(viewer_client, db):
    japan = home_party()  # "Japan", code JP
    albania = PartyFactory(code="ZA", name="Albania")
    commitment = CommitmentFactory(
        meeting=MeetingFactory(parties=[japan, albania]),
        topics=[
            TopicFactory(slug="aa-trade", name="Trade"),
            TopicFactory(slug="zz-aid", name="Aid"),
        ],
    )
    commitment.responsible.set([japan, albania])
    (row,) = export(viewer_client, "")
    assert row["responsible"] == "ZA JP"
    assert row["topics"] == "zz-aid aa-trade"


def test_csv_is_offered_as_a_download(viewer_client, rows):
    response = viewer_client.get(reverse("commitment-export"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]


def test_list_offers_the_export_with_the_same_query_string(viewer_client, rows):
    response = viewer_client.get(reverse("commitment-list"), {"counterpart": "CN", "page": 1})
    assert f'{reverse("commitment-export")}?counterpart=CN"'.encode() in response.content


def test_csv_export_is_refused_to_users_without_a_role(outsider_client, rows):
    assert outsider_client.get(reverse("commitment-export")).status_code == 403


def peak_while_streaming(client) -> int:
    """The most memory held at once while the export is read chunk by chunk, in bytes."""
    import tracemalloc

    tracemalloc.start()
    try:
        response = client.get(reverse("commitment-export"))
        lines = sum(chunk.count(b"\n") for chunk in response.streaming_content)
        return tracemalloc.get_traced_memory()[1], lines
    finally:
        tracemalloc.stop()


def test_csv_export_memory_stays_flat_as_rows_grow(viewer_client, db, monkeypatch):
    from meetings.selectors import export
    from meetings.web import views

    monkeypatch.setattr(export, "EXPORT_CHUNK", 25)
    monkeypatch.setattr(views, "CSV_ROWS_PER_CHUNK", 25)
    meeting = MeetingFactory(parties=[home_party(), PartyFactory(code="CN")])
    long_text = "The two sides shared the view to hold talks at an early date. " * 60
    CommitmentFactory.create_batch(50, meeting=meeting, text=long_text)
    peak_while_streaming(viewer_client)  # the first request's one-time costs
    few, few_lines = peak_while_streaming(viewer_client)
    CommitmentFactory.create_batch(350, meeting=meeting, text=long_text)
    many, many_lines = peak_while_streaming(viewer_client)
    assert (few_lines, many_lines) == (51, 401)
    # 350 more rows of about 4 KB each would add 1.4 MB if the export held them all.
    assert many - few < 400_000, (few, many)
