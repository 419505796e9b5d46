"""A NUL character anywhere in a request is refused with a reason, never a server error.

PostgreSQL refuses NUL in text, so these matter most there; they run on both databases.
"""

import json

from tests.factories import CommitmentFactory


def test_a_nul_in_a_list_filter_is_refused(viewer_client):
    response = viewer_client.get("/commitments/", {"counterpart": "C\x00N"})

    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_a_nul_in_an_api_filter_is_refused_with_json(viewer_client):
    response = viewer_client.get("/api/v1/commitments/", {"topic": "sec\x00urity"})

    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


def test_a_nul_in_an_api_path_is_refused(viewer_client):
    response = viewer_client.get("/api/v1/parties/C%00N/")

    assert response.status_code == 400


def test_a_nul_in_a_json_body_is_refused_and_nothing_is_stored(manager_client):
    commitment = CommitmentFactory()
    body = {"version": commitment.version, "note": "Raised\x00 again."}

    response = manager_client.post(
        f"/api/v1/commitments/{commitment.pk}/updates/",
        data=json.dumps(body),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]
    assert not commitment.updates.exists()


def test_a_nul_in_a_posted_form_is_refused(editor_client):
    commitment = CommitmentFactory()

    response = editor_client.post(
        f"/commitments/{commitment.pk}/updates/",
        {"version": commitment.version, "note": "Raised\x00 again."},
    )

    assert response.status_code == 400
    assert not commitment.updates.exists()
