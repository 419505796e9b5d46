"""Reminders and digests, through ``manage.py send_reminders --as-of``: which commitment is
reminded of on which day (the boundary days of each rule), to whom, in which language, and
that a second run on the same day queues nothing new. The mail itself, sent by the worker to a
real SMTP server, is in ``tests/test_reminder_mail.py``."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from meetings import services
from meetings.status import Review, Status
from notifications import events
from notifications import services as notifications
from notifications.models import Delivery, Notification
from reminders.models import Digest, Reminder
from tests.factories import (
    CommitmentFactory,
    DivisionFactory,
    MeetingFactory,
    PartyFactory,
    UserFactory,
    home_party,
)

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 3, 20)  # a Friday


def day(offset: int) -> datetime.date:
    return DUE + datetime.timedelta(days=offset)


def run(as_of: datetime.date) -> str:
    out = io.StringIO()
    call_command("send_reminders", "--as-of", as_of.isoformat(), stdout=out)
    return out.getvalue()


def sent(**filters) -> list[tuple[str, datetime.date]]:
    return [
        (reminder.threshold, reminder.sent_on)
        for reminder in Reminder.objects.filter(**filters).order_by("sent_on", "id")
    ]


def mails_to(person) -> list[Delivery]:
    return list(Delivery.objects.filter(recipient=person, purpose="reminder").order_by("id"))


@pytest.fixture
def desk(db):
    home_party()
    return UserFactory(username="desk", email="desk@example.org", role="editor")


@pytest.fixture
def due(desk):
    """An open commitment assigned to ``desk``, due on ``DUE``, with something recorded
    recently enough never to be stale in these tests."""
    meeting = MeetingFactory(held_on=day(-60))
    commitment = CommitmentFactory(
        meeting=meeting, title="Hold the Security Dialogue", assignee=desk, due_on=DUE
    )
    commitment.last_activity_on = day(0)
    commitment.save(update_fields=["last_activity_on"])
    return commitment


# Due in 14 and in 3 days ------------------------------------------------------------------------


def test_due_in_14_days_is_sent_on_that_day_and_not_the_day_before(due, desk):
    run(day(-15))
    assert sent() == []

    run(day(-14))
    assert sent() == [("due_in_14", day(-14))]
    (mail,) = mails_to(desk)
    assert "Hold the Security Dialogue" in mail.subject
    assert f"/commitments/{due.pk}/" in mail.text_body
    assert 'href="http' in mail.html_body and f"/commitments/{due.pk}/" in mail.html_body


def test_a_second_run_on_the_same_day_queues_nothing_new(due, desk):
    run(day(-14))

    output = run(day(-14))

    assert "nothing new" in output
    assert len(sent()) == 1
    assert len(mails_to(desk)) == 1


def test_each_threshold_once_then_overdue_weekly_until_closed(due, desk):
    for offset in range(-16, 16):
        run(day(offset))

    assert sent() == [
        ("due_in_14", day(-14)),
        ("due_in_3", day(-3)),
        ("overdue", day(1)),
        ("overdue", day(8)),
        ("overdue", day(15)),
    ]
    services.record_update(
        commitment=due,
        author=desk,
        status=Status.FULFILLED,
        note="The Dialogue was held.",
        expected_version=due.version,
        happened_on=day(16),
    )
    for offset in range(16, 30):
        run(day(offset))
    assert len(sent()) == 5


def test_the_first_run_after_a_missed_day_sends_what_was_due(due):
    run(day(-12))  # no run on day -14 nor -13

    assert sent() == [("due_in_14", day(-12))]


def test_a_commitment_first_seen_within_3_days_gets_only_the_3_day_reminder(due):
    run(day(-2))
    run(day(-1))

    assert sent() == [("due_in_3", day(-2))]


def test_due_today_is_a_3_day_reminder_and_the_next_day_it_is_overdue(due):
    run(day(0))
    run(day(1))

    assert sent() == [("due_in_3", day(0)), ("overdue", day(1))]


def test_a_new_due_date_is_reminded_of_again(due, desk):
    run(day(-14))
    services.edit_commitment(
        commitment=due, expected_version=due.version, changes={"due_on": day(30)}
    )

    run(day(16))

    assert sent() == [("due_in_14", day(-14)), ("due_in_14", day(16))]


def test_continuing_closed_and_draft_commitments_get_no_date_reminders(desk):
    meeting = MeetingFactory(held_on=day(-60))
    CommitmentFactory(meeting=meeting, assignee=desk, due_on=DUE, continuing=True, status="ongoing")
    CommitmentFactory(meeting=meeting, assignee=desk, due_on=DUE, status=Status.DROPPED)
    draft_meeting = MeetingFactory(held_on=day(-60), review=Review.DRAFT)
    CommitmentFactory(meeting=draft_meeting, assignee=desk, due_on=DUE, review=Review.DRAFT)

    for offset in (-14, -3, 1):
        run(day(offset))

    assert sent(threshold__in=["due_in_14", "due_in_3", "overdue"]) == []


# Stale -------------------------------------------------------------------------------------------


def test_stale_is_sent_once_on_the_first_day_nothing_was_recorded_for_stale_after_days(
    desk, settings
):
    settings.STALE_AFTER_DAYS = 90
    last = datetime.date(2026, 1, 5)
    commitment = CommitmentFactory(meeting=MeetingFactory(held_on=last), assignee=desk)

    run(last + datetime.timedelta(days=90))
    assert sent() == []
    run(last + datetime.timedelta(days=91))
    run(last + datetime.timedelta(days=92))
    run(last + datetime.timedelta(days=120))

    assert sent(commitment=commitment) == [("stale", last + datetime.timedelta(days=91))]


def test_recording_progress_starts_the_stale_count_again(desk):
    last = datetime.date(2026, 1, 5)
    commitment = CommitmentFactory(meeting=MeetingFactory(held_on=last), assignee=desk)
    run(last + datetime.timedelta(days=91))
    services.record_update(
        commitment=commitment,
        author=desk,
        note="Raised at working level.",
        expected_version=commitment.version,
        happened_on=last + datetime.timedelta(days=100),
    )

    run(last + datetime.timedelta(days=150))
    run(last + datetime.timedelta(days=191))

    assert sent(commitment=commitment) == [
        ("stale", last + datetime.timedelta(days=91)),
        ("stale", last + datetime.timedelta(days=191)),
    ]


# Whom --------------------------------------------------------------------------------------------


def test_without_an_assignee_the_owning_divisions_members_are_reminded(desk):
    division = DivisionFactory(name="China and Mongolia Division")
    members = [
        UserFactory(username=name, email=f"{name}@example.org", role="editor")
        for name in ("ayako", "kenji")
    ]
    outsider = UserFactory(username="other", email="other@example.org", role="editor")
    for member in members:
        services.set_divisions(user=member, divisions=[division])
    CommitmentFactory(meeting=MeetingFactory(held_on=day(-60)), owner=division, due_on=DUE)

    run(day(-14))

    assert [len(mails_to(member)) for member in members] == [1, 1]
    assert mails_to(outsider) == [] and mails_to(desk) == []
    (reminder,) = Reminder.objects.all()
    assert set(reminder.recipients.all()) == set(members)


def test_nobody_to_reach_records_nothing_so_an_assignee_given_later_is_reminded(desk):
    commitment = CommitmentFactory(meeting=MeetingFactory(held_on=day(-60)), due_on=DUE)
    run(day(-14))
    assert sent() == []

    services.assign_commitment(
        commitment=commitment, expected_version=commitment.version, owner=None, assignee=desk
    )
    run(day(-13))

    assert sent() == [("due_in_14", day(-13))]


def test_one_mail_a_day_carries_all_of_a_persons_reminders_the_most_urgent_first(desk):
    meeting = MeetingFactory(held_on=day(-60))
    CommitmentFactory(meeting=meeting, title="Later one", assignee=desk, due_on=day(14))
    CommitmentFactory(meeting=meeting, title="Late one", assignee=desk, due_on=day(-1))

    run(day(0))

    (mail,) = mails_to(desk)
    assert "2 commitments need your attention" in mail.subject
    assert mail.text_body.index("Late one") < mail.text_body.index("Later one")
    assert "Overdue" in mail.text_body and "Due within 14 days" in mail.text_body


def test_the_reminder_comes_in_the_persons_language(due, desk):
    services.set_language(user=desk, language="ja")

    run(day(-3))

    (mail,) = mails_to(desk)
    assert mail.language == "ja"
    assert "3日以内" in mail.subject
    assert "Hold the Security Dialogue" in mail.subject


def test_a_bad_date_is_refused_with_the_format_to_use():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--as-of", "20/03/2026")


def test_finding_what_is_due_takes_the_same_queries_for_few_or_many(
    desk, django_assert_max_num_queries
):
    meeting = MeetingFactory(held_on=day(-60))
    CommitmentFactory(meeting=meeting, assignee=desk, due_on=day(0))
    with django_assert_max_num_queries(100) as one:
        run(day(-14))
    other = UserFactory(username="other", email="other@example.org", role="editor")
    for n in range(8):
        CommitmentFactory(meeting=meeting, assignee=other if n % 2 else desk, due_on=day(n - 10))

    with django_assert_max_num_queries(len(one.captured_queries) + 6):
        run(day(-13))  # two people this time: one more mail (and its task) than before
    assert Reminder.objects.count() == 9


# The managers' weekly digest ---------------------------------------------------------------------


@pytest.fixture
def manager_with_mail(db):
    home_party()
    return UserFactory(username="boss", email="boss@example.org", role="manager")


def weekly_to(person) -> list[Delivery]:
    return list(Delivery.objects.filter(recipient=person, purpose="weekly_digest").order_by("id"))


def test_managers_get_the_weekly_digest_on_the_first_run_of_the_week(manager_with_mail, settings):
    settings.WEEKLY_DIGEST_WEEKDAY = 0  # Monday
    monday = datetime.date(2026, 3, 16)
    korea = PartyFactory(code="KR", name="Republic of Korea")
    CommitmentFactory(
        meeting=MeetingFactory(held_on=monday - datetime.timedelta(days=60)),
        title="Lift the import ban",
        due_on=monday - datetime.timedelta(days=1),
    )
    CommitmentFactory(
        meeting=MeetingFactory(
            held_on=monday - datetime.timedelta(days=10), parties=[home_party(), korea]
        ),
        title="Resume the trilateral summit",
        due_on=monday + datetime.timedelta(days=100),
    )

    run(monday - datetime.timedelta(days=1))  # Sunday: last week's, already due
    run(monday)
    run(monday + datetime.timedelta(days=1))
    run(monday + datetime.timedelta(days=7))

    periods = list(
        Digest.objects.filter(kind="weekly").order_by("period").values_list("period", flat=True)
    )
    assert periods == [
        monday - datetime.timedelta(days=7),
        monday,
        monday + datetime.timedelta(days=7),
    ]
    mail = weekly_to(manager_with_mail)[1]
    assert "China" in mail.text_body and "Lift the import ban" in mail.text_body
    assert mail.text_body.index("China") < mail.text_body.index("Lift the import ban")
    assert "Overdue: 1" in mail.text_body
    assert "/counterparts/CN/briefing/" in mail.html_body


def test_editors_and_viewers_get_no_weekly_digest(desk):
    run(datetime.date(2026, 3, 16))

    assert weekly_to(desk) == []
    assert not Digest.objects.filter(kind="weekly").exists()


# The daily digest -------------------------------------------------------------------------------


def digests_to(person) -> list[Delivery]:
    return list(Delivery.objects.filter(recipient=person, purpose="daily_digest").order_by("id"))


def move(commitment, *, by, status: str, note: str = "") -> None:
    """What the services tell the notifications when ``by`` moves ``commitment``'s status (the
    entry point they call in their transaction)."""
    before = commitment.status
    commitment.status = status
    events.occurred(
        events.Kind.STATUS_CHANGED,
        actor=by,
        commitment=commitment,
        details={"from": before, "to": status},
    )


@pytest.fixture
def watcher(desk):
    """``desk``, who chose to hear of status moves once a day."""
    notifications.set_preferences(person=desk, modes={"status_changed": "digest"})
    return desk


def test_the_daily_digest_carries_what_waited_for_it_once(watcher, editor):
    commitment = CommitmentFactory(title="Release the detained nationals")
    notifications.watch(person=watcher, target=commitment)
    move(commitment, by=editor, status=Status.IN_PROGRESS)
    move(commitment, by=editor, status=Status.STALLED, note="No answer from their side.")
    assert digests_to(watcher) == []  # nothing mailed at once

    run(day(0))
    run(day(0))

    (mail,) = digests_to(watcher)
    assert "2 notifications" in mail.subject
    assert mail.text_body.count("Release the detained nationals") == 2
    assert f"/commitments/{commitment.pk}/" in mail.html_body
    assert not Notification.objects.filter(recipient=watcher, digested_at__isnull=True).exists()


def test_what_arrives_after_the_days_digest_waits_for_the_next_day(watcher, editor):
    commitment = CommitmentFactory(title="Release the detained nationals")
    notifications.watch(person=watcher, target=commitment)
    move(commitment, by=editor, status=Status.IN_PROGRESS)
    run(day(0))

    move(commitment, by=editor, status=Status.STALLED, note="No answer from their side.")
    run(day(0))
    assert len(digests_to(watcher)) == 1
    run(day(1))

    assert len(digests_to(watcher)) == 2
    assert "1 notification" in digests_to(watcher)[1].subject


def test_nobody_with_nothing_waiting_gets_a_digest(watcher):
    run(day(0))

    assert digests_to(watcher) == []


def test_the_daily_digest_comes_in_the_persons_language(watcher, editor):
    services.set_language(user=watcher, language="ja")
    commitment = CommitmentFactory(title="Release the detained nationals")
    notifications.watch(person=watcher, target=commitment)
    move(commitment, by=editor, status=Status.IN_PROGRESS)

    run(day(0))

    (mail,) = digests_to(watcher)
    assert mail.language == "ja" and "毎日のダイジェスト" in mail.subject


def test_the_weekly_digest_lists_what_changed_in_the_past_week(manager_with_mail, editor):
    commitment = CommitmentFactory(title="Resume seafood imports")
    services.record_update(
        commitment=commitment,
        author=editor,
        status=Status.IN_PROGRESS,
        note="Talks resumed.",
        expected_version=commitment.version,
    )
    today = timezone.localdate()

    run(today)
    run(today + datetime.timedelta(days=8))

    first, week_later = weekly_to(manager_with_mail)
    assert "Changed this week: 1" in first.text_body
    assert "Resume seafood imports" in first.text_body
    assert "Resume seafood imports" not in week_later.text_body
