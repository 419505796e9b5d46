"""Long lists are paged: the count is read once (then kept, see tests/test_cached_reads.py) and
each page by its ids first; the pages follow the list's order without repeating or losing a
row, on the web and in the API."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CommitmentFactory, MeetingFactory

pytest_plugins = ["tests.api_fixtures"]


@pytest.fixture
def many(db):
    meeting = MeetingFactory()
    return [CommitmentFactory(meeting=meeting, paragraph=str(n)) for n in range(1, 8)]


def list_page(client, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("commitment-list"), params)
    assert response.status_code == 200
    return response, [query["sql"] for query in captured]


def test_the_pages_follow_the_list_s_order(viewer_client, many, monkeypatch):
    monkeypatch.setattr("meetings.web.views.PAGE_SIZE", 3)

    pages = [list_page(viewer_client, page=n)[0].context["page"] for n in (1, 2, 3)]

    assert [c.pk for page in pages for c in page] == [c.pk for c in many]
    assert pages[0].paginator.count == 7
    assert pages[0].paginator.num_pages == 3


def test_nothing_matching_is_an_empty_first_page(viewer_client, many):
    response, _ = list_page(viewer_client, q="nothing of the sort")

    assert response.context["page"].paginator.count == 0
    assert list(response.context["page"]) == []


def test_a_page_past_the_end_shows_the_last_one(viewer_client, many, monkeypatch):
    monkeypatch.setattr("meetings.web.views.PAGE_SIZE", 3)

    response, _ = list_page(viewer_client, page=9)

    assert response.context["page"].number == 3
    assert [c.pk for c in response.context["page"]] == [many[6].pk]


def test_the_api_pages_agree_with_the_count(viewer_api, many):
    first = viewer_api.get(reverse("api:commitment-list"), {"page_size": 5}).json()
    second = viewer_api.get(reverse("api:commitment-list"), {"page_size": 5, "page": 2}).json()

    assert first["count"] == second["count"] == 7
    ids = [row["id"] for row in first["results"] + second["results"]]
    assert ids == [c.pk for c in many]


def test_a_page_reads_its_rows_by_their_ids(viewer_client, many, monkeypatch):
    monkeypatch.setattr("meetings.web.views.PAGE_SIZE", 3)

    _, sqls = list_page(viewer_client, page=2)

    shown = [sql for sql in sqls if "meetings_commitment_topics" in sql]
    assert len(shown) == 1
    assert f"IN ({many[3].pk}, {many[4].pk}, {many[5].pk})" in shown[0]


def test_a_first_visit_of_few_matches_counts_them_from_the_page_s_own_read(viewer_client, many):
    _, sqls = list_page(viewer_client, q="dialogue")

    counts = [sql for sql in sqls if "COUNT(" in sql and "meetings_commitment" in sql]
    reads = [sql for sql in sqls if "LIMIT 2001" in sql]
    assert counts == [] and len(reads) == 1


def test_a_list_sorted_by_a_chosen_column_is_counted_apart(viewer_client, many):
    response, sqls = list_page(viewer_client, ordering="title")

    assert [sql for sql in sqls if "COUNT(" in sql and "meetings_commitment" in sql]
    assert response.context["page"].paginator.count == 7
