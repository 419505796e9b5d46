"""Sessions end when idle too long, when too old, and when their person's password changes
or account is deactivated, whatever door did it; API tokens end with them."""

import io
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from meetings import services
from meetings.identity import sessions
from meetings.models import ApiToken
from tests.conftest import PASSWORD
from tests.identity_helpers import person_change_data

pytest_plugins = ["tests.api_fixtures"]


class QuickPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    iterations = 1


pytestmark = pytest.mark.django_db


def age(client, **seconds_ago) -> None:
    """Move this session's sign-in and last use back in time."""
    session = client.session
    for key, ago in seconds_ago.items():
        session[key] = time.time() - ago
    session.save()


def signed_in(client) -> bool:
    return client.get(reverse("dashboard")).status_code == 200


def test_a_session_ends_after_the_idle_limit(settings, viewer_client):
    age(viewer_client, seen_at=settings.SESSION_IDLE_MINUTES * 60 + 5)

    response = viewer_client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    page = viewer_client.get(response["Location"])
    assert "minutes without activity" in page.content.decode()
    assert not signed_in(viewer_client)


def test_a_session_in_use_lasts(settings, viewer_client):
    age(viewer_client, seen_at=settings.SESSION_IDLE_MINUTES * 60 - 60)

    assert signed_in(viewer_client)
    # The use is noted (at most once a minute), so the idle time starts again.
    assert time.time() - viewer_client.session[sessions.SEEN_AT] < 60


def test_a_session_ends_after_its_lifetime_even_in_use(settings, viewer_client):
    age(viewer_client, signed_in_at=settings.SESSION_MAX_HOURS * 3600 + 5, seen_at=1)

    assert not signed_in(viewer_client)


def test_the_limits_are_settings(settings, viewer_client):
    settings.SESSION_IDLE_MINUTES = 1
    age(viewer_client, seen_at=90)

    assert not signed_in(viewer_client)


def test_the_session_cookie_lasts_no_longer_than_the_lifetime(settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_MAX_HOURS * 3600


def test_a_session_from_before_the_limits_ends(viewer_client):
    session = viewer_client.session
    del session[sessions.SIGNED_IN_AT]
    session.save()

    assert not signed_in(viewer_client)


def test_an_idle_session_answers_the_api_401(settings, viewer):
    client = Client()
    client.force_login(viewer)
    assert client.get("/api/v1/commitments/").status_code == 200
    age(client, seen_at=settings.SESSION_IDLE_MINUTES * 60 + 5)

    assert client.get("/api/v1/commitments/").status_code in (401, 403)


# Deactivation and password changes ---------------------------------------------------------


def test_a_session_opened_before_a_deactivation_stays_ended_after_reactivation(
    viewer_client, viewer
):
    viewer.is_active = False
    viewer.save()
    viewer.is_active = True
    viewer.save()

    assert not signed_in(viewer_client)
    fresh = Client()
    fresh.post(reverse("login"), {"username": viewer.username, "password": PASSWORD})
    assert signed_in(fresh)


def test_deactivation_revokes_every_api_token(viewer_api, viewer):
    services.create_api_token(user=viewer, name="second")
    user = get_user_model().objects.get(pk=viewer.pk)
    user.is_active = False
    user.save(update_fields=["is_active"])

    assert not ApiToken.objects.filter(user=viewer).exists()
    user.is_active = True
    user.save()
    assert viewer_api.get("/api/v1/commitments/").status_code == 401


def test_a_plain_save_of_a_new_password_ends_sessions_and_tokens(viewer_client, viewer_api, viewer):
    user = get_user_model().objects.get(pk=viewer.pk)
    user.set_password("an entirely new passphrase")
    user.save()

    assert not signed_in(viewer_client)
    assert viewer_api.get("/api/v1/commitments/").status_code == 401


def test_changepassword_ends_sessions_and_tokens(monkeypatch, viewer_client, viewer_api, viewer):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "an entirely new passphrase")

    call_command("changepassword", viewer.username, stdout=io.StringIO())

    assert not signed_in(viewer_client)
    assert not ApiToken.objects.filter(user=viewer).exists()


def test_add_user_with_a_new_password_ends_sessions_and_tokens(
    monkeypatch, viewer_client, viewer_api, viewer
):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "an entirely new passphrase")

    out = io.StringIO()
    call_command("add_user", viewer.username, role="viewer", password_prompt=True, stdout=out)

    assert "New password set" in out.getvalue()
    assert get_user_model().objects.get(pk=viewer.pk).check_password("an entirely new passphrase")
    assert not signed_in(viewer_client)
    assert not ApiToken.objects.filter(user=viewer).exists()


def test_add_user_changing_only_a_role_ends_nothing(viewer_client, viewer_api, viewer):
    call_command("add_user", viewer.username, role="editor", stdout=io.StringIO())

    assert signed_in(viewer_client)
    assert viewer_api.get("/api/v1/commitments/").status_code == 200


def test_a_password_set_in_the_admin_ends_the_persons_sessions_and_tokens(
    superuser, viewer_client, viewer_api, viewer
):
    admin = Client()
    admin.force_login(superuser)
    url = reverse("admin:auth_user_password_change", args=[viewer.pk])

    response = admin.post(
        url,
        {
            "password1": "an entirely new passphrase",
            "password2": "an entirely new passphrase",
            "usable_password": "true",
        },
    )

    assert response.status_code == 302
    assert not signed_in(viewer_client)
    assert viewer_api.get("/api/v1/commitments/").status_code == 401
    assert admin.get(reverse("admin:index")).status_code == 200


def test_deactivating_in_the_admin_ends_the_persons_sessions_for_good(
    superuser, viewer_client, viewer
):
    admin = Client()
    admin.force_login(superuser)
    url = reverse("admin:auth_user_change", args=[viewer.pk])
    data = person_change_data(admin, viewer, leave_out={"is_active"})

    response = admin.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    user = get_user_model().objects.get(pk=viewer.pk)
    assert not user.is_active
    user.is_active = True
    user.save()
    assert not signed_in(viewer_client)


# Real commits: each request's person is kept until a write to people commits, as in production
# (meetings/caching); in a test's own transaction nothing commits.
@pytest.mark.usefixtures("django_db_serialized_rollback", "transactional_db")
def test_changing_your_own_password_signs_you_out_everywhere(viewer_client, viewer_api, viewer):
    elsewhere = Client()
    elsewhere.force_login(viewer)

    response = viewer_client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "an entirely new passphrase",
            "new_password2": "an entirely new passphrase",
        },
    )

    assert response.status_code == 302
    assert not signed_in(viewer_client)
    assert not signed_in(elsewhere)
    assert viewer_api.get("/api/v1/commitments/").status_code == 401
    page = viewer_client.get(reverse("login"))
    assert "Your password was changed" in page.content.decode()


def test_other_peoples_sessions_are_left_alone(viewer_client, editor_client, viewer):
    user = get_user_model().objects.get(pk=viewer.pk)
    user.is_active = False
    user.save()

    assert signed_in(editor_client)


def test_a_password_hash_upgraded_at_sign_in_revokes_nothing(settings, viewer_api, viewer):
    # Django rehashes a password with its preferred hasher when someone signs in.
    settings.PASSWORD_HASHERS = [
        "tests.test_sessions.QuickPBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    client = Client()

    client.post(reverse("login"), {"username": viewer.username, "password": PASSWORD})

    assert get_user_model().objects.get(pk=viewer.pk).password.startswith("pbkdf2_sha256$1$")
    assert signed_in(client)
    assert viewer_api.get("/api/v1/commitments/").status_code == 200
