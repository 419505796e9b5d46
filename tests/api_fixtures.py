"""API clients per role, authenticated by token as a script would be.

A module loads them with ``pytest_plugins = ["tests.api_fixtures"]``.
"""

import pytest
from rest_framework.test import APIClient


def token_client(user) -> APIClient:
    from meetings import services

    client = APIClient()
    _token, key = services.create_api_token(user=user, name="tests")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def anon_api():
    return APIClient()


@pytest.fixture
def viewer_api(viewer):
    return token_client(viewer)


@pytest.fixture
def editor_api(editor):
    return token_client(editor)


@pytest.fixture
def manager_api(manager):
    return token_client(manager)


@pytest.fixture
def outsider_api(outsider):
    return token_client(outsider)
