"""Signing in to the API: tokens for scripts, sessions for the browser, the docs behind both."""

import pytest
from rest_framework.test import APIClient

from meetings.models import ApiToken, digest_of
from tests.conftest import PASSWORD

pytest_plugins = ["tests.api_fixtures"]
pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"


def test_a_user_exchanges_username_and_password_for_a_token(anon_api, viewer):
    response = anon_api.post(TOKEN, {"username": "vera", "password": PASSWORD})

    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "vera"
    assert ApiToken.objects.get(user=viewer).digest == digest_of(body["token"])


def test_asking_twice_makes_two_tokens(anon_api, viewer):
    first = anon_api.post(TOKEN, {"username": "vera", "password": PASSWORD}).json()["token"]
    second = anon_api.post(TOKEN, {"username": "vera", "password": PASSWORD}).json()["token"]

    assert first != second
    assert ApiToken.objects.filter(user=viewer).count() == 2


def test_the_token_reads_the_api(anon_api, viewer):
    key = anon_api.post(TOKEN, {"username": "vera", "password": PASSWORD}).json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    assert client.get("/api/v1/commitments/").status_code == 200


def test_a_wrong_password_answers_400_and_makes_no_token(anon_api, viewer):
    response = anon_api.post(TOKEN, {"username": "vera", "password": "wrong"})

    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    assert not ApiToken.objects.exists()


def test_an_inactive_user_gets_no_token(anon_api, viewer):
    viewer.is_active = False
    viewer.save()

    response = anon_api.post(TOKEN, {"username": "vera", "password": PASSWORD})

    assert response.status_code == 400


@pytest.mark.parametrize(
    "body", [{}, {"username": "vera"}, {"username": ["vera"], "password": 1}, {"password": "x"}]
)
def test_a_missing_or_malformed_field_answers_400(anon_api, viewer, body):
    response = anon_api.post(TOKEN, body)

    assert response.status_code == 400


def test_a_user_revokes_the_token_they_call_with(viewer_api, viewer, editor):
    from meetings import services

    other, _key = services.create_api_token(user=editor)
    kept, _key = services.create_api_token(user=viewer, name="another script")

    response = viewer_api.delete(TOKEN)

    assert response.status_code == 204
    assert list(ApiToken.objects.filter(user=viewer)) == [kept]
    assert ApiToken.objects.filter(pk=other.pk).exists()
    assert viewer_api.get("/api/v1/commitments/").status_code == 401


def test_revoking_needs_a_signed_in_user(anon_api):
    assert anon_api.delete(TOKEN).status_code == 401


def test_get_on_the_token_endpoint_answers_405(viewer_api):
    assert viewer_api.get(TOKEN).status_code == 405


def test_a_session_user_can_get_a_token_for_scripts(viewer_client):
    response = viewer_client.post(
        TOKEN, {"username": "vera", "password": PASSWORD}, content_type="application/json"
    )

    assert response.status_code == 200


def test_a_session_write_without_csrf_token_answers_403(viewer, editor):
    from tests.factories import CommitmentFactory

    commitment = CommitmentFactory()
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)

    response = client.post(
        f"/api/v1/commitments/{commitment.pk}/updates/", {"version": 1, "note": "x"}
    )

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


# Schema and docs -----------------------------------------------------------------------------


def test_the_schema_answers_a_signed_in_user_by_token(viewer_api):
    response = viewer_api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


def test_the_schema_answers_a_signed_in_user_by_session(viewer_client):
    assert viewer_client.get("/api/schema/").status_code == 200


def test_the_schema_answers_a_user_without_a_role(outsider_api):
    assert outsider_api.get("/api/schema/").status_code == 200


def test_the_schema_needs_a_signed_in_user(anon_api):
    assert anon_api.get("/api/schema/").status_code == 401


def test_the_docs_page_loads_swagger_ui_from_our_static_files(viewer_client):
    response = viewer_client.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()


def test_the_docs_assets_are_served(viewer_client):
    response = viewer_client.get(
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"
    )

    assert response.status_code == 200
    response.close()


def test_the_docs_page_sends_a_browser_that_is_not_signed_in_to_the_login_page(client):
    response = client.get("/api/docs/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/api/docs/")


def test_the_docs_page_answers_a_script_with_a_bad_token_401(anon_api):
    anon_api.credentials(HTTP_AUTHORIZATION="Token nope")

    assert anon_api.get("/api/docs/").status_code == 401


def test_an_unknown_api_path_answers_a_json_404(viewer_api):
    response = viewer_api.get("/api/v2/commitments/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_an_unknown_api_path_answers_the_anonymous_401(anon_api):
    assert anon_api.post("/api/v1/commitments").status_code == 401
