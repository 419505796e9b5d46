"""With Redis, rendered rows are kept in two tiers (``meetings.caching.layered.LayeredCache``): each
server process's memory in front of Redis, so a row one process rendered serves every other
process and server, and a failing Redis costs speed, never a page."""

import logging
import os

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import LAYERED_ROWS_CACHES
from tests.factories import CommitmentFactory

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def layered(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
        **LAYERED_ROWS_CACHES,
    }
    caches["rows"].clear()
    yield caches["rows"]
    caches["rows"].clear()


def list_page(client) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("commitment-list"))
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in captured]


def row_of(html: str, commitment) -> str:
    start = html.index(f'href="/commitments/{commitment.pk}/"')
    return html[start : html.index("</tr>", start)]


def fetched_rows(sqls: list[str]) -> bool:
    """Whether the page read the rows' topics, which only rendering a row needs."""
    return any("meetings_commitment_topics" in sql for sql in sqls)


def another_process(rows_cache) -> None:
    """What a second server process sees: the shared tier, and nothing in its own memory."""
    rows_cache.near.clear()


def test_a_row_rendered_in_one_process_is_not_rendered_again_in_another(layered, viewer_client):
    commitment = CommitmentFactory(title="Hold the security dialogue at an early date")
    first, sqls = list_page(viewer_client)
    assert fetched_rows(sqls)

    another_process(layered)
    again, sqls = list_page(viewer_client)

    assert not fetched_rows(sqls)
    assert commitment.title in row_of(again, commitment)
    assert row_of(again, commitment) == row_of(first, commitment)


def test_a_row_the_other_process_rendered_is_kept_in_this_process_s_memory(layered, viewer_client):
    CommitmentFactory()
    list_page(viewer_client)
    another_process(layered)
    list_page(viewer_client)
    layered.shared.clear()

    _, sqls = list_page(viewer_client)

    assert not fetched_rows(sqls)


def test_a_failing_shared_cache_costs_speed_not_the_page(
    layered, viewer_client, monkeypatch, caplog
):
    commitment = CommitmentFactory()

    def refuse(*args, **kwargs):
        raise ConnectionError("Connection refused")

    for method in ("get_many", "set_many"):
        monkeypatch.setattr(layered.shared, method, refuse)
    with caplog.at_level(logging.WARNING, logger="meetings.caching.layered"):
        html, sqls = list_page(viewer_client)

    assert commitment.title in html
    assert fetched_rows(sqls)
    assert "Shared cache 'shared-rows' failed to read: Connection refused" in caplog.text
    assert "failed to write" in caplog.text
    # This process still keeps what it rendered.
    _, sqls = list_page(viewer_client)
    assert not fetched_rows(sqls)


def test_single_values_pass_through_both_tiers(layered):
    layered.set("one", {"html": "<tr></tr>"})
    another_process(layered)

    assert layered.get("one") == {"html": "<tr></tr>"}
    assert layered.near.get("one") == {"html": "<tr></tr>"}
    assert layered.get("missing", "fallback") == "fallback"
    assert layered.add("one", "other") is False
    assert layered.add("two", 2) is True
    assert layered.has_key("two")
    assert layered.delete("two") is True
    assert not layered.has_key("two")
    assert layered.shared.get("two") is None


def redis_or_skip() -> str:
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    return REDIS_URL


def test_with_redis_a_row_rendered_once_serves_every_process(settings, viewer_client):
    url = redis_or_skip()
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
        "rows": LAYERED_ROWS_CACHES["rows"],
        "shared-rows": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "tracker-tests",
        },
    }
    rows_cache = caches["rows"]
    rows_cache.clear()
    try:
        commitment = CommitmentFactory()
        first, _ = list_page(viewer_client)
        another_process(rows_cache)

        again, sqls = list_page(viewer_client)

        assert not fetched_rows(sqls)
        assert row_of(again, commitment) == row_of(first, commitment)
    finally:
        rows_cache.clear()
