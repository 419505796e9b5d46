"""A list page whose count is not cached yet, where the database reads and sorts every match
anyway, is counted in its own page query (``meetings.paging``); either way the count and the
rows are the ones a separate count and page would give."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import paging
from meetings.models import Commitment
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
def sorted_in_full(monkeypatch):
    """As PostgreSQL plans a counterpart's commitments searched for a word."""
    monkeypatch.setattr(paging, "sorts_every_match", lambda queryset: True)


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


def counted_pages(sqls):
    return [sql for sql in sqls if "COUNT(*) OVER ()" in sql]


def test_a_page_new_to_the_cache_is_counted_in_its_own_query(
    counts_cached, sorted_in_full, viewer_client, many, monkeypatch
):
    monkeypatch.setattr("meetings.views.PAGE_SIZE", 3)

    response, sqls = list_page(viewer_client, page=2)

    assert len(counted_pages(sqls)) == 1
    assert plain_counts(sqls) == []
    page = response.context["page"]
    assert page.paginator.count == 7
    assert page.paginator.num_pages == 3
    assert [c.pk for c in page] == [c.pk for c in many[3:6]]


def test_the_count_it_made_is_kept_for_the_next_pages(
    counts_cached, sorted_in_full, viewer_client, many, monkeypatch
):
    monkeypatch.setattr("meetings.views.PAGE_SIZE", 3)
    list_page(viewer_client)

    response, sqls = list_page(viewer_client, page=3)

    assert counted_pages(sqls) == plain_counts(sqls) == []
    assert [c.pk for c in response.context["page"]] == [many[6].pk]


def test_nothing_matching_is_an_empty_first_page_counted_once(
    counts_cached, sorted_in_full, viewer_client, many
):
    response, sqls = list_page(viewer_client, q="nothing of the sort")

    assert response.context["page"].paginator.count == 0
    assert list(response.context["page"]) == []
    assert plain_counts(sqls) == []


def test_a_page_past_the_end_shows_the_last_one_as_before(
    counts_cached, sorted_in_full, viewer_client, many, monkeypatch
):
    monkeypatch.setattr("meetings.views.PAGE_SIZE", 3)

    response, _ = list_page(viewer_client, page=9)

    assert response.context["page"].number == 3
    assert [c.pk for c in response.context["page"]] == [many[6].pk]


def test_the_api_list_counts_in_its_page_query_too(counts_cached, sorted_in_full, viewer_api, many):
    with CaptureQueriesContext(connection) as captured:
        response = viewer_api.get(reverse("api:commitment-list"), {"page_size": 5, "page": 2})

    assert response.status_code == 200
    assert response.json()["count"] == 7
    assert [row["id"] for row in response.json()["results"]] == [c.pk for c in many[5:]]
    assert len(counted_pages([query["sql"] for query in captured])) == 1


def test_where_the_database_walks_an_index_the_count_is_its_own_query(
    counts_cached, viewer_client, many, monkeypatch
):
    monkeypatch.setattr(paging, "sorts_every_match", lambda queryset: False)

    response, sqls = list_page(viewer_client)

    assert counted_pages(sqls) == []
    assert len(plain_counts(sqls)) == 1
    assert response.context["page"].paginator.count == 7


@pytest.mark.django_db
def test_postgresql_is_asked_whether_it_sorts_every_match():
    unindexed_order = Commitment.objects.order_by("title").values_list("pk")[:50]
    expected = connection.vendor == "postgresql"  # elsewhere: never assumed

    assert paging.sorts_every_match(unindexed_order) is expected


@pytest.mark.django_db
def test_the_planner_is_asked_once_per_query_shape(monkeypatch):
    monkeypatch.setattr(paging, "_SORTS_BY_SHAPE", {})
    by_title = Commitment.objects.order_by("title").values_list("pk")

    with CaptureQueriesContext(connection) as captured:
        first = paging.sorts_every_match(by_title.filter(title__icontains="visit")[:50])
        second = paging.sorts_every_match(by_title.filter(title__icontains="dialogue")[:50])

    asked = [query["sql"] for query in captured if query["sql"].startswith("EXPLAIN")]
    assert len(asked) == (1 if connection.vendor == "postgresql" else 0)
    assert first == second
