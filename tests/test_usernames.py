"""Usernames in one spelling: stored normalised (NFKC, case-folded), found so at sign-in and
counted so by the lockout; a look-alike of an existing name (full-width, Cyrillic, Greek) is
refused by every door that makes people."""

import io

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from meetings.identity.usernames import normalise, skeleton
from tests.conftest import PASSWORD
from tests.identity_helpers import person_change_data, sign_in

pytestmark = pytest.mark.django_db

User = get_user_model()
FULL_WIDTH_VERA = "ｖｅｒａ"
CYRILLIC_VERA = "v\u0435r\u0430"  # Cyrillic ie and a
GREEK_VERA = "\u03bder\u03b1"  # Greek nu and alpha


def test_normal_form_and_skeleton():
    assert normalise(" VERA ") == normalise(FULL_WIDTH_VERA) == "vera"
    assert normalise(CYRILLIC_VERA) != "vera"
    assert skeleton(CYRILLIC_VERA) == skeleton(GREEK_VERA) == "vera"
    assert skeleton("user1") != skeleton("userl")


@pytest.mark.parametrize("typed", ["VERA", "Vera", FULL_WIDTH_VERA, " vera"])
def test_sign_in_finds_the_account_however_its_name_is_typed(client, viewer, typed):
    response = sign_in(client, typed)

    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_look_alike_name_signs_no_one_in(client, viewer):
    assert sign_in(client, CYRILLIC_VERA).status_code == 200


def test_the_lockout_counts_every_spelling_of_a_name_together(client, viewer):
    spellings = ["vera", "VERA", FULL_WIDTH_VERA, "Vera", "vERA"]
    for attempt, typed in enumerate(spellings[: settings.AXES_FAILURE_LIMIT], start=1):
        response = sign_in(client, typed, "a wrong guess")
        assert response.status_code == (429 if attempt == settings.AXES_FAILURE_LIMIT else 200)

    assert sign_in(client, "vera").status_code == 429


def test_the_api_finds_the_account_however_its_name_is_typed(viewer):
    from rest_framework.test import APIClient

    response = APIClient().post(
        "/api/v1/auth/token/", {"username": FULL_WIDTH_VERA, "password": PASSWORD}
    )

    assert response.status_code == 200
    assert response.json()["username"] == "vera"


# add_user ----------------------------------------------------------------------------------


def test_add_user_stores_the_normal_form(db):
    call_command("add_user", "Alice", role="viewer", stdout=io.StringIO())

    assert User.objects.filter(username="alice").exists()


def test_add_user_with_another_spelling_acts_on_the_same_account(viewer):
    out = io.StringIO()

    call_command("add_user", FULL_WIDTH_VERA, role="editor", stdout=out)

    assert "vera already existed" in out.getvalue()
    assert User.objects.count() == 1
    assert User.objects.get(pk=viewer.pk).groups.get().name == "editor"


@pytest.mark.parametrize("twin", [CYRILLIC_VERA, GREEK_VERA])
def test_add_user_refuses_a_look_alike_of_an_existing_name(viewer, twin):
    with pytest.raises(CommandError, match="looks like the existing vera"):
        call_command("add_user", twin, role="manager", stdout=io.StringIO())

    assert list(User.objects.values_list("username", flat=True)) == ["vera"]


# The admin and createsuperuser -------------------------------------------------------------


def admin_client(superuser) -> Client:
    client = Client()
    client.force_login(superuser)
    return client


def add_in_admin(client, username: str):
    return client.post(
        reverse("admin:auth_user_add"),
        {
            "username": username,
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
            "usable_password": "true",
        },
    )


@pytest.mark.parametrize("twin", [FULL_WIDTH_VERA, "VERA", CYRILLIC_VERA, GREEK_VERA])
def test_the_admin_refuses_a_twin_of_an_existing_name(superuser, viewer, twin):
    response = add_in_admin(admin_client(superuser), twin)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["username"]
    assert User.objects.count() == 2


def test_the_admin_stores_a_new_name_in_its_normal_form(superuser):
    response = add_in_admin(admin_client(superuser), "Alice")

    assert response.status_code == 302
    assert User.objects.filter(username="alice").exists()


def test_the_admin_refuses_renaming_someone_to_a_twin(superuser, viewer, editor):
    client = admin_client(superuser)
    url = reverse("admin:auth_user_change", args=[editor.pk])
    data = person_change_data(client, editor)
    data["username"] = CYRILLIC_VERA

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["username"]
    assert User.objects.get(pk=editor.pk).username == "eddie"


def test_createsuperuser_refuses_a_twin(viewer, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a long enough passphrase")

    with pytest.raises(CommandError, match="looks like the existing vera"):
        call_command(
            "createsuperuser",
            interactive=False,
            username=CYRILLIC_VERA,
            email="x@example.org",
            stdout=io.StringIO(),
        )
    with pytest.raises(CommandError, match="type vera2 instead"):
        call_command(
            "createsuperuser",
            interactive=False,
            username="VERA2",
            email="x@example.org",
            stdout=io.StringIO(),
        )
    assert User.objects.count() == 1


def test_createsuperuser_makes_a_name_in_its_normal_form(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a long enough passphrase")

    call_command(
        "createsuperuser",
        interactive=False,
        username="root2",
        email="x@example.org",
        stdout=io.StringIO(),
    )

    assert User.objects.get(username="root2").is_superuser


def test_a_name_older_than_the_rule_still_signs_in_by_its_exact_spelling(client, viewer):
    User.objects.create_user(username="Vera", password="another passphrase entirely")

    assert sign_in(client, "Vera", "another passphrase entirely").status_code == 302
    assert client.get(reverse("dashboard")).status_code == 403  # signed in, no role
    other = Client()
    assert sign_in(other, "VERA").status_code == 302
    assert other.get(reverse("dashboard")).status_code == 200
