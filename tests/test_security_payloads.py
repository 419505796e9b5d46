"""Script in every text field comes out as text on every page that shows it, and every form
post without a CSRF token is refused.

Each field holds its own payload, so the test can say which field went through unescaped, and
that each was really shown (escaped) somewhere. Pages are read as a manager (who sees the most)
through the test client, HTMX fragments and the admin included.
"""

import datetime

import pytest
from django.test import Client

from meetings import services
from meetings.models import Commitment, Meeting
from meetings.status import Review
from tests.factories import (
    AttendanceFactory,
    CommitmentFactory,
    DivisionFactory,
    ExcerptFactory,
    MechanismFactory,
    MeetingFactory,
    PartyFactory,
    PersonFactory,
    ReadoutFactory,
    TopicFactory,
    UpdateFactory,
    UserFactory,
    home_party,
)
from webhooks import services as webhook_services
from webhooks.models import Delivery

pytestmark = pytest.mark.django_db


def payload(field: str) -> str:
    return f'<script>alert("{field}")</script><img src=x onerror=alert("{field}")>'


def escaped(field: str) -> str:
    return f"&lt;script&gt;alert(&quot;{field}&quot;)&lt;/script&gt;"


FIELDS = (
    "party.name",
    "person.name",
    "mechanism.name",
    "topic.name",
    "division.name",
    "meeting.title",
    "meeting.place",
    "meeting.occasion",
    "attendance.title",
    "commitment.title",
    "commitment.text",
    "commitment.target",
    "commitment.paragraph",
    "update.note",
    "user.first_name",
    "draft.title",
    "readout.text",
    "excerpt.text",
    "webhook.name",
    "delivery.error",
    "calendar_feed.name",
    "saved_filter.name",
)


@pytest.fixture
def hostile(db, editor, manager):
    home_party()

    services.create_calendar_feed(user=manager, name=payload("calendar_feed.name")[:100])
    party = PartyFactory(code="CN", name=payload("party.name"))
    mechanism = MechanismFactory(name=payload("mechanism.name"))
    topic = TopicFactory(slug="hostile", name=payload("topic.name"))
    division = DivisionFactory(code="HOSTILE", name=payload("division.name"))
    meeting = MeetingFactory(
        title=payload("meeting.title"),
        place=payload("meeting.place"),
        occasion=payload("meeting.occasion"),
        mechanism=mechanism,
    )
    AttendanceFactory(
        meeting=meeting,
        person=PersonFactory(name=payload("person.name"), party=party),
        title=payload("attendance.title"),
    )
    editor.first_name = payload("user.first_name")[:150]
    editor.save()
    commitment = CommitmentFactory(
        meeting=meeting,
        title=payload("commitment.title"),
        text=payload("commitment.text"),
        target=payload("commitment.target")[:200],
        paragraph="<b>p</b>",
        mechanism=mechanism,
        owner=division,
        assignee=editor,
        topics=[topic],
    )
    UpdateFactory(commitment=commitment, note=payload("update.note"), author=editor)
    # Our readout and theirs, side by side on the meeting's page.
    ReadoutFactory(meeting=meeting, text=payload("readout.text"))
    theirs = ReadoutFactory(meeting=meeting, publisher=party, text="Their account.")
    ExcerptFactory(readout=theirs, commitment=commitment, text=payload("excerpt.text"))
    draft = MeetingFactory(
        title=payload("draft.title"),
        readout=payload("draft.readout"),
        review=Review.DRAFT,
        held_on=datetime.date(2024, 3, 1),
    )
    CommitmentFactory(meeting=draft, review=Review.DRAFT, title="A proposal", text="It said.")
    # A webhook named by a manager, and what a hostile receiver answered.
    webhook, _secret = webhook_services.create_webhook(
        name=payload("webhook.name")[:100],
        url="https://receiver.example/hooks",
        events=["commitment.created"],
        created_by=None,
    )
    Delivery.objects.create(
        webhook=webhook,
        event="commitment.created",
        body="{}",
        failure="status",
        error=payload("delivery.error"),
    )
    # A saved filter's name: in the top bar of every page, and on the saved filters' page.
    services.set_divisions(user=manager, divisions=[division])
    saved = services.save_filter(
        owner=manager, name=payload("saved_filter.name"), query="open=true", division=division
    )
    return {
        "saved_filter": saved,
        "commitment": commitment,
        "meeting": meeting,
        "draft": draft,
        "topic": topic,
        "webhook": webhook,
    }


def pages(hostile) -> list[tuple[str, dict]]:
    commitment, meeting, draft = hostile["commitment"], hostile["meeting"], hostile["draft"]
    htmx = {"HTTP_HX_REQUEST": "true"}
    return [
        ("/", {}),
        ("/commitments/", {}),
        ("/commitments/?q=alert", htmx),
        (f"/commitments/{commitment.pk}/", {}),
        (f"/commitments/?meeting={meeting.pk}&review=", {}),
        ("/meetings/", {}),
        ("/meetings/?q=script", htmx),
        (f"/meetings/{meeting.pk}/", {}),
        ("/counterparts/CN/briefing/", {}),
        ("/meetings/options/?q=script", {}),
        (f"/commitments/replacements/?commitment={commitment.pk}&find_replacement=a", {}),
        ("/meetings/import/", {}),
        (f"/meetings/import/{draft.pk}/", {}),
        ("/admin/meetings/meeting/", {}),
        (f"/admin/meetings/meeting/{meeting.pk}/change/", {}),
        (f"/admin/meetings/meeting/{draft.pk}/change/", {}),
        ("/admin/meetings/commitment/", {}),
        (f"/admin/meetings/commitment/{commitment.pk}/change/", {}),
        (f"/admin/meetings/commitment/{commitment.pk}/add-update/", {}),
        ("/admin/meetings/update/", {}),
        ("/admin/meetings/party/", {}),
        ("/admin/meetings/person/", {}),
        ("/admin/meetings/mechanism/", {}),
        ("/admin/meetings/topic/", {}),
        ("/admin/meetings/division/", {}),
        ("/webhooks/", {}),
        (f"/webhooks/{hostile['webhook'].pk}/", {}),
        ("/accounts/", {}),
        ("/filters/", {}),
        ("/mine/division/", {}),
        # The audit trail shows what was written, names of related records included.
        (f"/commitments/{commitment.pk}/history/", {}),
        (f"/meetings/{meeting.pk}/history/", {}),
        ("/audit/", {}),
        ("/audit/?door=", htmx),
        ("/admin/audit/entry/", {}),
        (f"/admin/audit/entry/{_first_entry(commitment)}/change/", {}),
    ]


def _first_entry(record) -> int:
    from meetings.audit.models import Entry

    return Entry.objects.filter(commitment_ref=record.pk).order_by("pk").first().pk


# What the History tabs must show, escaped: the words written and the names of what is linked.
HISTORY_FIELDS = {
    "commitment": (
        "commitment.title",
        "commitment.text",
        "commitment.target",
        "update.note",
        "division.name",
        "mechanism.name",
        "topic.name",
        "excerpt.text",
    ),
    "meeting": (
        "meeting.title",
        "meeting.place",
        "meeting.occasion",
        "attendance.title",
        "person.name",
        "party.name",
        "readout.text",
        "mechanism.name",
    ),
}


@pytest.mark.parametrize("record", sorted(HISTORY_FIELDS))
def test_script_written_to_a_record_shows_as_text_in_its_history(manager_client, hostile, record):
    html = manager_client.get(f"/{record}s/{hostile[record].pk}/history/").content.decode()

    assert "<script>alert(" not in html
    assert "<img src=x onerror" not in html
    assert {field for field in HISTORY_FIELDS[record] if escaped(field) in html} == set(
        HISTORY_FIELDS[record]
    )


def test_script_in_any_text_field_is_shown_as_text_on_every_page(manager_client, hostile):
    shown = set()
    for path, headers in pages(hostile):
        response = manager_client.get(path, **headers)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert "<script>alert(" not in html, path
        assert "<img src=x onerror" not in html, path
        assert "<b>p</b>" not in html, path
        shown |= {field for field in FIELDS if escaped(field) in html}
    # Every field was really on some page (so the test would have seen it unescaped).
    assert shown == set(FIELDS) - {"commitment.paragraph"}


def test_script_in_text_comes_out_of_the_api_as_the_same_text(viewer_client, hostile):
    commitment = hostile["commitment"]

    data = viewer_client.get(f"/api/v1/commitments/{commitment.pk}/").json()

    assert data["title"] == payload("commitment.title")  # JSON: the text itself, not HTML
    response = viewer_client.get(f"/api/v1/commitments/{commitment.pk}/")
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"


# Forged posts ----------------------------------------------------------------------------------


def forms(hostile) -> list[tuple[str, dict]]:
    commitment, meeting, draft = hostile["commitment"], hostile["meeting"], hostile["draft"]
    return [
        (f"/commitments/{commitment.pk}/updates/", {"version": "1", "note": "forged"}),
        (f"/commitments/{commitment.pk}/assign/", {"version": "1", "owner": "", "assignee": ""}),
        (f"/meetings/{meeting.pk}/link/", {"commitments": [commitment.pk]}),
        ("/meetings/import/", {"text": "forged"}),
        (f"/meetings/import/{draft.pk}/", {"action": "confirm"}),
        (f"/meetings/import/{draft.pk}/discard/", {}),
        ("/accounts/logout/", {}),
        ("/accounts/password_change/", {"old_password": "x", "new_password1": "y"}),
        ("/i18n/setlang/", {"language": "ja"}),
        ("/admin/meetings/topic/add/", {"name": "Forged", "slug": "forged"}),
        (f"/admin/meetings/meeting/{meeting.pk}/delete/", {"post": "yes"}),
        (f"/admin/meetings/commitment/{commitment.pk}/add-update/", {"note": "forged"}),
        ("/api/v1/topics/", {"name": "Forged", "slug": "forged-api"}),
        ("/webhooks/", {"name": "Forged", "url": "https://x.example/", "events": ["x"]}),
        (f"/webhooks/{hostile['webhook'].pk}/pause/", {}),
        (f"/webhooks/{hostile['webhook'].pk}/secret/", {}),
        (f"/webhooks/{hostile['webhook'].pk}/delete/", {}),
        ("/commitments/bulk/", {"selected": [f"{commitment.pk}:1"], "action": "assign"}),
        (f"/commitments/{commitment.pk}/assign-to-me/", {"version": "1"}),
        ("/filters/", {"name": "Forged", "query": "open=true"}),
        (f"/filters/{hostile['saved_filter'].pk}/delete/", {}),
        (f"/notifications/watch/commitment/{commitment.pk}/", {"action": "watch"}),
        ("/notifications/read/", {"all": "true"}),
        ("/notifications/preferences/", {"assigned": "none"}),
    ]


def test_every_form_post_without_a_csrf_token_is_refused(superuser, hostile):
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    meetings_before = Meeting.objects.count()
    commitments_before = Commitment.objects.count()

    for path, data in forms(hostile):
        response = client.post(path, data)

        assert response.status_code == 403, path
    assert Meeting.objects.count() == meetings_before
    assert Commitment.objects.count() == commitments_before
    assert not hostile["topic"].__class__.objects.filter(name="Forged").exists()
    assert "_auth_user_id" in client.session  # the forged logout did not sign anyone out


def test_a_post_from_another_site_with_a_stolen_token_is_refused(superuser, hostile, settings):
    settings.ALLOWED_HOSTS = ["tracker.example.org"]
    client = Client(enforce_csrf_checks=True, HTTP_HOST="tracker.example.org")
    client.force_login(superuser)
    client.get("/", secure=True)
    token = client.cookies["csrftoken"].value

    response = client.post(
        f"/commitments/{hostile['commitment'].pk}/updates/",
        {"version": "1", "note": "forged", "csrfmiddlewaretoken": token},
        secure=True,
        HTTP_ORIGIN="https://evil.example.com",
    )

    assert response.status_code == 403


def test_a_user_without_a_role_signs_in_and_sees_nothing(hostile):
    UserFactory(username="nobody")
    client = Client()
    client.force_login(UserFactory(username="nobody"))

    assert client.get(f"/commitments/{hostile['commitment'].pk}/").status_code == 403
    assert client.get("/api/v1/commitments/").status_code == 403


def test_script_in_titles_and_names_is_text_in_the_inbox_the_watchers_and_the_mail(
    manager, manager_client, editor, hostile
):
    """What notifications repeat of the record (a commitment's and a meeting's title, a
    watcher's name) is text in the inbox, in the watchers' list and in the mail's HTML."""
    from notifications import events, services
    from notifications.kinds import Kind
    from notifications.models import Delivery

    commitment, meeting = hostile["commitment"], hostile["meeting"]
    services.watch(person=manager, target=commitment)
    services.watch(person=editor, target=commitment)
    events.occurred(Kind.MEETING_LINKED, actor=editor, commitment=commitment, meeting=meeting)
    events.occurred(Kind.ASSIGNED, actor=editor, commitment=commitment, recipients=[manager])

    inbox = manager_client.get("/notifications/").content.decode()
    page = manager_client.get(f"/commitments/{commitment.pk}/").content.decode()
    (mail,) = Delivery.objects.all()  # the assignment, mailed at once
    for html in (inbox, page, mail.html_body):
        assert "<script>alert(" not in html
        assert "<img src=x onerror" not in html
    assert escaped("commitment.title") in inbox and escaped("meeting.title") in inbox
    assert escaped("user.first_name") in page  # the editor, among the watchers
    assert escaped("commitment.title") in mail.html_body
    # The text part is text: the title as it was typed.
    assert payload("commitment.title") in mail.text_body
