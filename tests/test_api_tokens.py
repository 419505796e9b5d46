"""API tokens: stored as digests, named, several per person, expiring, listed and revoked by
their owner through the API and the web page; the plain-text tokens of before are migrated."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from meetings import services
from meetings.models import ApiToken, digest_of
from tests.conftest import PASSWORD

pytest_plugins = ["tests.api_fixtures"]

TOKEN = "/api/v1/auth/token/"
TOKENS = "/api/v1/auth/tokens/"


def with_key(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


# Made through the API ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_token_is_named_expires_and_is_stored_only_as_its_digest(settings, anon_api, viewer):
    response = anon_api.post(
        TOKEN, {"username": "vera", "password": PASSWORD, "name": "nightly report"}
    )

    assert response.status_code == 200
    body = response.json()
    token = ApiToken.objects.get(user=viewer)
    assert token.name == body["name"] == "nightly report"
    assert token.digest == digest_of(body["token"])
    assert body["token"] not in {token.digest, token.prefix, token.name}
    assert token.prefix == body["token"][:8]
    lifetime = token.expires_at - token.created_at
    assert lifetime == datetime.timedelta(days=settings.API_TOKEN_DAYS)


@pytest.mark.django_db
def test_a_name_over_100_characters_answers_400(anon_api, viewer):
    response = anon_api.post(TOKEN, {"username": "vera", "password": PASSWORD, "name": "x" * 101})

    assert response.status_code == 400
    assert "name" in response.json()
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_an_expired_token_answers_401(viewer):
    token, key = services.create_api_token(user=viewer)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())

    response = with_key(key).get("/api/v1/commitments/")

    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


@pytest.mark.django_db
def test_using_a_token_notes_the_day(viewer):
    token, key = services.create_api_token(user=viewer)
    client = with_key(key)
    client.get("/api/v1/parties/")
    token.refresh_from_db()
    assert token.last_used_on == timezone.localdate()


@pytest.mark.django_db
def test_revoking_with_a_session_answers_400(viewer_client):
    response = viewer_client.delete(TOKEN)

    assert response.status_code == 400
    assert "Authorization" in response.json()["detail"]


# Listed and revoked by their owner ---------------------------------------------------------


@pytest.mark.django_db
def test_a_person_lists_their_own_live_tokens_without_the_keys(viewer_api, viewer, editor):
    _laptop, key = services.create_api_token(user=viewer, name="laptop")
    expired, _ = services.create_api_token(user=viewer, name="old")
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    services.create_api_token(user=editor, name="not yours")

    response = viewer_api.get(TOKENS)

    assert response.status_code == 200
    rows = response.json()
    assert {row["name"] for row in rows} == {"tests", "laptop"}
    assert key not in response.content.decode()
    assert set(rows[0]) == {"id", "name", "prefix", "created_at", "expires_at", "last_used_on"}


@pytest.mark.django_db
def test_a_person_revokes_one_of_their_tokens(viewer_api, viewer):
    laptop, key = services.create_api_token(user=viewer, name="laptop")

    response = viewer_api.delete(f"{TOKENS}{laptop.pk}/")

    assert response.status_code == 204
    assert not ApiToken.objects.filter(pk=laptop.pk).exists()
    assert with_key(key).get("/api/v1/parties/").status_code == 401
    assert viewer_api.get("/api/v1/parties/").status_code == 200


@pytest.mark.django_db
def test_another_persons_token_is_not_found(viewer_api, editor):
    theirs, _ = services.create_api_token(user=editor)

    assert viewer_api.get(f"{TOKENS}{theirs.pk}/").status_code == 404
    assert viewer_api.delete(f"{TOKENS}{theirs.pk}/").status_code == 404
    assert ApiToken.objects.filter(pk=theirs.pk).exists()


@pytest.mark.django_db
def test_the_token_list_needs_credentials(anon_api):
    assert anon_api.get(TOKENS).status_code == 401
    assert anon_api.delete(f"{TOKENS}1/").status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "patch"])
def test_tokens_are_made_only_with_a_password(viewer_api, method):
    assert getattr(viewer_api, method)(TOKENS, {}).status_code == 405


@pytest.mark.django_db
def test_someone_without_a_role_manages_their_tokens_too(outsider_api):
    assert outsider_api.get(TOKENS).status_code == 200


# The web page ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_tokens_page_makes_a_token_shown_once(viewer_client, viewer):
    response = viewer_client.post(reverse("api-tokens"), {"name": "spreadsheet"})

    assert response.status_code == 200
    key = response.context["new_key"]
    assert key in response.content.decode()
    assert ApiToken.objects.get(user=viewer).name == "spreadsheet"
    assert with_key(key).get("/api/v1/parties/").status_code == 200
    again = viewer_client.get(reverse("api-tokens"))
    assert "spreadsheet" in again.content.decode()
    assert key not in again.content.decode()


@pytest.mark.django_db
def test_the_tokens_page_refuses_a_name_too_long(viewer_client):
    response = viewer_client.post(reverse("api-tokens"), {"name": "x" * 101})

    assert response.status_code == 422
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_the_tokens_page_revokes_a_token(viewer_client, viewer):
    token, key = services.create_api_token(user=viewer, name="laptop")

    response = viewer_client.post(reverse("api-token-revoke", args=[token.pk]))

    assert response.status_code == 302
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert with_key(key).get("/api/v1/parties/").status_code == 401


@pytest.mark.django_db
def test_the_tokens_page_cannot_revoke_another_persons_token(viewer_client, editor):
    theirs, _ = services.create_api_token(user=editor)

    response = viewer_client.post(reverse("api-token-revoke", args=[theirs.pk]))

    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=theirs.pk).exists()


@pytest.mark.django_db
def test_revoking_on_the_page_takes_a_post(viewer_client, viewer):
    token, _ = services.create_api_token(user=viewer)

    assert viewer_client.get(reverse("api-token-revoke", args=[token.pk])).status_code == 405
    assert ApiToken.objects.filter(pk=token.pk).exists()


@pytest.mark.django_db
def test_the_tokens_and_account_pages_need_a_signed_in_user(client):
    for name in ("api-tokens", "account"):
        response = Client().get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_the_account_page_shows_the_second_factor_and_tokens(viewer_client, viewer):
    services.create_api_token(user=viewer)

    response = viewer_client.get(reverse("account"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "1 token in use" in page
    assert reverse("second-factor-setup") in page
