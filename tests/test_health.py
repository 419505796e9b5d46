"""``/healthz``: what a load balancer asks, without logging in."""

import pytest
from django.db.utils import OperationalError
from django.test import Client
from django.urls import reverse

from meetings.web import health

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_to_anonymous_visitors():
    response = Client().get(reverse("healthz"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}


def test_healthz_is_never_cached():
    response = Client().get(reverse("healthz"))

    assert "no-cache" in response["Cache-Control"]


def test_healthz_only_answers_get():
    response = Client().post(reverse("healthz"))

    assert response.status_code == 405


def test_healthz_answers_503_when_the_database_is_unreachable(monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", BrokenConnection())

    response = Client().get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}
