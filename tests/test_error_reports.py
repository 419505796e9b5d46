"""Server errors reach the administrators by mail; every log line is one JSON object carrying
its request's id, which the answer carries too (``X-Request-ID``), taken from the proxy."""

import io
import json
import logging

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from meetings.web import views
from tracker.settings import env_addresses

pytestmark = pytest.mark.django_db


@pytest.fixture
def admins(settings):
    settings.ADMINS = ["Operations <ops@example.org>"]


@pytest.fixture
def broken_dashboard(monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("the dashboard's figures could not be read")

    monkeypatch.setattr(views.selectors, "cached_dashboard_figures", fail)


@pytest.fixture
def log_lines():
    """What the console handler (tracker/settings.py LOGGING) writes, as parsed JSON."""
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "name", "") == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    lines: list[dict] = []
    yield lambda: lines.extend(json.loads(line) for line in stream.getvalue().splitlines()) or lines
    handler.setStream(previous)


def test_a_server_error_is_mailed_to_the_administrators_with_its_request_id(
    viewer_client, admins, broken_dashboard
):
    viewer_client.raise_request_exception = False

    response = viewer_client.get("/", HTTP_X_REQUEST_ID="proxy-req-42")

    assert response.status_code == 500
    assert response["X-Request-ID"] == "proxy-req-42"
    (message,) = mail.outbox
    assert message.to == ["Operations <ops@example.org>"]
    assert "Internal Server Error: /" in message.subject
    assert "Request id: proxy-req-42" in message.body
    assert "the dashboard's figures could not be read" in message.body


def test_with_debug_on_the_error_page_shows_it_and_nothing_is_mailed(
    viewer_client, admins, broken_dashboard, settings
):
    settings.DEBUG = True
    viewer_client.raise_request_exception = False

    response = viewer_client.get("/")

    assert response.status_code == 500
    assert mail.outbox == []


def test_every_log_line_of_a_request_is_json_with_the_request_id(viewer_client, log_lines):
    response = viewer_client.get("/commitments/999999/", HTTP_X_REQUEST_ID="edge-7f3a")

    assert response.status_code == 404
    assert response["X-Request-ID"] == "edge-7f3a"
    lines = [line for line in log_lines() if line["logger"] == "django.request"]
    assert lines, "the 404 was logged"
    (line,) = lines
    assert line["level"] == "WARNING"
    assert line["message"] == "Not Found: /commitments/999999/"
    assert line["request_id"] == "edge-7f3a"
    assert line["time"]


def test_a_request_without_an_id_gets_a_new_one_in_its_answer_and_its_lines(
    viewer_client, log_lines
):
    response = viewer_client.get("/commitments/999999/")

    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    assert [line["request_id"] for line in log_lines() if line["logger"] == "django.request"] == [
        request_id
    ]


@pytest.mark.parametrize("sent", ["has spaces", "x" * 65, "semi;colon", "ünïcode"])
def test_an_id_from_outside_that_is_not_one_is_replaced(sent):
    response = Client().get("/accounts/login/", HTTP_X_REQUEST_ID=sent)

    assert response["X-Request-ID"] != sent
    assert len(response["X-Request-ID"]) == 32


def test_a_line_logged_outside_a_request_has_no_request_id(viewer_client, log_lines):
    viewer_client.get("/")  # a request before does not leave its id behind

    logging.getLogger("meetings").warning("a command ran")

    (line,) = [line for line in log_lines() if line["message"] == "a command ran"]
    assert line["request_id"] is None


def test_admins_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("ADMINS", "Operations <ops@example.org>, security@example.org")

    assert env_addresses("ADMINS") == ["Operations <ops@example.org>", "security@example.org"]


def test_admins_that_are_not_addresses_refuse_to_start(monkeypatch):
    monkeypatch.setenv("ADMINS", "operations")

    with pytest.raises(ImproperlyConfigured, match="ADMINS"):
        env_addresses("ADMINS")
