"""Editors assign a commitment to a division and a person; desk officers find theirs."""

import pytest

from meetings import services
from meetings.models import Commitment
from tests.factories import CommitmentFactory, DivisionFactory, UserFactory

pytestmark = pytest.mark.django_db


def assign_url(commitment) -> str:
    return f"/commitments/{commitment.pk}/assign/"


def test_an_editor_assigns_a_commitment_to_a_division_and_a_person(editor_client):
    commitment = CommitmentFactory()
    division = DivisionFactory(name="China and Mongolia Division")
    officer = UserFactory(username="dora")

    response = editor_client.post(
        assign_url(commitment),
        {"owner": division.pk, "assignee": officer.pk, "version": commitment.version},
    )

    assert response.status_code == 302
    saved = Commitment.objects.get(pk=commitment.pk)
    assert (saved.owner, saved.assignee, saved.version) == (division, officer, 2)


def test_the_commitment_page_offers_editors_the_assign_form(editor_client, viewer_client):
    commitment = CommitmentFactory()

    assert "Save assignment" in editor_client.get(commitment.get_absolute_url()).content.decode()
    assert (
        "Save assignment" not in viewer_client.get(commitment.get_absolute_url()).content.decode()
    )


def test_a_viewer_cannot_assign(viewer_client):
    commitment = CommitmentFactory()

    response = viewer_client.post(assign_url(commitment), {"version": commitment.version})

    assert response.status_code == 403


def test_anonymous_assigning_is_sent_to_login(client):
    commitment = CommitmentFactory()

    response = client.post(assign_url(commitment), {"version": 1})

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_assigning_from_a_stale_page_is_refused_and_says_so(editor_client, editor):
    commitment = CommitmentFactory()
    officer = UserFactory(username="dora")
    services.record_update(commitment=commitment, author=editor, note="Raised again.")

    response = editor_client.post(assign_url(commitment), {"assignee": officer.pk, "version": 1})

    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()
    assert Commitment.objects.get(pk=commitment.pk).assignee is None


def test_an_unknown_person_is_a_field_error(editor_client):
    commitment = CommitmentFactory()

    response = editor_client.post(
        assign_url(commitment), {"assignee": 999999, "version": commitment.version}
    )

    assert response.status_code == 422
    assert Commitment.objects.get(pk=commitment.pk).version == commitment.version


def test_get_is_not_allowed(editor_client):
    commitment = CommitmentFactory()

    assert editor_client.get(assign_url(commitment)).status_code == 405


def test_mine_lists_the_open_commitments_assigned_to_me(editor_client, editor):
    mine = CommitmentFactory(assignee=editor, title="Mine to follow")
    CommitmentFactory(title="Someone else's")

    response = editor_client.get("/commitments/", {"open": "true", "assignee": editor.pk})

    assert response.status_code == 200
    page = response.content.decode()
    assert mine.title in page
    assert "Someone else" not in page
    assert 'href="/mine/"' in editor_client.get("/").content.decode()
