"""One door for every write: whatever door a change comes through (the admin, the API, the
pages, an import), it obeys the same rules and the same versions.

Each test here was a way around the rules found on the tracker before the services became the
only writers (``docs/design.md``, "The rules of the record").
"""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from meetings import services
from meetings.models import Commitment, Meeting
from meetings.status import Effect, Review, Status, UpdateKind
from tests.factories import (
    CommitmentFactory,
    DivisionFactory,
    MeetingFactory,
    TopicFactory,
    UpdateFactory,
    home_party,
)
from tests.test_admin import admin_url, form_data

pytest_plugins = ["tests.api_fixtures"]
pytestmark = pytest.mark.django_db

BUSAN = datetime.date(2023, 11, 25)
LATER = datetime.date(2024, 12, 25)


def api_url(commitment: Commitment, action: str = "") -> str:
    base = f"/api/v1/commitments/{commitment.pk}/"
    return f"{base}{action}/" if action else base


def draft_meeting(**kwargs) -> Meeting:
    return MeetingFactory(review=Review.DRAFT, title="Imported, not yet reviewed", **kwargs)


@pytest.fixture
def commitment():
    return CommitmentFactory(
        meeting=MeetingFactory(held_on=BUSAN), title="Hold the dialogue", topics=[TopicFactory()]
    )


# The admin writes through the services --------------------------------------------------


def test_an_ordinary_admin_save_cannot_rewrite_the_readouts_words(manager_client, commitment):
    url = admin_url(Commitment, "change", commitment.pk)
    data = form_data(manager_client.get(url))
    data["text"] = "Words that were never in the readout."
    data["title"] = "Hold the Security Dialogue"

    response = manager_client.post(url, data)

    assert response.status_code == 302
    saved = Commitment.objects.get(pk=commitment.pk)
    assert saved.title == "Hold the Security Dialogue"
    assert saved.text == commitment.text


def test_a_meeting_saved_from_a_page_opened_before_an_assignment_keeps_the_assignment(
    manager_client, editor, commitment
):
    url = admin_url(Meeting, "change", commitment.meeting.pk)
    data = form_data(manager_client.get(url))
    division = DivisionFactory(code="CHN")
    services.assign_commitment(
        commitment=commitment, expected_version=1, owner=division, assignee=editor
    )
    data["place"] = "Busan, Republic of Korea"

    response = manager_client.post(url, data)

    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()
    saved = Commitment.objects.get(pk=commitment.pk)
    assert (saved.owner, saved.assignee, saved.version) == (division, editor, 2)
    assert Meeting.objects.get(pk=commitment.meeting.pk).place == "Busan"


def test_a_continuing_commitment_added_in_the_admin_starts_ongoing(manager_client):
    meeting = MeetingFactory(held_on=BUSAN)
    china = meeting.parties.get(code="CN")
    url = admin_url(Commitment, "add")
    data = form_data(manager_client.get(url))
    data.update(
        meeting=meeting.pk,
        paragraph="1",
        title="Maintain close communication",
        text="The two Ministers confirmed that they would maintain close communication.",
        kind="joint",
        continuing="on",
        responsible=[home_party().pk, china.pk],
        topics=[TopicFactory().pk],
        priority="normal",
        review="confirmed",
    )

    response = manager_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Commitment.objects.get(title="Maintain close communication").status == Status.ONGOING


def test_a_commitment_with_a_timeline_is_not_deleted_in_the_admin(manager_client, commitment):
    UpdateFactory(commitment=commitment)
    url = admin_url(Commitment, "delete", commitment.pk)

    page = manager_client.get(url)
    refused = manager_client.post(url, {"post": "yes"})

    assert "drop it" in page.content.decode()
    assert refused.status_code == 403 or "drop it" in refused.content.decode()
    assert Commitment.objects.filter(pk=commitment.pk).exists()


def test_a_commitment_entered_by_mistake_is_deleted_in_the_admin(manager_client, commitment):
    response = manager_client.post(admin_url(Commitment, "delete", commitment.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Commitment.objects.filter(pk=commitment.pk).exists()


def test_the_bulk_delete_deletes_nothing_when_one_commitment_has_a_timeline(
    manager_client, commitment
):
    other = CommitmentFactory(meeting=commitment.meeting)
    UpdateFactory(commitment=commitment)

    manager_client.post(
        admin_url(Commitment, "changelist"),
        {"action": "delete_selected", "_selected_action": [commitment.pk, other.pk], "post": "yes"},
    )

    assert Commitment.objects.filter(pk__in=[commitment.pk, other.pk]).count() == 2


def test_deleting_a_party_the_record_refers_to_is_refused_with_the_reason(manager_client):
    meeting = MeetingFactory()
    china = meeting.parties.get(code="CN")
    CommitmentFactory(meeting=meeting)

    page = manager_client.get(admin_url(type(china), "delete", china.pk))

    assert page.status_code == 200
    assert "still refer to" in page.content.decode()
    assert type(china).objects.filter(pk=china.pk).exists()


# Correcting the readout's words -------------------------------------------------------------


def test_a_manager_corrects_the_readouts_words_with_a_reason_kept_on_the_timeline(
    manager_client, manager, commitment
):
    old_text = commitment.text
    before = Commitment.objects.get(pk=commitment.pk)
    url = reverse("admin:meetings_commitment_correct_text", args=[commitment.pk])

    response = manager_client.post(
        url,
        {
            "text": "The two Ministers shared the view to hold the dialogue at an early date.",
            "reason": "The excerpt was pasted from the wrong paragraph.",
            "version": 1,
        },
    )

    assert response.status_code == 302
    saved = Commitment.objects.get(pk=commitment.pk)
    assert saved.text.endswith("at an early date.")
    assert saved.version == 2
    entry = saved.updates.get()
    assert (entry.kind, entry.previous_text, entry.author) == (
        UpdateKind.TEXT_CORRECTED,
        old_text,
        manager,
    )
    assert entry.note == "The excerpt was pasted from the wrong paragraph."
    # Not progress: it neither un-stales the commitment nor counts as changed recently.
    assert saved.last_activity_on == before.last_activity_on
    assert saved.updated_at == before.updated_at
    assert saved.status == before.status


def test_correcting_the_words_needs_a_reason(manager_client, commitment):
    url = reverse("admin:meetings_commitment_correct_text", args=[commitment.pk])

    response = manager_client.post(url, {"text": "Other words.", "reason": "", "version": 1})

    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert Commitment.objects.get(pk=commitment.pk).text == commitment.text


def test_an_editor_cannot_correct_the_readouts_words(editor_client, commitment):
    response = editor_client.post(
        reverse("admin:meetings_commitment_correct_text", args=[commitment.pk]),
        {"text": "Other words.", "reason": "Because.", "version": 1},
    )

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert Commitment.objects.get(pk=commitment.pk).text == commitment.text


def test_the_service_refuses_status_and_text_in_an_ordinary_edit(commitment):
    with pytest.raises(ValidationError) as refused:
        services.edit_commitment(
            commitment=commitment,
            expected_version=1,
            changes={"status": Status.FULFILLED, "text": "New words", "title": "New title"},
        )

    assert {"status", "text"} <= set(refused.value.message_dict)
    assert Commitment.objects.get(pk=commitment.pk).title == "Hold the dialogue"


# Drafts stay out of the confirmed record ------------------------------------------------------


def test_an_update_cannot_link_a_draft_meeting_through_the_api(editor_api, commitment):
    draft = draft_meeting(held_on=LATER)

    response = editor_api.post(
        api_url(commitment, "updates"),
        {"version": 1, "meeting": draft.pk, "effect": Effect.DISCUSSED, "note": "Raised."},
    )

    assert response.status_code == 400
    assert "meeting" in response.json()
    assert not commitment.updates.exists()


def test_a_draft_cannot_replace_a_confirmed_commitment_through_the_api(editor_api, commitment):
    replacement = CommitmentFactory(meeting=draft_meeting(held_on=LATER), review=Review.DRAFT)

    response = editor_api.post(
        api_url(commitment, "updates"),
        {"version": 1, "status": "superseded", "superseded_by": replacement.pk, "note": "Done."},
    )

    assert response.status_code == 400
    assert "superseded_by" in response.json()
    assert Commitment.objects.get(pk=commitment.pk).status == Status.OPEN


def test_nothing_is_recorded_on_a_draft_and_the_draft_can_still_be_discarded(
    editor_api, manager_client
):
    draft = draft_meeting(held_on=BUSAN)
    proposal = CommitmentFactory(meeting=draft, review=Review.DRAFT)

    response = editor_api.post(api_url(proposal, "updates"), {"version": 1, "note": "Raised."})
    discarded = manager_client.post(reverse("import-discard", args=[draft.pk]))

    assert response.status_code == 400
    assert "review page" in str(response.json())
    assert discarded.status_code == 302
    assert not Meeting.objects.filter(pk=draft.pk).exists()


def test_a_draft_meeting_cannot_be_linked_from_its_page(editor_client, commitment):
    draft = draft_meeting(held_on=LATER)

    response = editor_client.post(
        reverse("meeting-link", args=[draft.pk]),
        {"commitments": [commitment.pk], "effect": Effect.FULFILLED, "note": "Held."},
    )

    assert response.status_code == 422
    assert "draft" in response.content.decode()
    saved = Commitment.objects.get(pk=commitment.pk)
    assert (saved.status, saved.updates.count()) == (Status.OPEN, 0)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("meeting", lambda: draft_meeting(held_on=BUSAN).pk),
        (
            "reaffirms",
            lambda: CommitmentFactory(meeting=draft_meeting(), review=Review.DRAFT).pk,
        ),
    ],
    ids=["its meeting", "what it reaffirms"],
)
def test_a_confirmed_commitment_cannot_point_at_a_draft_through_the_api(
    manager_api, commitment, field, value
):
    response = manager_api.patch(api_url(commitment), {"version": 1, field: value()})

    assert response.status_code == 400
    assert field in response.json()
    assert Commitment.objects.get(pk=commitment.pk).version == 1


def test_two_commitments_cannot_reaffirm_each_other(manager_api, commitment):
    later = CommitmentFactory(meeting=MeetingFactory(held_on=LATER), reaffirms=commitment)

    response = manager_api.patch(api_url(commitment), {"version": 1, "reaffirms": later.pk})

    assert response.status_code == 400
    assert "reaffirms" in response.json()
    assert Commitment.objects.get(pk=commitment.pk).reaffirms is None


def test_a_meeting_cannot_follow_up_a_draft_or_a_meeting_that_follows_it_up(manager_api):
    earlier = MeetingFactory(held_on=BUSAN)
    later = MeetingFactory(held_on=LATER)
    later.follows_up.set([earlier])
    draft = draft_meeting(held_on=BUSAN)

    to_draft = manager_api.patch(f"/api/v1/meetings/{later.pk}/", {"follows_up": [draft.pk]})
    in_circle = manager_api.patch(f"/api/v1/meetings/{earlier.pk}/", {"follows_up": [later.pk]})

    assert to_draft.status_code == 400 and "follows_up" in to_draft.json()
    assert in_circle.status_code == 400 and "follows_up" in in_circle.json()
    assert list(later.follows_up.all()) == [earlier]
    assert not earlier.follows_up.exists()


def test_a_confirmed_meeting_needs_two_parties_whatever_the_door(manager_api, editor_client):
    response = manager_api.post(
        "/api/v1/meetings/",
        {"title": "Alone", "kind": "working_level", "held_on": "2024-01-10", "parties": ["JP"]},
    )
    commitment = CommitmentFactory(meeting=MeetingFactory(held_on=BUSAN))
    page = editor_client.post(
        reverse("commitment-record-update", args=[commitment.pk]),
        {
            "version": 1,
            "effect": Effect.DISCUSSED,
            "new_meeting_title": "Alone again",
            "new_meeting_kind": "working_level",
            "new_meeting_held_on": "2024-01-10",
            "new_meeting_parties": [home_party().pk],
        },
    )

    assert response.status_code == 400 and "parties" in response.json()
    assert page.status_code == 422
    assert not Meeting.objects.filter(title__startswith="Alone").exists()


# One rule, one place ------------------------------------------------------------------------


def test_a_continuing_commitment_created_through_the_api_starts_ongoing(manager_api):
    meeting = MeetingFactory(held_on=BUSAN)

    response = manager_api.post(
        "/api/v1/commitments/",
        {
            "meeting": meeting.pk,
            "title": "Maintain close communication",
            "text": "The two Ministers confirmed that they would maintain close communication.",
            "continuing": True,
            "responsible": ["JP", "CN"],
            "topics": [TopicFactory().slug],
        },
    )

    assert response.status_code == 201, response.json()
    assert response.json()["status"] == Status.ONGOING


def test_the_readouts_words_are_refused_in_a_patch_and_accepted_unchanged_in_a_put(
    manager_api, commitment
):
    refused = manager_api.patch(api_url(commitment), {"version": 1, "text": "Other words."})
    whole = manager_api.get(api_url(commitment)).json()
    put = manager_api.put(
        api_url(commitment),
        {
            "meeting": whole["meeting"]["id"],
            "paragraph": whole["paragraph"],
            "text": whole["text"],
            "title": "Hold the dialogue soon",
            "kind": whole["kind"],
            "responsible": whole["responsible"],
            "topics": whole["topics"],
            "version": 1,
        },
    )

    assert refused.status_code == 400 and "text" in refused.json()
    assert put.status_code == 200, put.json()
    saved = Commitment.objects.get(pk=commitment.pk)
    assert (saved.text, saved.title) == (commitment.text, "Hold the dialogue soon")


def test_the_meeting_search_reads_title_place_and_occasion_on_every_door(
    viewer_client, editor_client, manager_client
):
    MeetingFactory(title="Foreign Ministers' Meeting", occasion="while attending the G20 in Rio")
    MeetingFactory(title="Summit Meeting", place="Lima")

    web = viewer_client.get(reverse("meeting-list"), {"q": "rio"})
    options = editor_client.get(reverse("meeting-options"), {"q": "rio"})
    admin = manager_client.get(admin_url(Meeting, "changelist"), {"q": "rio"})

    assert [m.title for m in web.context["page"]] == ["Foreign Ministers' Meeting"]
    assert "Foreign Ministers" in options.content.decode()
    assert [m.title for m in admin.context["cl"].result_list] == ["Foreign Ministers' Meeting"]


# Rows written before the rules --------------------------------------------------------------


def test_check_record_names_the_rows_that_break_the_rules():
    draft = draft_meeting(held_on=BUSAN)
    confirmed_at_draft = CommitmentFactory(meeting=draft, title="Confirmed at a draft meeting")
    first = CommitmentFactory(title="First of a circle")
    second = CommitmentFactory(title="Second of a circle", reaffirms=first)
    Commitment.objects.filter(pk=first.pk).update(reaffirms=second)
    out = []

    with pytest.raises(CommandError) as failed:
        call_command("check_record", stdout=type("Out", (), {"write": out.append})())

    printed = "\n".join(out)
    assert f"commitment #{confirmed_at_draft.pk}" in printed
    assert re.search(rf"circle:\n.*#{first.pk}", printed) or f"#{first.pk}" in printed
    assert "break the record's rules" in str(failed.value)


def test_check_record_is_quiet_on_a_record_that_keeps_the_rules(capsys):
    CommitmentFactory()

    call_command("check_record")

    assert "keeps every rule" in capsys.readouterr().out


def test_a_manager_corrects_the_readouts_words_through_the_api(manager_api, editor_api, commitment):
    url = api_url(commitment, "correct-text")
    body = {"version": 1, "text": "The corrected words.", "reason": "Wrong paragraph pasted."}

    refused = editor_api.post(url, body)
    corrected = manager_api.post(url, body)
    again = manager_api.post(url, body)

    assert refused.status_code == 403
    assert corrected.status_code == 201
    entry = corrected.json()
    assert (entry["kind"], entry["previous_text"], entry["note"]) == (
        "text_corrected",
        commitment.text,
        "Wrong paragraph pasted.",
    )
    assert entry["commitment_version"] == 2
    assert again.status_code == 409
    assert Commitment.objects.get(pk=commitment.pk).text == "The corrected words."


def test_the_commitment_page_shows_a_correction_with_the_words_it_replaced(
    viewer_client, manager, commitment
):
    services.correct_text(
        commitment=commitment,
        author=manager,
        expected_version=1,
        text="The corrected words.",
        reason="Wrong paragraph pasted.",
    )

    html = viewer_client.get(reverse("commitment-detail", args=[commitment.pk])).content.decode()

    assert "words were corrected." in html
    assert commitment.text in html and "Wrong paragraph pasted." in html
