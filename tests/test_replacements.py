"""Naming the commitment that replaced another: the update form offers the likeliest, a
search finds any other by its number or its words, and the admin searches them all."""

import datetime
import re

import pytest
from django.urls import reverse

from meetings.models import Commitment
from meetings.status import Review, Status
from tests.factories import CommitmentFactory, MeetingFactory, PartyFactory, home_party

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def old():
    return CommitmentFactory(
        meeting=MeetingFactory(held_on=D(2022, 3, 1)), title="Resume the dialogue"
    )


@pytest.fixture
def later_ones(old):
    """Later commitments with China (newest last), one repeating ``old``, and others."""
    made = [
        CommitmentFactory(
            meeting=MeetingFactory(held_on=D(2023, month, 1)), title=f"China talks {month}"
        )
        for month in (1, 5, 9)
    ]
    repeating = CommitmentFactory(
        meeting=MeetingFactory(held_on=D(2022, 6, 1)), title="Resume it again", reaffirms=old
    )
    korea = MeetingFactory(held_on=D(2024, 1, 1), parties=[home_party(), PartyFactory(code="KR")])
    CommitmentFactory(meeting=korea, title="Korea talks")
    CommitmentFactory(meeting=MeetingFactory(held_on=D(2021, 1, 1)), title="China, earlier")
    draft = MeetingFactory(held_on=D(2024, 2, 1), review=Review.DRAFT)
    CommitmentFactory(meeting=draft, title="China draft", review=Review.DRAFT)
    return {"made": made, "repeating": repeating}


def supersede(client, url: str, commitment, replacement, note: str = "Replaced."):
    """Post the update form at ``url``: ``commitment`` superseded by ``replacement``."""
    return client.post(
        url,
        {
            "version": commitment.version,
            "status": Status.SUPERSEDED,
            "note": note,
            "superseded_by": replacement.pk,
        },
    )


def offered(response) -> list[str]:
    field = response.context["form"]["superseded_by"].field
    return [label for value, label in field.choices if value != ""]


def test_the_likeliest_replacements_are_fetched_when_their_part_of_the_form_opens(
    editor_client, old, later_ones
):
    page = editor_client.get(old.get_absolute_url())
    options = editor_client.get(reverse("replacement-options"), {"commitment": old.pk})

    assert offered(page) == []  # folded away: most updates name no replacement
    fetches = (
        f'hx-get="{reverse("replacement-options")}?commitment={old.pk}" hx-trigger="toggle once"'
    )
    assert fetches in page.content.decode()
    titles = re.findall(r'<option value="\d+">#\d+ (.*?) \(', options.content.decode())
    assert titles == ["Resume it again", "China talks 9", "China talks 5", "China talks 1"]
    first = f"#{later_ones['repeating'].pk} Resume it again (1 Jun 2022)"
    assert f'<option value="{later_ones["repeating"].pk}">{first}</option>' in (
        options.content.decode()
    )


def test_a_refused_replacement_is_shown_open_with_the_likeliest_offered(
    editor_client, old, later_ones
):
    response = editor_client.post(
        reverse("commitment-record-update", args=[old.pk]),
        {"version": old.version, "status": Status.SUPERSEDED, "note": "Replaced."},
    )

    assert response.status_code == 422
    assert response.context["form"].errors["superseded_by"]
    assert '<details class="more" open>' in response.content.decode()
    assert offered(response)[0] == f"#{later_ones['repeating'].pk} Resume it again (1 Jun 2022)"
    assert len(offered(response)) == 4


def test_a_replacement_found_by_its_words_or_its_number(editor_client, old, later_ones):
    url = reverse("replacement-options")
    korea = Commitment.objects.get(title="Korea talks")

    def search(words: str = "", **params):
        return editor_client.get(url, {"commitment": old.pk, "find_replacement": words, **params})

    by_words = search("KOREA talks")
    by_number = search(f"#{korea.pk}")
    likeliest = search()
    draft = Commitment.objects.get(title="China draft")
    drafts = search(str(draft.pk))
    itself = search(str(old.pk))
    keeps_choice = search("Korea", superseded_by=korea.pk)

    assert f'<option value="{korea.pk}">#{korea.pk} Korea talks (1 Jan 2024)</option>' in (
        by_words.content.decode()
    )
    assert by_words.content.decode() == by_number.content.decode()
    assert "Resume it again" in likeliest.content.decode()
    assert "No commitment matches." in drafts.content.decode()
    assert "No commitment matches." in itself.content.decode()
    assert f'<option value="{korea.pk}" selected>' in keeps_choice.content.decode()


def test_the_replacement_search_is_for_editors_about_a_real_commitment(
    viewer_client, editor_client, old
):
    url = reverse("replacement-options")

    assert viewer_client.get(url, {"commitment": old.pk}).status_code == 403
    assert editor_client.post(url, {"commitment": old.pk}).status_code == 405
    for bad in ("x", "²", "١٢", str(old.pk + 1000), ""):
        assert editor_client.get(url, {"commitment": bad}).status_code == 404, bad
    odd = editor_client.get(url, {"commitment": old.pk, "find_replacement": "²"})
    assert odd.status_code == 200
    assert "No commitment matches." in odd.content.decode()
    assert editor_client.get(reverse("meeting-options"), {"commitment": "²"}).status_code == 200


def test_any_confirmed_commitment_can_be_named_though_not_offered(editor_client, old, later_ones):
    korea = Commitment.objects.get(title="Korea talks")
    response = supersede(
        editor_client, reverse("commitment-record-update", args=[old.pk]), old, korea
    )

    assert response.status_code == 302
    old.refresh_from_db()
    assert (old.status, old.superseded_by) == (Status.SUPERSEDED, korea)


def test_a_draft_cannot_be_named_the_replacement(editor_client, old, later_ones):
    draft = Commitment.objects.get(title="China draft")
    response = supersede(
        editor_client, reverse("commitment-record-update", args=[old.pk]), old, draft
    )

    assert response.status_code == 422
    assert response.context["form"].errors["superseded_by"] == [
        "There is no confirmed commitment with that number."
    ]
    old.refresh_from_db()
    assert old.status == Status.OPEN


def test_the_admin_searches_every_commitment_for_the_replacement(manager_client, old, later_ones):
    url = reverse("admin:meetings_commitment_add_update", args=[old.pk])

    page = manager_client.get(url).content.decode()
    korea = Commitment.objects.get(title="Korea talks")
    saved = supersede(manager_client, url, old, korea)

    select = page[
        page.index('name="superseded_by"') - 200 : page.index(
            "</select>", page.index('name="superseded_by"')
        )
    ]
    assert "admin-autocomplete" in select
    assert "China talks" not in select  # the search fills it; nothing is listed up front
    assert "select2" in page  # the autocomplete's script is on the page
    assert saved.status_code == 302
    old.refresh_from_db()
    assert old.superseded_by == korea


def test_the_admins_replacement_search_answers_with_matching_commitments(
    manager_client, old, later_ones
):
    response = manager_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "meetings",
            "model_name": "commitment",
            "field_name": "superseded_by",
            "term": "Korea",
        },
    )

    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == ["Korea talks"]


def test_without_javascript_a_number_typed_in_the_search_names_the_replacement(
    editor_client, old, later_ones
):
    korea = Commitment.objects.get(title="Korea talks")
    url = reverse("commitment-record-update", args=[old.pk])
    base = {"version": old.version, "status": Status.SUPERSEDED, "note": "Replaced."}

    words = editor_client.post(url, {**base, "find_replacement": "Korea talks"})
    odd = editor_client.post(url, {**base, "superseded_by": "²"})
    saved = editor_client.post(url, {**base, "find_replacement": f"#{korea.pk}"})

    assert words.status_code == 422
    assert "type its number" in words.context["form"].errors["superseded_by"][0]
    assert odd.status_code == 422
    assert odd.context["form"].errors["superseded_by"]
    assert saved.status_code == 302
    old.refresh_from_db()
    assert old.superseded_by == korea


def test_the_admin_search_finds_every_word_or_a_number(manager_client, old, later_ones):
    url = reverse("admin:meetings_commitment_changelist")
    korea = Commitment.objects.get(title="Korea talks")

    def found(term: str) -> set[str]:
        response = manager_client.get(url, {"q": term})
        return {c.title for c in response.context["cl"].result_list}

    assert found("china TALKS 5") == {"China talks 5"}
    assert found(f"#{korea.pk}") == found(str(korea.pk)) == {"Korea talks"}
    assert found("²") == set()


def test_the_admins_replacement_search_leaves_out_drafts(manager_client, old, later_ones):
    def search(field_name: str) -> list[str]:
        response = manager_client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": "meetings",
                "model_name": "commitment",
                "field_name": field_name,
                "term": "China",
            },
        )
        return sorted(row["text"] for row in response.json()["results"])

    assert "China draft" not in search("superseded_by")
    assert "China draft" in search("reaffirms")
