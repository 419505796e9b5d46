"""A reminder from end to end, with real parts: ``send_reminders`` queues it, the worker runs as
its own process against a database file, and sends it by SMTP to a real server (aiosmtpd),
whose message is parsed back: its subject names the commitment, it has a text and an HTML
part, both link to the commitment's page, and it has a Message-ID. A second run on the same
day sends nothing."""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.mail_helpers import SmtpServer, manage, migrated_copy

SITE = "http://tracker.example"
TOKYO = ZoneInfo("Asia/Tokyo")  # TIME_ZONE

# Through a service, as any door does: the desk officer takes a demo commitment with a date
# (their own doing, so no notification of the assignment joins the reminder in their mail).
ASSIGN = """
from django.contrib.auth import get_user_model
from meetings import services
from meetings.models import Commitment
desk = get_user_model().objects.get(username="desk")
services.set_language(user=desk, language="{language}")
commitment = (
    Commitment.objects.confirmed().open()
    .filter(continuing=False, expected_by__isnull=False).order_by("expected_by", "pk").first()
)
services.assign_commitment(
    commitment=commitment, expected_version=commitment.version, owner=None, assignee=desk,
    actor=desk,
)
print(commitment.pk, commitment.expected_by.isoformat(), commitment.title, sep="|")
"""


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory) -> Path:
    """A database file with the demo data and a desk officer who has an address, made once."""
    database = tmp_path_factory.mktemp("demo") / "db.sqlite3"
    manage("migrate", "--no-input", database=database)
    manage("seed_demo", database=database)
    manage("add_user", "desk", "--role", "editor", "--email", "desk@example.org", database=database)
    return database


@pytest.fixture
def smtp_server():
    with SmtpServer() as server:
        yield server


@pytest.fixture
def tracker(tmp_path, demo_database, smtp_server):
    """``manage.py`` as its own process on a copy of the demo database, mailing to the
    test's SMTP server."""
    database = migrated_copy(demo_database, tmp_path / "db.sqlite3")
    mail = {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_server.port), "SITE_URL": SITE}

    def run(*args: str) -> str:
        return manage(*args, database=database, **mail)

    return run


def assigned(tracker, language: str) -> list[str]:
    """Give the desk officer a demo commitment (in ``language``): its id, date and title."""
    output = tracker("shell", "--no-imports", "-c", ASSIGN.format(language=language))
    (line,) = [line for line in output.splitlines() if line.count("|") == 2]
    return line.split("|")


def waiting_runs(tracker) -> list[str]:
    output = tracker("shell", "--no-imports", "-c", WAITING)
    return [line for line in output.splitlines() if line.split(" ")[0] in {"READY", "SUCCESSFUL"}]


def parts(message) -> dict[str, str]:
    return {
        part.get_content_type(): part.get_content()
        for part in message.walk()
        if part.get_content_maintype() == "text"
    }


@pytest.mark.parametrize(("language", "words"), [("en", "Due within 14 days"), ("ja", "14日以内")])
def test_the_worker_mails_a_due_reminder_once_with_text_and_html(
    tracker, smtp_server, language, words
):
    inbox = smtp_server
    pk, expected_by, title = assigned(tracker, language)
    as_of = datetime.date.fromisoformat(expected_by) - datetime.timedelta(days=14)

    tracker("send_reminders", "--as-of", as_of.isoformat())
    tracker("run_worker", "--until-empty")

    (message,) = [m for m in inbox.messages if m["To"] == "desk@example.org"]
    assert title in message["Subject"] and words in message["Subject"]
    assert message["Message-ID"]
    text_and_html = parts(message)
    assert set(text_and_html) == {"text/plain", "text/html"}
    link = f"{SITE}/commitments/{pk}/"
    assert link in text_and_html["text/plain"]
    assert f'href="{link}"' in text_and_html["text/html"]

    again = tracker("send_reminders", "--as-of", as_of.isoformat())
    tracker("run_worker", "--until-empty")

    assert "nothing new" in again
    assert len([m for m in inbox.messages if m["To"] == "desk@example.org"]) == 1


# What the worker's own schedule leaves waiting: the task's path, when, and its status.
WAITING = """
from django_tasks_db.models import DBTaskResult
rows = DBTaskResult.objects.filter(task_path="reminders.tasks.daily_reminders")
for row in rows.order_by("run_after"):
    print(row.status, row.run_after.isoformat())
"""
# As if the morning had come: the waiting run is due now.
MORNING = """
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
DBTaskResult.objects.filter(task_path="reminders.tasks.daily_reminders", status="READY").update(
    run_after=timezone.now()
)
"""


def test_the_worker_runs_the_reminders_every_morning_once_scheduled(tracker, smtp_server):
    inbox = smtp_server
    _pk, expected_by, title = assigned(tracker, "en")

    first = tracker("send_reminders", "--schedule")
    again = tracker("send_reminders", "--schedule")
    (waiting,) = waiting_runs(tracker)

    assert "will run the reminders at" in first and "already" in again
    status, when = waiting.split()
    assert status == "READY"
    assert datetime.datetime.fromisoformat(when).astimezone(TOKYO).time() == datetime.time(7, 0)

    tracker("shell", "--no-imports", "-c", MORNING)
    tracker("run_worker", "--until-empty")

    rows = waiting_runs(tracker)
    assert [row.split()[0] for row in rows] == ["SUCCESSFUL", "READY"]
    next_run = datetime.datetime.fromisoformat(rows[1].split()[1]).astimezone(TOKYO)
    assert next_run > datetime.datetime.now(TOKYO) and next_run.time() == datetime.time(7, 0)
    # Today's run found the commitment overdue (its date is long past in the demo data).
    assert datetime.date.fromisoformat(expected_by) < datetime.date.today()
    (message,) = [m for m in inbox.messages if m["To"] == "desk@example.org"]
    assert title in message.get_body(("plain",)).get_content()
