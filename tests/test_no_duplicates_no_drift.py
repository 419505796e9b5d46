"""No duplicates, no drift: a proposal repeating an open commitment is proposed as "reaffirms
#N" (a follow-up with effect reaffirmed on #N, or a new commitment reaffirming it if the
reviewer says so); a loosely named mechanism matches the recorded one and a new one is made
only when the reviewer says so; matching reads Japanese too."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse

from meetings import services
from meetings.importing import matching
from meetings.importing.parser import parse_readout
from meetings.models import Commitment, Mechanism, Meeting, Update
from meetings.status import Effect, Review
from tests.factories import CommitmentFactory, MeetingFactory, PartyFactory
from tests.test_import_web import review_data, review_url

pytestmark = pytest.mark.django_db

DEV = Path(__file__).resolve().parent / "readouts" / "dev"
P2P = (
    Path(__file__).resolve().parent
    / "readouts"
    / "2024-12-25-japan-china-people-to-people-dialogue.txt"
)
SAFETY = "Ensure the safety of Japanese nationals in China, including students of Japanese schools"


def store(text: str) -> Meeting:
    return services.store_draft(parsed=parse_readout(text), readout=text)


@pytest.fixture
def open_safety(db) -> Commitment:
    """An open request of 2023 that the P2P readout of December 2024 repeats."""
    earlier = MeetingFactory(held_on=datetime.date(2023, 11, 25))
    return CommitmentFactory(
        meeting=earlier,
        title=SAFETY,
        text="Minister Kamikawa requested that the Chinese side ensure the safety of Japanese "
        "nationals in China, including students of Japanese schools.",
    )


def repeat_row(page, commitment: Commitment) -> int:
    return next(
        index
        for index, form in enumerate(page.context["review"].formset.forms)
        if form.repeat is not None and form.repeat.commitment == commitment
    )


def test_a_proposal_repeating_an_open_commitment_is_proposed_as_reaffirming_it(
    manager_client, open_safety
):
    draft = store(P2P.read_text(encoding="utf-8"))

    page = manager_client.get(review_url(draft))

    index = repeat_row(page, open_safety)
    form = page.context["review"].formset.forms[index]
    assert form["repeats"].value() == "reaffirm"
    assert f"Reaffirms #{open_safety.pk}" in page.content.decode()
    linked = {link.commitment for link in page.context["review"].links_form.follow_ups}
    assert open_safety not in linked  # proposed once, on the draft's row


def test_confirming_records_the_repeat_on_the_open_commitments_timeline(
    manager, manager_client, open_safety
):
    draft = store(P2P.read_text(encoding="utf-8"))
    page = manager_client.get(review_url(draft))
    index = repeat_row(page, open_safety)
    repeated_text = page.context["review"].formset.forms[index].commitment.text
    data = review_data(page)
    data["action"] = "confirm"

    response = manager_client.post(review_url(draft), data)

    assert response.status_code == 302
    update = Update.objects.get(commitment=open_safety)
    assert (update.meeting, update.effect) == (Meeting.objects.get(pk=draft.pk), Effect.REAFFIRMED)
    assert update.happened_on == datetime.date(2024, 12, 25)
    assert repeated_text in update.note
    assert not Commitment.objects.filter(meeting=draft, text=repeated_text).exists()
    open_safety.refresh_from_db()
    assert open_safety.reaffirmed_since_move == 1


def test_the_reviewer_may_make_the_repeat_a_new_commitment_that_reaffirms_it(
    manager_client, open_safety
):
    draft = store(P2P.read_text(encoding="utf-8"))
    page = manager_client.get(review_url(draft))
    index = repeat_row(page, open_safety)
    repeated = page.context["review"].formset.forms[index].commitment
    data = review_data(page, **{f"proposal-{index}-repeats": "new"})
    data["action"] = "confirm"

    response = manager_client.post(review_url(draft), data)

    assert response.status_code == 302
    made = Commitment.objects.get(pk=repeated.pk)
    assert (made.review, made.reaffirms) == (Review.CONFIRMED, open_safety)
    assert not Update.objects.filter(commitment=open_safety).exists()


def test_the_reviewer_may_keep_the_repeat_unrelated(manager_client, open_safety):
    draft = store(P2P.read_text(encoding="utf-8"))
    page = manager_client.get(review_url(draft))
    index = repeat_row(page, open_safety)
    repeated = page.context["review"].formset.forms[index].commitment
    data = review_data(page, **{f"proposal-{index}-repeats": "separate"})
    data["action"] = "confirm"

    manager_client.post(review_url(draft), data)

    made = Commitment.objects.get(pk=repeated.pk)
    assert made.reaffirms is None
    assert not Update.objects.filter(commitment=open_safety).exists()


def test_a_repeat_choice_outside_the_three_is_refused(manager_client, open_safety):
    draft = store(P2P.read_text(encoding="utf-8"))
    page = manager_client.get(review_url(draft))
    index = repeat_row(page, open_safety)
    data = review_data(page, **{f"proposal-{index}-repeats": "merge-everything"})
    data["action"] = "confirm"

    response = manager_client.post(review_url(draft), data)

    assert response.status_code == 422
    assert Meeting.objects.get(pk=draft.pk).review == Review.DRAFT


def test_a_japanese_proposal_repeating_an_open_japanese_commitment_is_found(db):
    earlier = MeetingFactory(held_on=datetime.date(2019, 12, 23))
    open_one = CommitmentFactory(
        meeting=earlier,
        title="習近平国家主席の国賓訪問を実り多いものとする",
        text="習近平国家主席の国賓訪問を実り多いものとするため、緊密に連携していくことで一致しました",
    )
    draft = store((DEV / "jp-ja-2020-02-15-japan-china-fm-munich.txt").read_text(encoding="utf-8"))

    repeats = matching.repeats_for(draft)

    assert open_one in {repeat.commitment for repeat in repeats.values()}


def test_words_and_japanese_character_pairs_overlap_alike():
    shared, score = matching.overlap("日中安全保障対話を早期に開催する", "安全保障対話の早期開催")
    assert shared >= 2 and score > 0.5
    assert matching.overlap("東シナ海の情勢", "ALPS処理水の海洋放出")[0] == 0


# Mechanisms: matched loosely, made only when the reviewer says so --------------------------------


@pytest.fixture
def security_dialogue(db) -> Mechanism:
    japan, china = PartyFactory(code="JP"), PartyFactory(code="CN")
    return services.save_reference(
        record=Mechanism(),
        fields={"name": "Japan-China Security Dialogue", "name_ja": "日中安全保障対話"},
        many={"parties": [japan, china]},
    )


@pytest.mark.parametrize(
    "name",
    ["the Security Dialogue", "Japan-China Security Dialogue", "日中安全保障対話", "安全保障対話"],
)
def test_a_loosely_named_mechanism_matches_the_recorded_one(security_dialogue, name):
    assert services.mechanism_named(name, parties=["JP", "CN"]) == security_dialogue


def test_an_unknown_mechanism_is_not_made_silently(security_dialogue):
    assert services.mechanism_named("Japan-China Maritime Affairs Dialogue") is None
    assert Mechanism.objects.count() == 1


def test_an_import_names_the_unknown_mechanism_and_the_reviewer_creates_it(manager_client, db):
    draft = store(P2P.read_text(encoding="utf-8"))
    assert Mechanism.objects.count() == 0
    assert draft.mechanism is None
    page = manager_client.get(review_url(draft))
    offered = dict(page.context["review"].meeting_form.fields["create_mechanisms"].choices)
    name = next(iter(offered))
    assert "People-to-People" in name
    data = review_data(page, **{"meeting-create_mechanisms": [name]})

    response = manager_client.post(review_url(draft), data)

    assert response.status_code == 302
    mechanism = Mechanism.objects.get()
    assert mechanism.name == name
    assert Meeting.objects.get(pk=draft.pk).mechanism == mechanism
    assert set(mechanism.parties.values_list("code", flat=True)) == {"JP", "CN"}


def test_saving_the_review_without_ticking_creates_no_mechanism(manager_client, db):
    draft = store(P2P.read_text(encoding="utf-8"))
    page = manager_client.get(review_url(draft))

    manager_client.post(review_url(draft), review_data(page))

    assert Mechanism.objects.count() == 0


def test_a_mechanism_the_readout_does_not_name_cannot_be_created_on_review(manager_client, db):
    draft = store(P2P.read_text(encoding="utf-8"))
    page = manager_client.get(review_url(draft))
    data = review_data(page, **{"meeting-create_mechanisms": ["Made-up Dialogue"]})

    response = manager_client.post(review_url(draft), data)

    assert response.status_code == 422
    assert Mechanism.objects.count() == 0


def test_a_readout_session_of_a_recorded_mechanism_is_stored_with_it(security_dialogue):
    text = (
        "Japan-China Security Dialogue\n\nMarch 3, 2024\n\n"
        "On March 3, the 15th Japan-China Security Dialogue was held in Tokyo between "
        "Mr. FUNAKOSHI Takehiro, Deputy Minister for Foreign Affairs of Japan, and Mr. Sun "
        "Weidong, Vice Minister of Foreign Affairs of the People's Republic of China.\n\n"
        "1. The two sides agreed to hold the next Security Dialogue in China.\n"
    )

    draft = store(text)

    assert draft.mechanism == security_dialogue
    assert Mechanism.objects.count() == 1


# Upload: flagged by date and parties, not only identical text --------------------------------


def test_a_readout_of_another_day_with_the_same_counterpart_is_not_flagged(manager, manager_client):
    earlier = MeetingFactory(held_on=datetime.date(2024, 12, 24))
    response = manager_client.post(reverse("import-start"), {"text": P2P.read_text()})

    assert response.status_code == 302
    assert Meeting.objects.exclude(pk=earlier.pk).count() == 1


def test_the_reviewer_stores_a_flagged_readout_as_a_new_meeting(manager_client, db):
    MeetingFactory(held_on=datetime.date(2024, 12, 25), title="Another meeting that day")
    text = P2P.read_text(encoding="utf-8")

    flagged = manager_client.post(reverse("import-start"), {"text": text})
    stored = manager_client.post(reverse("import-start"), {"text": text, "intent": "new"})

    assert flagged.status_code == 409
    assert stored.status_code == 302
    assert Meeting.objects.count() == 2
