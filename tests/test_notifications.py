"""Watching and notifications through the doors people use: who watches what, who hears of
what (assignment, status move, linked later meeting, new commitment, a confirmed import), in
which language, and what they choose. Mail is queued here (the outbox); tests/test_mail_outbox.py
and tests/test_notification_mail.py send it through a real SMTP server."""

import datetime

import pytest
from django.urls import reverse

from meetings.models import Commitment, Meeting
from meetings.status import Effect, Review, Status
from notifications.kinds import DeliveryStatus, Kind, Mode, Reason
from notifications.models import Delivery, Notification, Preference, Watch
from tests.factories import (
    CommitmentFactory,
    MechanismFactory,
    MeetingFactory,
    PartyFactory,
    TopicFactory,
    UserFactory,
    home_party,
)


@pytest.fixture
def commitment(db):
    home_party()
    return CommitmentFactory(title="Hold the Japan-China Security Dialogue at an early date")


@pytest.fixture
def desk(db):
    """A desk officer (editor) who follows commitments up."""
    return UserFactory(username="desk", role="editor", email="desk@example.org")


def entries_of(person, **filters):
    return list(Notification.objects.filter(recipient=person, **filters))


def assign(client, commitment, assignee):
    return client.post(
        reverse("commitment-assign", args=[commitment.pk]),
        {"owner": "", "assignee": assignee.pk, "version": commitment.version},
    )


def record(client, commitment, **data):
    commitment.refresh_from_db()
    return client.post(
        reverse("commitment-record-update", args=[commitment.pk]),
        {"version": commitment.version, "happened_on": "", **data},
    )


# Assignment -------------------------------------------------------------------------------------


def test_the_assignee_is_told_watches_and_gets_a_mail_at_once(
    commitment, desk, editor, editor_client
):
    answer = assign(editor_client, commitment, desk)

    assert answer.status_code == 302
    (entry,) = entries_of(desk)
    assert entry.kind == Kind.ASSIGNED and entry.actor == editor
    assert entry.commitment == commitment and entry.mode == Mode.IMMEDIATE
    assert entry.delivery.to_address == "desk@example.org"
    assert entry.delivery.status == DeliveryStatus.PENDING  # the worker sends it, later
    assert "Hold the Japan-China Security Dialogue at an early date" in entry.delivery.subject
    assert Watch.objects.get(person=desk, commitment=commitment).reason == Reason.ASSIGNED
    assert entries_of(editor) == []  # nobody is told of their own action


def test_assigning_oneself_tells_nobody(commitment, editor, editor_client):
    assign(editor_client, commitment, editor)

    assert Notification.objects.count() == 0
    assert Delivery.objects.count() == 0
    assert Watch.objects.filter(person=editor, commitment=commitment).exists()


def test_a_refused_assignment_tells_nobody(commitment, desk, editor_client):
    stale = {"owner": "", "assignee": desk.pk, "version": commitment.version + 5}

    editor_client.post(reverse("commitment-assign", args=[commitment.pk]), stale)

    assert Notification.objects.count() == 0
    assert Delivery.objects.count() == 0


def test_assignment_through_the_api_is_told_too(commitment, desk, editor):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(editor)

    answer = api.post(
        f"/api/v1/commitments/{commitment.pk}/assign/",
        {"owner": None, "assignee": desk.pk, "version": commitment.version},
        format="json",
    )

    assert answer.status_code == 200, answer.content
    (entry,) = entries_of(desk)
    assert entry.kind == Kind.ASSIGNED and entry.actor == editor


# Status moves and later meetings ----------------------------------------------------------------


def test_a_status_move_tells_the_watchers_but_not_its_author(
    commitment, desk, editor, editor_client
):
    assign(editor_client, commitment, desk)
    Notification.objects.all().delete()

    answer = record(editor_client, commitment, status=Status.IN_PROGRESS, note="Talks began.")

    assert answer.status_code in (200, 302)
    (entry,) = entries_of(desk)
    assert entry.kind == Kind.STATUS_CHANGED
    assert entry.details["from"] == Status.OPEN and entry.details["to"] == Status.IN_PROGRESS
    assert entry.delivery is not None  # status moves are mailed at once by default
    assert entries_of(editor) == []
    # Whoever records an update watches the commitment from then on.
    assert Watch.objects.get(person=editor, commitment=commitment).reason == Reason.RECORDED


def test_the_author_of_an_update_hears_of_the_next_persons_move(
    commitment, desk, editor, editor_client
):
    record(editor_client, commitment, note="Raised at working level.")
    desk_client = _client(desk)

    record(desk_client, commitment, status=Status.STALLED, note="China declined to set a date.")

    (entry,) = entries_of(editor)
    assert entry.kind == Kind.STATUS_CHANGED and entry.actor == desk


def test_a_linked_later_meeting_tells_the_watchers_of_the_commitment_and_of_the_meeting(
    commitment, desk, editor, editor_client
):
    later = MeetingFactory(title="Japan-China Summit Meeting", held_on=datetime.date(2024, 11, 15))
    meeting_watcher = UserFactory(username="mw", role="viewer")
    Watch.objects.create(person=desk, commitment=commitment)
    Watch.objects.create(person=meeting_watcher, meeting=later)

    answer = record(
        editor_client,
        commitment,
        meeting=later.pk,
        effect=Effect.REAFFIRMED,
        note="Agreed again to hold it early next year.",
    )

    assert answer.status_code in (200, 302)
    for person in (desk, meeting_watcher):
        (entry,) = entries_of(person)
        assert entry.kind == Kind.MEETING_LINKED and entry.meeting == later
        assert entry.mode == Mode.DIGEST and entry.delivery is None  # the digest's, by default


# New commitments --------------------------------------------------------------------------------


def test_a_new_commitment_tells_those_watching_its_counterpart_or_mechanism(db, manager):
    from rest_framework.test import APIClient

    home_party()
    china, korea = PartyFactory(code="CN"), PartyFactory(code="KR")
    dialogue = MechanismFactory(name="Japan-China Security Dialogue")
    meeting = MeetingFactory(parties=[home_party(), china])
    by_counterpart = UserFactory(username="cn-desk", role="viewer")
    by_mechanism = UserFactory(username="dialogue-desk", role="viewer")
    elsewhere = UserFactory(username="kr-desk", role="viewer")
    Watch.objects.create(person=by_counterpart, party=china)
    Watch.objects.create(person=by_mechanism, mechanism=dialogue)
    Watch.objects.create(person=elsewhere, party=korea)
    api = APIClient()
    api.force_authenticate(manager)

    answer = api.post(
        "/api/v1/commitments/",
        {
            "meeting": meeting.pk,
            "title": "Hold the Japan-China Security Dialogue at an early date",
            "text": "The two ministers shared the view to hold the Security Dialogue early.",
            "kind": "joint",
            "responsible": ["JP", "CN"],
            "mechanism": dialogue.pk,
            "topics": [TopicFactory(slug="security").slug],
        },
        format="json",
    )

    assert answer.status_code == 201, answer.content
    for person in (by_counterpart, by_mechanism):
        (entry,) = entries_of(person)
        assert entry.kind == Kind.NEW_COMMITMENT
        assert entry.commitment.title.startswith("Hold the Japan-China Security Dialogue")
    assert entries_of(elsewhere) == []
    assert entries_of(manager) == []


def test_drafts_tell_nobody(db, desk):
    home_party()
    china = PartyFactory(code="CN")
    watcher = UserFactory(username="cn-desk", role="viewer")
    Watch.objects.create(person=watcher, party=china)
    from meetings import services

    draft_meeting = MeetingFactory(review=Review.DRAFT, parties=[home_party(), china])
    services.create_commitment(
        fields={
            "meeting": draft_meeting,
            "title": "A proposed commitment",
            "kind": "joint",
            "review": Review.DRAFT,
            "assignee": desk,
        },
        text="Proposed by an import.",
        responsible=[china],
    )

    assert Notification.objects.count() == 0
    assert Delivery.objects.count() == 0


# A confirmed import ----------------------------------------------------------------------------


def test_confirming_an_import_tells_each_watcher_once(db, manager_client, manager):
    """The watcher of China and of the commitment the new meeting fulfils hears of it once."""
    import io

    from django.core.management import call_command

    from tests.test_import_web import P2P, START, review_data, upload

    call_command("seed_demo", force=True, as_of=datetime.date(2024, 1, 1), stdout=io.StringIO())
    promised = Commitment.objects.get(title__startswith="Use the High-Level People-to-People")
    watcher = UserFactory(username="cn-desk", role="viewer")
    Watch.objects.create(person=watcher, party=PartyFactory(code="CN"))
    Watch.objects.create(person=watcher, commitment=promised)
    manager_client.post(START, {"file": upload(P2P)})
    meeting = Meeting.objects.get(review=Review.DRAFT)
    url = reverse("import-review", args=[meeting.pk])
    assert entries_of(watcher) == []  # the draft told nobody

    page = manager_client.get(url)
    data = review_data(page, **{f"link-accept_{promised.pk}": "on"})
    data["action"] = "confirm"
    answer = manager_client.post(url, data)

    assert answer.status_code == 302
    (entry,) = entries_of(watcher)
    assert entry.kind == Kind.READOUT_CONFIRMED and entry.meeting_id == meeting.pk
    assert entry.details["followed_up"] >= 1 and entry.details["published"] >= 1
    assert promised.title in entry.details["titles"]
    assert entries_of(manager) == []


# Preferences ------------------------------------------------------------------------------------


def test_the_defaults_are_at_once_for_assignment_and_moves_and_the_digest_for_the_rest(
    desk, viewer_client
):
    page = viewer_client.get(reverse("notification-preferences"))

    form = page.context["form"]
    assert form[Kind.ASSIGNED].initial == Mode.IMMEDIATE
    assert form[Kind.STATUS_CHANGED].initial == Mode.IMMEDIATE
    assert form[Kind.MEETING_LINKED].initial == Mode.DIGEST
    assert form[Kind.NEW_COMMITMENT].initial == Mode.DIGEST
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]


def test_a_person_who_chose_the_inbox_only_gets_no_mail(commitment, desk, editor_client):
    desk_client = _client(desk)
    choices = {kind: Mode.DIGEST for kind in Kind.values} | {Kind.ASSIGNED: Mode.NONE}

    saved = desk_client.post(reverse("notification-preferences"), choices)
    assign(editor_client, commitment, desk)

    assert saved.status_code == 302
    (entry,) = entries_of(desk)
    assert entry.mode == Mode.NONE and entry.delivery is None
    assert Delivery.objects.count() == 0


def test_a_digest_entry_waits_for_the_digest(commitment, desk, editor_client):
    Preference.objects.create(person=desk, kind=Kind.ASSIGNED, mode=Mode.DIGEST)

    assign(editor_client, commitment, desk)

    from notifications.selectors import awaiting_digest

    assert [entry.recipient for entry in awaiting_digest()] == [desk]
    assert Delivery.objects.count() == 0


def test_a_preference_out_of_the_choices_is_refused_and_the_form_shown_again(viewer_client):
    choices = {kind: Mode.DIGEST for kind in Kind.values} | {Kind.ASSIGNED: "hourly"}

    answer = viewer_client.post(reverse("notification-preferences"), choices)

    assert answer.status_code == 422
    assert "Choose at once, the daily digest or the inbox only." in answer.content.decode()
    assert Preference.objects.count() == 0


# Mail in the person's language ------------------------------------------------------------------


def test_the_mail_is_written_in_the_site_language_with_an_absolute_link(
    commitment, desk, editor_client, settings
):
    settings.LANGUAGE_CODE = "ja"
    settings.SITE_URL = "https://tracker.example.go.jp"

    assign(editor_client, commitment, desk)

    delivery = Delivery.objects.get()
    assert delivery.language == "ja"
    assert "割り当て" in delivery.subject
    assert "Hold the Japan-China Security Dialogue at an early date" in delivery.text_body
    link = f"https://tracker.example.go.jp/commitments/{commitment.pk}/"
    assert link in delivery.text_body and f'href="{link}"' in delivery.html_body
    assert delivery.message_id.endswith("@tracker.example.go.jp>")


# The inbox --------------------------------------------------------------------------------------


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_the_top_bar_counts_unread_entries_and_the_inbox_links_to_the_page(
    commitment, desk, editor_client
):
    assign(editor_client, commitment, desk)
    desk_client = _client(desk)

    dashboard = desk_client.get(reverse("dashboard")).content.decode()
    inbox = desk_client.get(reverse("notification-inbox")).content.decode()

    assert 'class="badge unread-count"' in dashboard and ">1</span>" in dashboard
    assert f'href="{commitment.get_absolute_url()}"' in inbox
    assert "eddie assigned “Hold the Japan-China Security Dialogue at an early date” to you." in (
        inbox
    )


def test_marking_one_read_and_all_read(commitment, desk, editor_client):
    assign(editor_client, commitment, desk)
    record(editor_client, commitment, status=Status.IN_PROGRESS, note="Talks began.")
    newest, _older = entries_of(desk)
    desk_client = _client(desk)

    one = desk_client.post(reverse("notification-mark-read"), {"notification": newest.pk})
    assert one.status_code == 302
    assert [e.read_at is not None for e in entries_of(desk)] == [True, False]

    desk_client.post(reverse("notification-mark-read"), {"all": "true"})
    assert all(e.read_at for e in entries_of(desk))
    page = desk_client.get(reverse("dashboard")).content.decode()
    assert "unread-count" not in page


def test_nobody_marks_anothers_entries_read(commitment, desk, editor_client, viewer_client):
    assign(editor_client, commitment, desk)
    (entry,) = entries_of(desk)

    viewer_client.post(reverse("notification-mark-read"), {"notification": entry.pk})

    entry.refresh_from_db()
    assert entry.read_at is None


def test_marking_nothing_read_is_answered_with_the_reason(viewer_client):
    answer = viewer_client.post(reverse("notification-mark-read"), {})

    assert answer.status_code == 422
    assert "Choose what to mark read." in answer.content.decode()


@pytest.mark.parametrize("n", [1, 60])
def test_the_inbox_takes_a_fixed_number_of_queries(
    n, commitment, desk, editor, django_assert_max_num_queries
):
    Notification.objects.bulk_create(
        Notification(
            recipient=desk,
            kind=Kind.STATUS_CHANGED,
            actor=editor,
            commitment=commitment,
            details={"from": "open", "to": "in_progress"},
            mode=Mode.IMMEDIATE,
        )
        for _ in range(n)
    )
    desk_client = _client(desk)

    # Session, the data versions (the person is kept under), user, permissions, the unread
    # count, the page's count and its entries.
    with django_assert_max_num_queries(9):
        answer = desk_client.get(reverse("notification-inbox"))
    assert answer.status_code == 200


# Watch and Unwatch ------------------------------------------------------------------------------


def test_watch_without_javascript_goes_back_to_the_page(commitment, viewer, viewer_client):
    url = reverse("watch", args=["commitment", commitment.pk])

    answer = viewer_client.post(url, {"action": "watch", "next": commitment.get_absolute_url()})

    assert answer.status_code == 302
    assert answer["Location"] == commitment.get_absolute_url()
    assert Watch.objects.get(person=viewer, commitment=commitment).reason == Reason.ASKED
    page = viewer_client.get(commitment.get_absolute_url()).content.decode()
    assert "Unwatch" in page and "vera" in page  # the watchers are listed


def test_watch_with_htmx_swaps_the_button_and_lists_the_watchers(commitment, viewer_client):
    url = reverse("watch", args=["commitment", commitment.pk])

    answer = viewer_client.post(url, {"action": "watch"}, headers={"HX-Request": "true"})

    assert answer.status_code == 200
    html = answer.content.decode()
    assert f'id="watch-commitment-{commitment.pk}"' in html
    assert 'value="unwatch"' in html and "vera" in html
    assert "<html" not in html


def test_unwatch_stops_the_notifications(commitment, desk, editor_client):
    assign(editor_client, commitment, desk)
    desk_client = _client(desk)
    desk_client.post(reverse("watch", args=["commitment", commitment.pk]), {"action": "unwatch"})
    Notification.objects.all().delete()

    record(editor_client, commitment, status=Status.IN_PROGRESS, note="Talks began.")

    assert entries_of(desk) == []


def test_a_meeting_a_mechanism_and_a_counterpart_have_the_button(db, viewer, viewer_client):
    home_party()
    china = PartyFactory(code="CN")
    meeting = MeetingFactory(parties=[home_party(), china])
    dialogue = MechanismFactory(name="Japan-China Security Dialogue")
    pages = {
        "meeting": (meeting.pk, meeting.get_absolute_url()),
        "mechanism": (dialogue.pk, dialogue.get_absolute_url()),
        "counterpart": ("CN", reverse("briefing", args=["CN"])),
    }

    for kind, (key, page) in pages.items():
        assert 'value="watch"' in viewer_client.get(page).content.decode(), kind
        answer = viewer_client.post(reverse("watch", args=[kind, key]), {"action": "watch"})
        assert answer.status_code == 302 and answer["Location"] == page

    assert Watch.objects.filter(person=viewer).count() == 3
    assert Watch.objects.get(person=viewer, party__isnull=False).party == china


def test_our_own_party_and_unknown_things_cannot_be_watched(db, viewer_client):
    home_party()

    for kind, key in [("counterpart", "JP"), ("topic", "1"), ("commitment", "999999")]:
        answer = viewer_client.post(reverse("watch", args=[kind, key]), {"action": "watch"})
        assert answer.status_code == 404
    assert Watch.objects.count() == 0


def test_watch_refuses_an_unknown_action_and_a_foreign_next(commitment, viewer_client):
    url = reverse("watch", args=["commitment", commitment.pk])

    refused = viewer_client.post(url, {"action": "subscribe"})
    sent_home = viewer_client.post(url, {"action": "watch", "next": "https://evil.example/"})

    assert refused.status_code == 422
    assert sent_home["Location"] == commitment.get_absolute_url()


def test_the_mail_is_written_in_the_persons_own_language(commitment, desk, editor_client):
    from meetings import services

    services.set_language(user=desk, language="ja")

    assign(editor_client, commitment, desk)

    delivery = Delivery.objects.get()
    assert delivery.language == "ja"
    assert delivery.subject.startswith("[tracker] 自分への割り当て: ")
    assert "eddieさんが「Hold the Japan-China Security Dialogue at an early date」" in (
        delivery.text_body
    )
    assert '<html lang="ja">' in delivery.html_body


def test_a_watched_mechanism_can_still_be_deleted_and_its_watches_go_with_it(db, viewer, superuser):
    dialogue = MechanismFactory(name="A dialogue entered by mistake")
    Watch.objects.create(person=viewer, mechanism=dialogue)
    admin = _client(superuser)

    answer = admin.post(
        reverse("admin:meetings_mechanism_delete", args=[dialogue.pk]), {"post": "yes"}
    )

    assert answer.status_code == 302
    assert not Watch.objects.exists()


def test_the_preferences_page_takes_a_fixed_number_of_queries(
    viewer, viewer_client, django_assert_max_num_queries
):
    Preference.objects.create(person=viewer, kind=Kind.MEETING_LINKED, mode=Mode.NONE)

    # Session, the data versions (the person is kept under), user, permissions, the saved
    # filters and unread count in the top bar, the person's choices.
    with django_assert_max_num_queries(8):
        page = viewer_client.get(reverse("notification-preferences"))

    assert page.status_code == 200
    assert page.context["form"][Kind.MEETING_LINKED].initial == Mode.NONE
    assert (
        reverse("notification-preferences")
        in viewer_client.get(reverse("account")).content.decode()
    )


def test_assign_to_me_and_a_bulk_assignment_tell_nobody_of_their_own_doing(
    commitment, desk, editor, editor_client
):
    desk_client = _client(desk)

    mine = desk_client.post(
        reverse("commitment-assign-to-me", args=[commitment.pk]), {"version": commitment.version}
    )
    commitment.refresh_from_db()
    bulk = editor_client.post(
        "/commitments/bulk/",
        {
            "selected": [f"{commitment.pk}:{commitment.version}"],
            "action": "assign",
            "assignee": editor.pk,
            "owner": "",
        },
    )

    assert mine.status_code == 302 and bulk.status_code == 302
    commitment.refresh_from_db()
    assert commitment.assignee == editor
    assert Notification.objects.count() == 0
    assert Watch.objects.filter(commitment=commitment).count() == 2  # both assignees watch


def test_a_bulk_assignment_tells_the_assignee_who_did_it(commitment, desk, editor, editor_client):
    editor_client.post(
        "/commitments/bulk/",
        {
            "selected": [f"{commitment.pk}:{commitment.version}"],
            "action": "assign",
            "assignee": desk.pk,
            "owner": "",
        },
    )

    (entry,) = entries_of(desk)
    assert entry.kind == Kind.ASSIGNED and entry.actor == editor
