"""Calendars: a person's open commitments (and a counterpart's) as all-day events on the day
each is due or expected by, read back with the icalendar library as a calendar app reads
them; the private address for apps that cannot sign in is shown once, stored as a digest,
and answers 404 once revoked."""

import datetime

import icalendar
import pytest
from django.test import Client
from django.utils import timezone

from meetings import services
from meetings.models import CalendarFeed, Commitment, digest_of
from meetings.status import Review, Status
from notifications import services as notifications
from tests.factories import CommitmentFactory, MeetingFactory, PartyFactory, home_party

pytestmark = pytest.mark.django_db

MINE = "/calendar/mine.ics"


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def events(response) -> dict[str, icalendar.Event]:
    """The feed's events by summary, parsed as a calendar app parses them."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_my_calendar_holds_my_open_commitments_on_their_dates_as_all_day_events(
    editor, editor_client
):
    mine = CommitmentFactory(title="Hold the Security Dialogue", assignee=editor, due_on=days(20))
    CommitmentFactory(title="Someone else's", due_on=days(20))
    CommitmentFactory(
        title="Already fulfilled", assignee=editor, due_on=days(5), status=Status.FULFILLED
    )
    CommitmentFactory(title="Still a draft", assignee=editor, due_on=days(5), review=Review.DRAFT)

    found = events(editor_client.get(MINE))

    assert list(found) == ["Hold the Security Dialogue"]
    event = found["Hold the Security Dialogue"]
    assert event.decoded("DTSTART") == days(20)
    assert event.decoded("DTEND") == days(21)
    assert not isinstance(event.decoded("DTSTART"), datetime.datetime)  # all day
    assert str(event["URL"]) == f"http://testserver/commitments/{mine.pk}/"
    assert f"http://testserver/commitments/{mine.pk}/" in str(event["DESCRIPTION"])
    assert "Due on" in str(event["DESCRIPTION"])


def test_an_overdue_commitment_is_in_the_calendar_and_says_so(editor, editor_client):
    CommitmentFactory(title="Lift the import ban", assignee=editor, due_on=days(-3))
    CommitmentFactory(title="Due today", assignee=editor, due_on=today())

    found = events(editor_client.get(MINE))

    assert set(found) == {"Overdue: Lift the import ban", "Due today"}
    assert found["Overdue: Lift the import ban"].decoded("DTSTART") == days(-3)
    assert [str(c) for c in found["Overdue: Lift the import ban"]["CATEGORIES"].cats] == ["Overdue"]


def test_a_vague_target_puts_the_commitment_on_its_expected_by_date(editor, editor_client):
    meeting = MeetingFactory(held_on=today() - datetime.timedelta(days=100))
    CommitmentFactory(
        meeting=meeting, title="Security Dialogue", assignee=editor, target="at an early date"
    )
    CommitmentFactory(meeting=meeting, title="No date at all", assignee=editor)

    found = events(editor_client.get(MINE))

    assert list(found) == ["Security Dialogue"]
    assert found["Security Dialogue"].decoded("DTSTART") == days(80)  # 180 days after
    assert "“at an early date”" in str(found["Security Dialogue"]["DESCRIPTION"])


def test_each_commitment_keeps_its_uid_from_read_to_read_and_feed_to_feed(
    editor, editor_client, viewer_client
):
    commitment = CommitmentFactory(title="Security Dialogue", assignee=editor, due_on=days(9))

    first = events(editor_client.get(MINE))["Security Dialogue"]
    again = events(editor_client.get(MINE))["Security Dialogue"]
    counterpart = events(viewer_client.get("/counterparts/CN/calendar.ics"))["Security Dialogue"]

    assert str(first["UID"]) == str(again["UID"]) == str(counterpart["UID"])
    assert str(first["UID"]) == f"commitment-{commitment.pk}@commitment-tracker.invalid"


def test_the_calendar_is_in_the_page_language_with_names_in_that_language(editor, editor_client):
    china = PartyFactory(code="CN")
    china.name_ja = "中国"
    china.save()
    CommitmentFactory(title="Lift the import ban", assignee=editor, due_on=days(-1))

    response = editor_client.get(MINE, HTTP_ACCEPT_LANGUAGE="ja")

    calendar = icalendar.Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "期限超過：Lift the import ban"
    assert "中国" in str(event["DESCRIPTION"])
    assert str(calendar["X-WR-CALNAME"]) == "自分の合意事項"


def test_my_calendar_is_never_kept_by_a_browser_or_proxy(editor, editor_client):
    response = editor_client.get(MINE)

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_my_calendar_takes_the_same_queries_for_one_commitment_or_many(
    editor, editor_client, django_assert_max_num_queries
):
    CommitmentFactory(assignee=editor, due_on=days(4))
    with django_assert_max_num_queries(50) as one:
        editor_client.get(MINE)
    korea = PartyFactory(code="KR")
    for n in range(8):
        meeting = MeetingFactory(parties=[home_party(), korea]) if n % 2 else None
        CommitmentFactory(
            assignee=editor, due_on=days(n - 4), **({"meeting": meeting} if meeting else {})
        )

    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(events(editor_client.get(MINE))) == 9


def test_a_counterparts_calendar_holds_the_open_commitments_made_with_it(viewer_client):
    korea = PartyFactory(code="KR")
    CommitmentFactory(title="With China", due_on=days(10))
    CommitmentFactory(
        title="With Korea", due_on=days(10), meeting=MeetingFactory(parties=[home_party(), korea])
    )
    CommitmentFactory(title="Dropped", due_on=days(10), status=Status.DROPPED)

    found = events(viewer_client.get("/counterparts/cn/calendar.ics"))

    assert list(found) == ["With China"]
    assert viewer_client.get("/counterparts/JP/calendar.ics").status_code == 404
    assert viewer_client.get("/counterparts/XX/calendar.ics").status_code == 404


def test_a_counterparts_calendar_takes_the_same_queries_for_few_or_many(
    viewer_client, django_assert_max_num_queries
):
    CommitmentFactory(due_on=days(4))
    with django_assert_max_num_queries(50) as one:
        viewer_client.get("/counterparts/CN/calendar.ics")
    for n in range(8):
        CommitmentFactory(due_on=days(n))

    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(events(viewer_client.get("/counterparts/CN/calendar.ics"))) == 9


def test_a_user_without_a_role_gets_no_calendar(outsider_client):
    assert outsider_client.get(MINE).status_code == 403
    assert outsider_client.get("/counterparts/CN/calendar.ics").status_code == 403


# The private address ---------------------------------------------------------------------------


def make_address(client: Client, name: str = "phone") -> str:
    response = client.post("/accounts/calendars/", {"name": name})
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index("data-new-feed>") + len("data-new-feed>")
    return html[start : html.index("</code>", start)]


def path_of(address: str) -> str:
    return address.removeprefix("http://testserver")


def test_a_private_address_is_shown_once_and_stored_only_as_its_digest(editor, editor_client):
    address = make_address(editor_client)

    assert address.startswith("http://testserver/calendar/feed/")
    key = address.removeprefix("http://testserver/calendar/feed/").removesuffix(".ics")
    feed = CalendarFeed.objects.get(user=editor)
    assert feed.digest == digest_of(key)
    assert feed.name == "phone"
    assert key not in str(CalendarFeed.objects.values().get())
    page = editor_client.get("/accounts/").content.decode()
    assert key not in page
    assert "phone" in page and f"{key[:8]}…" in page


def test_a_calendar_app_reads_the_private_address_without_signing_in(editor, editor_client):
    CommitmentFactory(title="Hold the Security Dialogue", assignee=editor, due_on=days(20))
    address = make_address(editor_client)

    response = Client().get(path_of(address))

    assert list(events(response)) == ["Hold the Security Dialogue"]
    assert "no-store" in response["Cache-Control"]
    assert Client().head(path_of(address)).status_code == 200
    assert CalendarFeed.objects.get(user=editor).last_used_on == today()


def test_a_revoked_or_wrong_address_answers_404_and_says_not_which(editor, editor_client):
    address = make_address(editor_client)
    feed = CalendarFeed.objects.get(user=editor)
    wrong = Client().get("/calendar/feed/not-a-key-anyone-was-given.ics")

    response = editor_client.post(f"/accounts/calendars/{feed.pk}/revoke/")

    assert response.status_code == 302
    assert not CalendarFeed.objects.exists()
    revoked = Client().get(path_of(address))
    assert wrong.status_code == revoked.status_code == 404
    assert wrong.content == revoked.content == b"There is no calendar at this address."


def test_nobody_revokes_another_persons_address(editor, viewer_client):
    feed, _key = services.create_calendar_feed(user=editor, name="phone")

    assert viewer_client.post(f"/accounts/calendars/{feed.pk}/revoke/").status_code == 404
    assert CalendarFeed.objects.filter(pk=feed.pk).exists()


def test_the_address_stops_working_when_the_person_is_deactivated_or_changes_password(
    editor, viewer
):
    _feed, key = services.create_calendar_feed(user=editor)
    _feed, other = services.create_calendar_feed(user=viewer)
    assert Client().get(f"/calendar/feed/{key}.ics").status_code == 200

    editor.is_active = False
    editor.save()
    services.set_password(user=viewer, password="another correct horse battery")

    assert Client().get(f"/calendar/feed/{key}.ics").status_code == 404
    assert Client().get(f"/calendar/feed/{other}.ics").status_code == 404


def test_the_address_of_someone_who_lost_their_role_answers_404(editor):
    _feed, key = services.create_calendar_feed(user=editor)

    editor.groups.clear()  # as the admin does when a role is taken away

    assert Client().get(f"/calendar/feed/{key}.ics").status_code == 404


def test_a_name_too_long_is_refused_with_the_account_page_and_its_error(editor, editor_client):
    response = editor_client.post("/accounts/calendars/", {"name": "x" * 101})

    assert response.status_code == 422
    assert "at most 100 characters" in response.content.decode()
    assert not CalendarFeed.objects.exists()


def test_the_private_address_speaks_its_owners_language(editor):
    CommitmentFactory(title="Lift the import ban", assignee=editor, due_on=days(-1))
    _feed, key = services.create_calendar_feed(user=editor)
    english = Client().get(f"/calendar/feed/{key}.ics", HTTP_ACCEPT_LANGUAGE="ja")

    services.set_language(user=editor, language="ja")
    japanese = Client().get(f"/calendar/feed/{key}.ics")

    assert list(events(english)) == ["Overdue: Lift the import ban"]
    assert list(events(japanese)) == ["期限超過：Lift the import ban"]


def test_my_calendar_holds_the_commitments_i_watch_too(editor, editor_client):
    watched = CommitmentFactory(title="Watched one", due_on=days(12))
    CommitmentFactory(title="Not watched", due_on=days(12))
    CommitmentFactory(title="Mine and watched", assignee=editor, due_on=days(13))
    notifications.watch(person=editor, target=watched)
    notifications.watch(person=editor, target=Commitment.objects.get(title="Mine and watched"))

    found = events(editor_client.get(MINE))

    assert sorted(found) == ["Mine and watched", "Watched one"]


def test_my_calendar_holds_what_i_watch_through_its_meeting_mechanism_or_counterpart(
    editor, editor_client
):
    from tests.factories import MechanismFactory

    korea = PartyFactory(code="KR", name="Republic of Korea")
    summit = MeetingFactory(title="Summit")
    dialogue = MechanismFactory(name="Japan-China High-Level Economic Dialogue")
    seoul = MeetingFactory(title="Seoul talks", parties=[home_party(), korea])
    CommitmentFactory(title="Made at the summit", meeting=summit, due_on=days(10))
    CommitmentFactory(title="Under the dialogue", mechanism=dialogue, due_on=days(11))
    CommitmentFactory(title="Made with Korea", meeting=seoul, due_on=days(12))
    CommitmentFactory(title="Followed by nobody", due_on=days(13))
    notifications.watch(person=editor, target=summit)
    notifications.watch(person=editor, target=dialogue)
    notifications.watch(person=editor, target=korea)

    found = events(editor_client.get(MINE))

    assert sorted(found) == ["Made at the summit", "Made with Korea", "Under the dialogue"]
