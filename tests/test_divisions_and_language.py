"""Where people work and the language they are written to in: a person's divisions (set by
add_user --division and in the admin) and their preferred language (the last one they chose,
on the account page or the footer)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from meetings.models import Account
from tests.factories import DivisionFactory
from tests.identity_helpers import person_change_data

User = get_user_model()


def divisions_of(user) -> list[str]:
    return sorted(Account.objects.get(user=user).divisions.values_list("code", flat=True))


@pytest.fixture
def china_desk(db):
    return DivisionFactory(code="CMD", name="China and Mongolia Division")


@pytest.fixture
def security(db):
    return DivisionFactory(code="ESD", name="Economic Security Division")


def add_user(*args) -> str:
    out = io.StringIO()
    call_command("add_user", *args, stdout=out)
    return out.getvalue()


def test_add_user_puts_a_new_person_in_the_divisions_named(china_desk, security):
    out = add_user("mei", "--role", "editor", "--division", "CMD", "--division", "ESD")

    assert divisions_of(User.objects.get(username="mei")) == ["CMD", "ESD"]
    assert "Divisions of mei: CMD, ESD." in out


def test_add_user_without_division_keeps_an_existing_persons_divisions(china_desk, editor):
    add_user(editor.username, "--role", "editor", "--division", "CMD")

    add_user(editor.username, "--role", "manager")

    assert divisions_of(editor) == ["CMD"]


def test_add_user_with_division_replaces_the_persons_divisions(china_desk, security, editor):
    add_user(editor.username, "--role", "editor", "--division", "CMD")

    add_user(editor.username, "--role", "editor", "--division", "ESD")

    assert divisions_of(editor) == ["ESD"]


def test_add_user_with_an_unknown_division_changes_nothing_and_names_the_known_codes(
    china_desk,
):
    with pytest.raises(CommandError, match=r"No division with the code XYZ.*Known codes: CMD"):
        add_user("mei", "--role", "editor", "--division", "XYZ")

    assert not User.objects.filter(username="mei").exists()


def test_a_superuser_sets_divisions_and_language_on_the_persons_admin_page(
    superuser, editor, china_desk, security
):
    admin = Client()
    admin.force_login(superuser)
    data = person_change_data(admin, editor)
    data["account-0-divisions"] = [str(security.pk)]
    data["account-0-language"] = "ja"

    response = admin.post(reverse("admin:auth_user_change", args=[editor.pk]), data)

    assert response.status_code == 302, response.context["inline_admin_formsets"]
    account = Account.objects.get(user=editor)
    assert divisions_of(editor) == ["ESD"]
    assert account.language == "ja"
    assert account.preferred_language == "ja"


def test_the_admin_add_page_makes_the_person_first(superuser, db):
    admin = Client()
    admin.force_login(superuser)

    page = admin.get(reverse("admin:auth_user_add"))

    assert page.status_code == 200
    assert page.context["inline_admin_formsets"] == []


def test_choosing_a_language_remembers_it_for_the_persons_mail(editor_client, editor):
    response = editor_client.post(
        reverse("set_language"), {"language": "ja", "next": reverse("account")}
    )

    assert response.status_code == 302
    assert Account.objects.get(user=editor).preferred_language == "ja"
    assert editor_client.get(reverse("account")).wsgi_request.LANGUAGE_CODE == "ja"


def test_a_person_who_never_chose_is_written_to_in_the_sites_language(editor, settings):
    settings.LANGUAGE_CODE = "en"
    account, _ = Account.objects.get_or_create(user=editor)

    assert account.preferred_language == "en"


def test_choosing_a_language_signed_out_switches_the_pages_only(client, db):
    response = client.post(reverse("set_language"), {"language": "ja", "next": "/"})

    assert response.status_code == 302
    assert not Account.objects.exists()


def test_an_unknown_language_is_not_remembered(editor_client, editor):
    editor_client.post(reverse("set_language"), {"language": "xx", "next": "/"})

    assert not Account.objects.filter(user=editor).exclude(language="").exists()


def test_the_account_page_lists_the_persons_divisions(editor_client, editor, china_desk):
    add_user(editor.username, "--role", "editor", "--division", "CMD")

    page = editor_client.get(reverse("account"))

    assert "China and Mongolia Division" in page.content.decode()


def test_the_account_page_says_so_when_the_person_is_in_no_division(editor_client):
    page = editor_client.get(reverse("account"))

    assert "You are in no division yet." in page.content.decode()


def test_the_demo_desk_officers_work_in_the_china_desk(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())

    assert divisions_of(User.objects.get(username="demo-editor")) == ["CMD"]
    assert divisions_of(User.objects.get(username="demo-viewer")) == ["CMD"]
