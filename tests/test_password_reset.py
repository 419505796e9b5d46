"""The password-reset addresses send no mail: they say to ask a manager, who sets a new
password with ``add_user --password-prompt`` or the admin."""

import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

ADDRESSES = [
    ("password_reset", []),
    ("password_reset_done", []),
    ("password_reset_confirm", ["MQ", "set-password"]),
    ("password_reset_complete", []),
]


@pytest.mark.parametrize("name,args", ADDRESSES)
def test_each_reset_address_says_to_ask_a_manager(client, name, args):
    response = client.get(reverse(name, args=args))

    assert response.status_code == 200
    assert "Ask a manager" in response.content.decode()


def test_asking_for_a_reset_of_a_registered_address_sends_no_mail(client, viewer):
    response = client.post(reverse("password_reset"), {"email": viewer.email})

    assert response.status_code == 200
    assert "Ask a manager" in response.content.decode()
    assert mail.outbox == []


def test_the_reset_page_answers_the_same_for_any_address(client, viewer):
    registered = client.post(reverse("password_reset"), {"email": viewer.email})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.org"})

    def without_csrf(response) -> str:
        return re.sub(r'value="[^"]{32,}"|"X-CSRFToken": "[^"]+"', "", response.content.decode())

    assert without_csrf(registered) == without_csrf(unknown)


def test_the_reset_page_answers_405_to_other_methods(client):
    assert client.put(reverse("password_reset")).status_code == 405


def test_the_sign_in_page_says_whom_to_ask(client):
    response = client.get(reverse("login"))

    assert "Ask a manager" in response.content.decode()
