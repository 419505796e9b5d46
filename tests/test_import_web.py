"""Importing a readout in the web app: upload, review beside the source, confirm or discard."""

import datetime
import io
from pathlib import Path

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from meetings import services
from meetings.devdata.demo import READOUTS
from meetings.importing.parser import parse_readout
from meetings.models import Commitment, Meeting, Update
from meetings.status import Effect, Review, Status
from tests.factories import CommitmentFactory, MechanismFactory, MeetingFactory

BUSAN = READOUTS / "2023-11-25-japan-china-foreign-ministers.txt"
P2P = (
    Path(__file__).resolve().parent
    / "readouts"
    / "2024-12-25-japan-china-people-to-people-dialogue.txt"
)
P2P_DIALOGUE = "Japan-China High-Level People-to-People and Cultural Exchange Dialogue"
START = reverse("import-start")


@pytest.fixture
def seeded(db):
    """The demo data as it stood on 1 January 2024: the Busan meeting and its commitments."""
    call_command("seed_demo", force=True, as_of=datetime.date(2024, 1, 1), stdout=io.StringIO())


def store(path: Path = P2P, **kwargs) -> Meeting:
    text = path.read_text(encoding="utf-8")
    return services.store_draft(parsed=parse_readout(text), readout=text, **kwargs)


def review_url(meeting: Meeting) -> str:
    return reverse("import-review", args=[meeting.pk])


def upload(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")


def review_data(response, **changes) -> dict:
    """The review form as the page drew it, with ``changes`` (by field name) applied."""
    review = response.context["review"]
    data: dict = {"action": "save"}
    for form in [
        review.meeting_form,
        review.formset.management_form,
        *review.formset.forms,
        review.links_form,
    ]:
        for name, field in form.fields.items():
            bound = form[name]
            value = bound.value()
            if isinstance(field.widget, forms.CheckboxInput):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            elif value is not None:
                data[bound.html_name] = str(value)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def row_of(response, title: str) -> int:
    """The formset index of the proposal titled ``title`` on the page."""
    forms_ = response.context["review"].formset.forms
    return next(i for i, form in enumerate(forms_) if form.commitment.title == title)


# Permissions ---------------------------------------------------------------------------------


@pytest.fixture
def draft(db) -> Meeting:
    return store()


@pytest.mark.parametrize("client_name", ["viewer_client", "editor_client"])
@pytest.mark.parametrize(
    "method, url_name",
    [
        ("get", "import-start"),
        ("post", "import-start"),
        ("get", "import-review"),
        ("post", "import-review"),
        ("post", "import-discard"),
    ],
)
def test_viewers_and_editors_may_not_import(request, client_name, method, url_name, draft):
    client = request.getfixturevalue(client_name)
    url = reverse(url_name) if url_name == "import-start" else reverse(url_name, args=[draft.pk])

    response = getattr(client, method)(url)

    assert response.status_code == 403
    assert Meeting.objects.get(pk=draft.pk).review == Review.DRAFT


@pytest.mark.parametrize("url_name", ["import-start", "import-review"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, url_name, draft):
    url = reverse(url_name) if url_name == "import-start" else review_url(draft)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_import_link_is_shown_to_managers_only(manager_client, editor_client):
    assert f'href="{START}"' in manager_client.get("/").content.decode()
    assert f'href="{START}"' not in editor_client.get("/").content.decode()


def test_unsupported_methods_are_refused(manager_client, draft):
    assert manager_client.put(START).status_code == 405
    assert manager_client.get(reverse("import-discard", args=[draft.pk])).status_code == 405


# Upload --------------------------------------------------------------------------------------


def test_manager_uploads_a_readout_and_is_sent_to_its_review(manager_client):
    response = manager_client.post(START, {"file": upload(P2P)})

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == review_url(meeting)
    assert meeting.review == Review.DRAFT
    assert meeting.held_on == datetime.date(2024, 12, 25)
    assert meeting.commitments.filter(review=Review.DRAFT).count() == 5
    assert not meeting.follows_up.exists()


def test_manager_pastes_a_readout_with_its_source_url(manager_client):
    url = "https://www.mofa.go.jp/press/release/pressite_000001_00082.html"

    response = manager_client.post(START, {"text": P2P.read_text(), "source_url": url})

    assert response.status_code == 302
    assert Meeting.objects.get().readouts.get().source_url == url


def test_the_start_page_lists_drafts_awaiting_review(manager_client, draft):
    response = manager_client.get(START)

    assert response.status_code == 200
    assert review_url(draft) in response.content.decode()
    assert list(response.context["drafts"]) == [draft]
    assert response.context["drafts"][0].proposals == 5


NOT_UTF8 = "On 25 November 2023, Señor Wang held a meeting with Ms. Kamikawa.".encode("latin-1")
BAD_INPUT = {
    "nothing": ({}, "text", "The readout is missing"),
    "blank text": ({"text": "   \n  "}, "text", "The readout is missing"),
    "empty file": ({"file": SimpleUploadedFile("r.txt", b"")}, "file", "empty"),
    "binary file": ({"file": SimpleUploadedFile("r.txt", b"\x89PNG\x00\x00")}, "file", "binary"),
    "not UTF-8": ({"file": SimpleUploadedFile("r.txt", NOT_UTF8)}, "file", "not UTF-8"),
    "not a readout": (
        {"text": "Minutes of the tennis club, 3 March 2024.\n\nCourts will be resurfaced."},
        "text",
        "does not look like a meeting readout",
    ),
    "file over 1 MB": (
        {"file": SimpleUploadedFile("r.txt", b"a" * (1024 * 1024 + 1))},
        "file",
        "at most 1 MB",
    ),
    "file and text": (
        {"file": SimpleUploadedFile("r.txt", b"x"), "text": "y"},
        None,
        "not both",
    ),
    "bad source URL": ({"text": "x", "source_url": "not a url"}, "source_url", "valid URL"),
}


@pytest.mark.parametrize("case", BAD_INPUT)
def test_bad_input_is_shown_again_with_what_is_missing_and_nothing_stored(manager_client, case):
    data, field, message = BAD_INPUT[case]

    response = manager_client.post(START, data)

    assert response.status_code == 422
    form = response.context["form"]
    errors = form.errors.get(field or "__all__", [])
    assert any(message in error for error in errors), form.errors
    assert message in response.content.decode().replace("&#x27;", "'")
    assert Meeting.objects.count() == 0


def test_pasted_text_over_1_mb_is_refused_with_a_message(manager_client):
    response = manager_client.post(START, {"text": "a" * (1024 * 1024 + 10)})

    assert response.status_code == 422
    assert "over 1 MB" in response.context["form"].errors["text"][0]
    assert Meeting.objects.count() == 0


def test_a_readout_imported_before_offers_its_draft_and_stores_nothing(manager_client, draft):
    response = manager_client.post(START, {"file": upload(P2P)})

    assert response.status_code == 409
    assert response.context["duplicate"] == draft
    assert f'href="{review_url(draft)}"' in response.content.decode()
    assert Meeting.objects.count() == 1


def test_a_readout_imported_and_confirmed_offers_its_meeting_page(seeded, manager_client):
    busan = Meeting.objects.get(held_on=datetime.date(2023, 11, 25))
    before = Meeting.objects.count()

    response = manager_client.post(START, {"text": BUSAN.read_text()})

    assert response.status_code == 409
    assert f'href="{busan.get_absolute_url()}"' in response.content.decode()
    assert Meeting.objects.count() == before


def test_the_same_source_url_is_a_duplicate_even_with_other_text(manager_client):
    url = "https://www.mofa.go.jp/a_o/c_m1/cn/page.html"
    first = store(source_url=url)

    response = manager_client.post(START, {"text": BUSAN.read_text(), "source_url": url})

    assert response.status_code == 409
    assert response.context["duplicate"] == first


DEV = Path(__file__).resolve().parent / "readouts" / "dev"
JAPANESE = DEV / "jp-ja-2021-11-18-japan-china-fm-telephone.txt"


def test_a_japanese_readout_is_reviewed_beside_its_paragraphs_and_confirmed(db, manager_client):
    response = manager_client.post(START, {"file": upload(JAPANESE)})

    assert response.status_code == 302
    meeting = Meeting.objects.get(review=Review.DRAFT)
    assert meeting.held_on == datetime.date(2021, 11, 18)
    assert set(meeting.parties.values_list("code", flat=True)) == {"JP", "CN"}
    assert [a.person.name for a in meeting.attendances.order_by("order")] == ["林芳正", "王毅"]
    page = manager_client.get(review_url(meeting))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<mark>林大臣から、日本産食品に対する輸入規制の早期撤廃を強く求めました</mark>" in html
    assert [row["sources"][0]["number"] for row in page.context["rows"]] == [
        "2",
        "3",
        "3",
        "4",
        "4",
        "5",
        "5",
    ]

    data = review_data(page)
    data["action"] = "confirm"
    response = manager_client.post(review_url(meeting), data)

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.review == Review.CONFIRMED
    request = meeting.commitments.get(text__contains="輸入規制の早期撤廃")
    assert (request.kind, request.requested_by.code) == ("request", "JP")
    assert list(request.responsible.values_list("code", flat=True)) == ["CN"]


def test_a_readout_without_a_date_is_stored_and_its_review_asks_for_the_date(manager_client):
    text = (DEV / "us-ja-2021-01-27-biden-suga-telephone.txt").read_text(encoding="utf-8")

    response = manager_client.post(START, {"text": text})

    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.held_on is None
    assert meeting.review == Review.DRAFT
    page = manager_client.get(response["Location"])
    assert page.status_code == 200
    assert "give the meeting&#x27;s date below" in page.content.decode()
    assert page.context["review"].meeting_form["held_on"].value() is None


def test_a_draft_without_a_date_is_confirmed_only_once_the_date_is_given(manager_client):
    text = (DEV / "us-ja-2021-01-27-biden-suga-telephone.txt").read_text(encoding="utf-8")
    meeting = services.store_draft(parsed=parse_readout(text), readout=text)
    page = manager_client.get(review_url(meeting))
    data = review_data(page)
    data["action"] = "confirm"

    refused = manager_client.post(review_url(meeting), data)

    assert refused.status_code == 422
    assert "Give the meeting" in str(refused.context["review"].meeting_form.errors["held_on"])
    meeting.refresh_from_db()
    assert meeting.review == Review.DRAFT
    data["meeting-held_on"] = "2021-01-27"
    confirmed = manager_client.post(review_url(meeting), data)
    assert confirmed.status_code == 302
    meeting.refresh_from_db()
    assert meeting.review == Review.CONFIRMED
    assert meeting.held_on == datetime.date(2021, 1, 27)
    assert set(meeting.commitments.values_list("made_on", flat=True)) == {meeting.held_on}


# Review --------------------------------------------------------------------------------------


def test_the_review_shows_each_proposal_beside_its_source_paragraph(manager_client, draft):
    response = manager_client.get(review_url(draft))

    html = response.content.decode()
    assert response.status_code == 200
    for commitment in draft.commitments.all():
        assert commitment.title in html
    assert "<mark>The two sides agreed to expand exchanges between universities" in html
    rows = response.context["rows"]
    assert [row["sources"][0]["number"] for row in rows] == ["1", "2", "3", "4", "5"]


@pytest.mark.parametrize("state", ["unknown", "confirmed"])
def test_review_of_an_unknown_or_confirmed_meeting_is_not_found(manager_client, state):
    pk = MeetingFactory().pk if state == "confirmed" else 999_999

    assert manager_client.get(reverse("import-review", args=[pk])).status_code == 404
    assert manager_client.post(reverse("import-review", args=[pk])).status_code == 404
    assert manager_client.post(reverse("import-discard", args=[pk])).status_code == 404


def test_manager_imports_edits_and_confirms_a_later_meeting_with_its_follow_up(
    seeded, manager_client
):
    promised = Commitment.objects.get(title__startswith="Use the High-Level People-to-People")
    assert promised.status == Status.OPEN

    # Upload.
    response = manager_client.post(START, {"file": upload(P2P)})
    assert response.status_code == 302
    meeting = Meeting.objects.get(review=Review.DRAFT)
    assert meeting.mechanism.name == P2P_DIALOGUE
    url = review_url(meeting)

    # Edit one title.
    page = manager_client.get(url)
    youth = row_of(page, "Promote exchanges among young people in a wide range of fields")
    new_title = "Promote youth exchanges in education, culture, sports and tourism"
    response = manager_client.post(url, review_data(page, **{f"proposal-{youth}-title": new_title}))
    assert response.status_code == 302
    assert meeting.commitments.filter(title=new_title).exists()

    # Reject one and merge two in the same post: the rejection is remembered.
    page = manager_client.get(url)
    safety = row_of(page, "Ensure the safety of Japanese nationals in China")
    universities = row_of(
        page,
        "Expand exchanges between universities and research institutions in the fields of science",
    )
    first = page.context["review"].formset.forms[universities].commitment
    data = review_data(page, **{f"proposal-{safety}-accept": None})
    data["action"] = f"merge:{first.pk}"
    response = manager_client.post(url, data)
    assert response.status_code == 302
    merged = Commitment.objects.get(pk=first.pk)
    assert merged.paragraph == "4, 5"
    assert "Third Dialogue" in merged.text
    assert meeting.commitments.count() == 4

    # Split one, giving the first part of its text.
    page = manager_client.get(url)
    assert page.context["review"].formset.forms[safety].initial["accept"] is False
    visas = row_of(page, "Relax visa requirements for Chinese nationals")
    visa = page.context["review"].formset.forms[visas].commitment
    first_part = (
        "Minister Iwaya stated that Japan would relax visa requirements for Chinese nationals,"
    )
    data = review_data(page, **{f"proposal-{visas}-first_part": first_part})
    data["action"] = f"split:{visa.pk}"
    response = manager_client.post(url, data)
    assert response.status_code == 302
    assert meeting.commitments.count() == 5
    assert Commitment.objects.get(pk=visa.pk).text == first_part.rstrip(",")

    # Accept the proposed "fulfilled" link, then confirm.
    page = manager_client.get(url)
    links = page.context["review"].links_form
    proposed = {link.commitment.pk: link.effect for link in links.follow_ups}
    assert proposed[promised.pk] == Effect.FULFILLED
    data = review_data(page, **{f"link-accept_{promised.pk}": "on"})
    data["action"] = "confirm"
    response = manager_client.post(url, data)

    meeting.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.review == Review.CONFIRMED
    confirmed = meeting.commitments.all()
    assert set(confirmed.values_list("review", flat=True)) == {Review.CONFIRMED}
    assert confirmed.count() == 4  # five after the split, less the rejected one
    assert not confirmed.filter(title="Ensure the safety of Japanese nationals in China").exists()
    assert confirmed.filter(title=new_title).exists()
    promised.refresh_from_db()
    assert promised.status == Status.FULFILLED
    update = promised.updates.get(meeting=meeting)
    assert update.effect == Effect.FULFILLED
    assert update.happened_on == datetime.date(2024, 12, 25)
    # The rest of the follow-up proposals were not accepted, so nothing else was linked.
    assert Update.objects.filter(meeting=meeting).count() == 1
    assert "import-review-" not in "".join(manager_client.session.keys())


def test_edited_meeting_fields_are_applied_on_confirm(manager_client, draft):
    page = manager_client.get(review_url(draft))
    data = review_data(
        page,
        **{
            "meeting-title": "Second People-to-People Dialogue",
            "meeting-place": "Beijing, China",
            "meeting-duration_minutes": "150",
            "meeting-held_on": "2024-12-24",
        },
    )
    data["action"] = "confirm"

    response = manager_client.post(review_url(draft), data)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.place, draft.duration_minutes) == (
        "Second People-to-People Dialogue",
        "Beijing, China",
        150,
    )
    assert draft.held_on == datetime.date(2024, 12, 24)
    assert draft.review == Review.CONFIRMED
    assert draft.commitments.filter(review=Review.CONFIRMED).count() == 5


def test_accepted_earlier_meetings_are_linked_on_confirm(db, manager_client):
    summit = MeetingFactory(title="Japan-China Summit Meeting", held_on=datetime.date(2023, 11, 16))
    busan = store(BUSAN)
    page = manager_client.get(review_url(busan))
    assert page.context["review"].links_form.fields["follows_up"].choices == [
        (str(summit.pk), str(summit))
    ]
    data = review_data(page, **{"link-follows_up": [str(summit.pk)]})
    data["action"] = "confirm"

    response = manager_client.post(review_url(busan), data)

    assert response.status_code == 302
    assert list(Meeting.objects.get(pk=busan.pk).follows_up.all()) == [summit]


def test_invalid_rows_are_shown_with_their_errors_and_nothing_is_stored(manager_client, draft):
    page = manager_client.get(review_url(draft))
    safety = row_of(page, "Ensure the safety of Japanese nationals in China")
    youth = row_of(page, "Promote exchanges among young people in a wide range of fields")
    typed = "A title I typed and do not want to lose"
    data = review_data(
        page,
        **{
            f"proposal-{safety}-requested_by": "",
            f"proposal-{youth}-title": "",
            f"proposal-{youth}-responsible": None,
            f"proposal-{youth}-kind": "promise",
            "proposal-0-due_on": "not a date",
            "meeting-title": typed,
        },
    )
    data["action"] = "confirm"
    titles_before = list(draft.commitments.order_by("pk").values_list("title", flat=True))

    response = manager_client.post(review_url(draft), data)

    assert response.status_code == 422
    forms_ = response.context["review"].formset.forms
    assert "requested_by" in forms_[safety].errors
    assert {"title", "responsible", "kind"} <= set(forms_[youth].errors)
    assert "due_on" in forms_[0].errors
    assert typed in response.content.decode()
    draft.refresh_from_db()
    assert draft.review == Review.DRAFT
    assert draft.title != typed
    assert list(draft.commitments.order_by("pk").values_list("title", flat=True)) == titles_before


def test_a_rejected_row_need_not_be_complete(manager_client, draft):
    page = manager_client.get(review_url(draft))
    data = review_data(page, **{"proposal-0-title": "", "proposal-0-accept": None})
    data["action"] = "confirm"

    response = manager_client.post(review_url(draft), data)

    assert response.status_code == 302
    assert draft.commitments.count() == 4


def test_a_continuing_commitment_cannot_be_marked_fulfilled_by_a_link(db, manager_client):
    mechanism = MechanismFactory(name=P2P_DIALOGUE)
    earlier = MeetingFactory(held_on=datetime.date(2023, 11, 25))
    ongoing = CommitmentFactory(
        meeting=earlier, mechanism=mechanism, continuing=True, status=Status.ONGOING
    )
    draft = store()
    page = manager_client.get(review_url(draft))
    suggested = {
        link.commitment.pk: link.effect for link in page.context["review"].links_form.follow_ups
    }
    assert suggested[ongoing.pk] == Effect.ADVANCED
    data = review_data(
        page, **{f"link-accept_{ongoing.pk}": "on", f"link-effect_{ongoing.pk}": "fulfilled"}
    )
    data["action"] = "confirm"

    response = manager_client.post(review_url(draft), data)

    assert response.status_code == 422
    assert f"effect_{ongoing.pk}" in response.context["review"].links_form.errors
    assert not ongoing.updates.exists()
    assert Meeting.objects.get(pk=draft.pk).review == Review.DRAFT


def test_confirm_is_all_or_nothing(manager_client, seeded, monkeypatch):
    draft = store()
    promised = Commitment.objects.get(title__startswith="Use the High-Level People-to-People")
    page = manager_client.get(review_url(draft))
    data = review_data(
        page, **{f"link-accept_{promised.pk}": "on", "proposal-0-title": "Edited title"}
    )
    data["action"] = "confirm"

    def refuse(**kwargs):
        from django.core.exceptions import ValidationError

        raise ValidationError("The timeline refused the update.")

    monkeypatch.setattr("meetings.services.imports.record_update", refuse)
    response = manager_client.post(review_url(draft), data)

    assert response.status_code == 422
    assert "The timeline refused the update." in response.content.decode()
    draft.refresh_from_db()
    assert draft.review == Review.DRAFT
    assert set(draft.commitments.values_list("review", flat=True)) == {Review.DRAFT}
    assert not draft.commitments.filter(title="Edited title").exists()


def test_merging_the_last_proposal_is_refused(manager_client, draft):
    page = manager_client.get(review_url(draft))
    last = page.context["review"].formset.forms[-1].commitment
    data = review_data(page, action=f"merge:{last.pk}")

    response = manager_client.post(review_url(draft), data)

    assert response.status_code == 422
    assert "no next one" in response.content.decode()
    assert draft.commitments.count() == 5


@pytest.mark.parametrize(
    "first_part, message",
    [("", "Give the first part"), ("Words that are not there", "exactly as the text begins")],
)
def test_a_split_needs_the_first_part_of_the_text(manager_client, draft, first_part, message):
    page = manager_client.get(review_url(draft))
    target = page.context["review"].formset.forms[0].commitment
    data = review_data(page, action=f"split:{target.pk}", **{"proposal-0-first_part": first_part})

    response = manager_client.post(review_url(draft), data)

    assert response.status_code == 422
    assert any(
        message in e for e in response.context["review"].formset.forms[0].errors["first_part"]
    )
    assert draft.commitments.count() == 5


def test_a_page_drawn_before_a_merge_elsewhere_is_refused(manager_client, draft):
    page = manager_client.get(review_url(draft))
    forms_ = page.context["review"].formset.forms
    services.merge_drafts(first=forms_[0].commitment, second=forms_[1].commitment)

    response = manager_client.post(review_url(draft), review_data(page))

    assert response.status_code == 422
    assert "changed since this page was loaded" in response.content.decode()


def test_an_unknown_action_is_refused(manager_client, draft):
    response = manager_client.post(review_url(draft), {"action": "publish-everything"})

    assert response.status_code == 422
    assert Meeting.objects.get(pk=draft.pk).review == Review.DRAFT


def test_discard_deletes_the_draft_and_its_proposals(manager_client, draft):
    response = manager_client.post(reverse("import-discard", args=[draft.pk]))

    assert response.status_code == 302
    assert response["Location"] == START
    assert not Meeting.objects.filter(pk=draft.pk).exists()
    assert not Commitment.objects.filter(meeting_id=draft.pk).exists()
    assert manager_client.get(review_url(draft)).status_code == 404


# Query counts --------------------------------------------------------------------------------


def numbered_readout(n: int) -> str:
    paragraphs = "\n".join(
        f"{i}. The two ministers agreed to hold consultations on subject number {i} "
        "at an early date."
        for i in range(1, n + 1)
    )
    return (
        "Japan-China Foreign Ministers' Meeting\n\nMarch 3, 2024\n\n"
        "On March 3, commencing at 10:00 a.m. for approximately 60 minutes, Ms. KAMIKAWA Yoko, "
        "Minister for Foreign Affairs of Japan, held a meeting with H.E. Mr. Wang Yi, Foreign "
        "Minister of the People's Republic of China. The overview is as follows.\n\n"
        f"{paragraphs}\n"
    )


# Session, user and permissions (with the data version they are cached by), the unread count
# in the top bar, the draft with its
# parties and attendance, the four choice lists, the drafts with their parties and topics, and
# the follow-up candidates (the counterparts, then those through the mechanism and the newest).
REVIEW_QUERY_CEILING = 24  # with its readout, and the mechanisms it names matched; the
# saved filters in the top bar; the data versions the person is kept under


@pytest.mark.parametrize("n", [1, 30])
def test_the_review_page_query_count_does_not_grow_with_proposals(
    manager_client, django_assert_max_num_queries, n
):
    earlier = MeetingFactory(held_on=datetime.date(2023, 11, 25))
    CommitmentFactory.create_batch(n, meeting=earlier)  # each echoed by the new readout
    text = numbered_readout(n)
    draft = services.store_draft(parsed=parse_readout(text), readout=text)
    assert draft.commitments.count() == n

    with django_assert_max_num_queries(REVIEW_QUERY_CEILING):
        response = manager_client.get(review_url(draft))

    assert response.status_code == 200
    assert len(response.context["rows"]) == n
    # Each echoed commitment is proposed once: as "reaffirms #N" on the draft repeating it, or
    # as a follow-up link.
    repeats = [row["form"].repeat for row in response.context["rows"] if row["form"].repeat]
    assert len(repeats) + len(response.context["review"].links_form.follow_ups) == n
