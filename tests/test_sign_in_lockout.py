"""Guessing passwords: after too many failed sign-ins for one username from one address, that
pair is refused for a while (429), on the sign-in page and the API's token endpoint alike."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import PASSWORD

pytest_plugins = ["tests.api_fixtures"]

TOKEN = "/api/v1/auth/token/"


def sign_in(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def fail(client, username: str, times: int) -> None:
    """``times`` wrong passwords; the last answers 429 when it reaches the limit."""
    for attempt in range(1, times + 1):
        response = sign_in(client, username, "a wrong guess")
        locked = attempt >= settings.AXES_FAILURE_LIMIT
        assert response.status_code == (429 if locked else 200)


@pytest.fixture
def limit() -> int:
    return settings.AXES_FAILURE_LIMIT


def test_too_many_wrong_passwords_lock_the_sign_in_even_with_the_right_one(client, editor, limit):
    fail(client, editor.username, limit)
    response = sign_in(client, editor.username, PASSWORD)
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert int(response["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    assert client.get(reverse("dashboard")).status_code == 302  # not signed in


def test_a_sign_in_before_the_limit_clears_the_count(client, editor, limit):
    fail(client, editor.username, limit - 1)
    assert sign_in(client, editor.username, PASSWORD).status_code == 302
    client.logout()
    fail(client, editor.username, limit - 1)
    assert sign_in(client, editor.username, PASSWORD).status_code == 302


def test_the_lock_holds_one_username_from_one_address_not_everyone(client, editor, viewer, limit):
    fail(client, editor.username, limit)
    assert sign_in(client, viewer.username, PASSWORD).status_code == 302
    elsewhere = {"REMOTE_ADDR": "203.0.113.9"}
    response = client.post(
        reverse("login"), {"username": editor.username, "password": PASSWORD}, **elsewhere
    )
    assert response.status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, editor, limit):
    from axes.models import AccessAttempt

    fail(client, editor.username, limit)
    assert sign_in(client, editor.username, PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC)
        - settings.AXES_COOLOFF_TIME
        - datetime.timedelta(minutes=1)
    )
    assert sign_in(client, editor.username, PASSWORD).status_code == 302


def test_a_manager_lifts_the_lock_with_a_command(client, editor, limit):
    fail(client, editor.username, limit)
    call_command("axes_reset_username", editor.username, stdout=io.StringIO())
    assert sign_in(client, editor.username, PASSWORD).status_code == 302


def test_the_api_token_endpoint_counts_and_refuses_alike(anon_api, editor, limit):
    for attempt in range(1, limit):
        response = anon_api.post(TOKEN, {"username": editor.username, "password": "guess"})
        assert response.status_code == 400, attempt
    response = anon_api.post(TOKEN, {"username": editor.username, "password": "guess"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    response = anon_api.post(TOKEN, {"username": editor.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.json()["detail"]
    assert "token" not in response.json()


def test_failures_on_the_sign_in_page_lock_the_api_too(client, anon_api, editor, limit):
    fail(client, editor.username, limit)
    response = anon_api.post(TOKEN, {"username": editor.username, "password": PASSWORD})
    assert response.status_code == 429


def test_the_admin_signs_in_through_the_tracker_sign_in_page(client, manager):
    admin_login = reverse("admin:login")

    response = client.get(f"{admin_login}?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/admin/"
    # A password posted to the admin's own address signs no one in.
    response = client.post(admin_login, {"username": manager.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 302
