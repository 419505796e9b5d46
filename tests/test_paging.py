"""A list page whose count is not cached yet, where few rows match, is counted from one query
of every match's id in order (``meetings.paging``); where many match, the count is a query of
its own. Either way the count and the rows are the ones a separate count and page would
give."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.caching import paging
from tests.factories import CommitmentFactory, MeetingFactory

pytest_plugins = ["tests.api_fixtures"]


@pytest.fixture
def counts_cached(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "rows": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def few_match():
    """Seven commitments are few (fewer than ``FEW_MATCHES``)."""
    assert paging.FEW_MATCHES >= 7


@pytest.fixture
def many(db):
    meeting = MeetingFactory()
    return [CommitmentFactory(meeting=meeting, paragraph=str(n)) for n in range(1, 8)]


def list_page(client, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("commitment-list"), params)
    assert response.status_code == 200
    return response, [query["sql"] for query in captured]


def plain_counts(sqls):
    return [sql for sql in sqls if "COUNT(*)" in sql and "OVER" not in sql and "cache" not in sql]


def reads_of_every_match(sqls):
    return [sql for sql in sqls if f"LIMIT {paging.FEW_MATCHES + 1}" in sql]


def test_a_page_new_to_the_cache_is_counted_from_its_matches(
    counts_cached, few_match, viewer_client, many, monkeypatch
):
    monkeypatch.setattr("meetings.web.views.PAGE_SIZE", 3)

    response, sqls = list_page(viewer_client, page=2)

    assert len(reads_of_every_match(sqls)) == 1
    assert plain_counts(sqls) == []
    page = response.context["page"]
    assert page.paginator.count == 7
    assert page.paginator.num_pages == 3
    assert [c.pk for c in page] == [c.pk for c in many[3:6]]


def test_the_count_it_made_is_kept_for_the_next_pages(
    counts_cached, few_match, viewer_client, many, monkeypatch
):
    monkeypatch.setattr("meetings.web.views.PAGE_SIZE", 3)
    list_page(viewer_client)

    response, sqls = list_page(viewer_client, page=3)

    assert reads_of_every_match(sqls) == plain_counts(sqls) == []
    assert [c.pk for c in response.context["page"]] == [many[6].pk]


def test_nothing_matching_is_an_empty_first_page_counted_once(
    counts_cached, few_match, viewer_client, many
):
    response, sqls = list_page(viewer_client, q="nothing of the sort")

    assert response.context["page"].paginator.count == 0
    assert list(response.context["page"]) == []
    assert plain_counts(sqls) == []


def test_a_page_past_the_end_shows_the_last_one_as_before(
    counts_cached, few_match, viewer_client, many, monkeypatch
):
    monkeypatch.setattr("meetings.web.views.PAGE_SIZE", 3)

    response, _ = list_page(viewer_client, page=9)

    assert response.context["page"].number == 3
    assert [c.pk for c in response.context["page"]] == [many[6].pk]


def test_the_api_list_counts_its_matches_too(counts_cached, few_match, viewer_api, many):
    with CaptureQueriesContext(connection) as captured:
        response = viewer_api.get(reverse("api:commitment-list"), {"page_size": 5, "page": 2})

    assert response.status_code == 200
    assert response.json()["count"] == 7
    assert [row["id"] for row in response.json()["results"]] == [c.pk for c in many[5:]]
    assert len(reads_of_every_match([query["sql"] for query in captured])) == 1
    assert plain_counts([query["sql"] for query in captured]) == []


def test_where_many_match_the_count_is_its_own_query(
    counts_cached, viewer_client, many, monkeypatch
):
    monkeypatch.setattr(paging, "FEW_MATCHES", 5)
    monkeypatch.setattr("meetings.web.views.PAGE_SIZE", 3)

    response, sqls = list_page(viewer_client, page=2)

    assert len(reads_of_every_match(sqls)) == 1
    assert len(plain_counts(sqls)) == 1
    page = response.context["page"]
    assert page.paginator.count == 7
    assert [c.pk for c in page] == [c.pk for c in many[3:6]]


def test_exactly_few_matches_are_counted_from_their_ids(
    counts_cached, viewer_client, many, monkeypatch
):
    monkeypatch.setattr(paging, "FEW_MATCHES", 7)

    response, sqls = list_page(viewer_client)

    assert plain_counts(sqls) == []
    assert response.context["page"].paginator.count == 7


def test_sorted_by_a_column_the_matches_are_read_in_no_order_and_the_page_among_them(
    counts_cached, few_match, viewer_client, many, monkeypatch
):
    monkeypatch.setattr("meetings.web.views.PAGE_SIZE", 3)
    for n, commitment in enumerate(many):
        commitment.title = f"Title {7 - n}"  # the reverse of their paragraphs' order
        commitment.save(update_fields=["title"])

    response, sqls = list_page(viewer_client, ordering="title", page=2)

    (read,) = reads_of_every_match(sqls)
    assert "ORDER BY" not in read
    assert plain_counts(sqls) == []
    page = response.context["page"]
    assert page.paginator.count == 7
    assert [c.pk for c in page] == [c.pk for c in reversed(many[1:4])]


def test_sorted_by_a_column_where_many_match_nothing_is_sorted_in_vain(
    counts_cached, viewer_client, many, monkeypatch
):
    monkeypatch.setattr(paging, "FEW_MATCHES", 5)

    response, sqls = list_page(viewer_client, ordering="title")

    (read,) = reads_of_every_match(sqls)
    assert "ORDER BY" not in read
    assert len(plain_counts(sqls)) == 1
    assert response.context["page"].paginator.count == 7
