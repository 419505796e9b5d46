"""The OpenAPI document: valid, and honest about the error codes each operation answers."""

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def test_the_schema_validates_against_the_openapi_3_specification(schema):
    validate_schema(schema)


def test_the_schema_covers_every_endpoint_of_the_issue(schema):
    paths = set(schema["paths"])

    for path in (
        "/api/v1/meetings/",
        "/api/v1/meetings/{id}/",
        "/api/v1/commitments/",
        "/api/v1/commitments/{id}/",
        "/api/v1/commitments/{id}/updates/",
        "/api/v1/updates/",
        "/api/v1/parties/",
        "/api/v1/people/",
        "/api/v1/topics/",
        "/api/v1/mechanisms/",
        "/api/v1/divisions/",
        "/api/v1/dashboard/",
        "/api/v1/auth/token/",
    ):
        assert path in paths, path


def test_every_operation_documents_401_and_403(schema):
    for path, method, operation in operations(schema):
        assert {"401", "403"} <= set(operation["responses"]), (method, path)


def test_every_operation_with_an_id_documents_404(schema):
    for path, method, operation in operations(schema):
        if "{" in path:
            assert "404" in operation["responses"], (method, path)


def test_every_write_documents_400_and_415(schema):
    for path, method, operation in operations(schema):
        if method in {"post", "put", "patch"}:
            assert {"400", "415"} <= set(operation["responses"]), (method, path)


def test_every_filtered_list_documents_400(schema):
    for path in ("/api/v1/commitments/", "/api/v1/meetings/", "/api/v1/updates/"):
        assert "400" in schema["paths"][path]["get"]["responses"], path


def test_versioned_writes_document_409_with_the_current_state(schema):
    for path, method in (
        ("/api/v1/commitments/{id}/", "put"),
        ("/api/v1/commitments/{id}/", "patch"),
        ("/api/v1/commitments/{id}/updates/", "post"),
    ):
        conflict = schema["paths"][path][method]["responses"]["409"]
        ref = conflict["content"]["application/json"]["schema"]["$ref"]
        assert ref == "#/components/schemas/Conflict", (method, path)


def test_the_shared_filters_are_documented_as_query_parameters(schema):
    names = {p["name"] for p in schema["paths"]["/api/v1/commitments/"]["get"]["parameters"]}

    assert names >= {
        "status",
        "counterpart",
        "topic",
        "mechanism",
        "meeting",
        "kind",
        "owner",
        "assignee",
        "review",
        "overdue",
        "stale",
        "due_before",
        "due_after",
        "q",
        "ordering",
        "page",
        "page_size",
    }


def test_token_and_session_auth_are_documented(schema):
    assert set(schema["components"]["securitySchemes"]) == {"tokenAuth", "cookieAuth"}
