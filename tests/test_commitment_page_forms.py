"""The two forms of a commitment's page (record an update, assign) as people use them one
after the other, with a colleague working at the same time, and with a real cache."""

import re

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import Commitment
from meetings.status import Status
from tests.factories import CommitmentFactory, DivisionFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "live"}


@pytest.fixture
def commitment():
    return CommitmentFactory(title="Hold the dialogue")


def hidden_version(html: str, form_action: str) -> int:
    """The version a form posting to ``form_action`` carries in ``html``."""
    form = html[html.index(f'action="{form_action}"') :]
    return int(re.search(r'name="version" value="(\d+)"', form).group(1))


def test_assigning_right_after_recording_an_update_on_the_page_works(
    editor_client, editor, commitment
):
    update_url = reverse("commitment-record-update", args=[commitment.pk])
    assign_url = reverse("commitment-assign", args=[commitment.pk])

    recorded = editor_client.post(update_url, {"version": 1, "note": "Raised again."}, **HTMX)
    html = recorded.content.decode()
    assert 'id="assign-panel" hx-swap-oob="true"' in html
    version = hidden_version(html, assign_url)
    division = DivisionFactory()
    assigned = editor_client.post(
        assign_url, {"version": version, "owner": division.pk, "assignee": editor.pk}
    )

    assert version == 2
    assert assigned.status_code == 302
    saved = Commitment.objects.get(pk=commitment.pk)
    assert (saved.owner, saved.assignee, saved.version) == (division, editor, 3)


def test_a_status_form_opened_before_a_colleagues_move_shows_the_conflict_and_keeps_the_note(
    editor_client, manager, commitment
):
    services.record_update(
        commitment=commitment, author=manager, status=Status.FULFILLED, note="Held in Tokyo."
    )

    response = editor_client.post(
        reverse("commitment-record-update", args=[commitment.pk]),
        {"version": 1, "status": Status.FULFILLED, "note": "The dialogue took place."},
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "Changed by someone else" in html
    assert "Select a valid choice" not in html
    assert "The dialogue took place." in html
    assert response.context["form"]["version"].value() == "2"
    assert Commitment.objects.get(pk=commitment.pk).updates.count() == 1


def test_an_assignment_opened_before_a_colleagues_change_shows_the_conflict(
    editor_client, editor, manager, commitment
):
    services.record_update(commitment=commitment, author=manager, note="Raised.")

    response = editor_client.post(
        reverse("commitment-assign", args=[commitment.pk]),
        {"version": 1, "owner": DivisionFactory().pk, "assignee": editor.pk},
    )

    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()
    assert Commitment.objects.get(pk=commitment.pk).assignee is None


@pytest.mark.usefixtures("cache_on")
def test_each_blank_choice_says_what_it_means_whichever_page_came_first(editor_client, commitment):
    listed_first = editor_client.get(reverse("commitment-list")).content.decode()
    page = editor_client.get(reverse("commitment-detail", args=[commitment.pk])).content.decode()
    listed_after = editor_client.get(reverse("commitment-list")).content.decode()

    def blank_of(html: str, select_id: str) -> str:
        select = html[html.index(f'id="{select_id}"') :]
        return re.search(r'<option value=""[^>]*>([^<]*)</option>', select).group(1)

    assert blank_of(page, "id_assignee") == "— nobody —"
    assert blank_of(page, "id_owner") == "— no division —"
    assert blank_of(listed_first, "id_assignee") == blank_of(listed_after, "id_assignee") == "any"
