"""The outbox and the worker, with real parts: mail queued in a transaction is sent by
``manage.py run_worker --until-empty`` running as its own process, to an SMTP server
(aiosmtpd) that parses it back; retries do not duplicate; an outage shows as a failed
delivery in the admin, which sends it again on request."""

import json
import os

import pytest
from django.urls import reverse

from notifications import outbox
from notifications.kinds import DeliveryStatus
from notifications.models import Delivery
from tests.mail_helpers import (
    SmtpServer,
    free_port,
    manage,
    migrated_copy,
    run_worker,
    run_workers_at_once,
    shell,
)

QUEUE_ONE = """
from django.db import transaction
from notifications.outbox import queue_mail
with transaction.atomic():
    delivery = queue_mail(
        to_address="eddie@example.org", purpose="notification", language="ja",
        subject="割り当て: 日中安保対話を早期に開催する", text="テキスト本文",
        html="<p>HTML本文</p>",
    )
print(delivery.pk)
"""

STATE = """
import json
from notifications.models import Delivery
print(json.dumps(list(Delivery.objects.values(
    "status", "attempts", "last_error", "message_id", "sent_at").order_by("pk")), default=str))
"""


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    database = tmp_path_factory.mktemp("worker") / "template.sqlite3"
    manage("migrate", "--no-input", database=database)
    return database


@pytest.fixture
def database(migrated, tmp_path):
    return migrated_copy(migrated, tmp_path / "db.sqlite3")


def deliveries(database) -> list[dict]:
    return json.loads(shell(STATE, database=database).strip().splitlines()[-1])


def test_the_worker_process_sends_a_queued_mail_once_with_its_message_id(database):
    shell(QUEUE_ONE, database=database)

    with SmtpServer() as server:
        run_worker(database=database, smtp_port=server.port)
        run_worker(database=database, smtp_port=server.port)  # nothing left to send

    (message,) = server.messages
    (delivery,) = deliveries(database)
    assert delivery["status"] == "sent" and delivery["attempts"] == 1
    assert message["Message-ID"] == delivery["message_id"]
    assert message["To"] == "eddie@example.org"
    assert message["Subject"] == "割り当て: 日中安保対話を早期に開催する"
    assert message.get_body(("plain",)).get_content().strip() == "テキスト本文"
    assert message.get_body(("html",)).get_content().strip() == "<p>HTML本文</p>"


def test_a_refused_attempt_is_retried_and_the_mail_arrives_once(database):
    shell(QUEUE_ONE, database=database)

    with SmtpServer(refuse=1) as server:
        run_worker(database=database, smtp_port=server.port, MAIL_RETRY_SECONDS="0")

    assert server.receiver.refused == 1
    assert len(server.messages) == 1
    (delivery,) = deliveries(database)
    assert delivery["status"] == "sent" and delivery["attempts"] == 2
    assert "451" in delivery["last_error"]  # the refusal is kept for the record
    assert server.messages[0]["Message-ID"] == delivery["message_id"]


def test_an_smtp_outage_leaves_a_failed_delivery_with_its_error(database):
    shell(QUEUE_ONE, database=database)

    run_worker(
        database=database, smtp_port=free_port(), MAIL_RETRY_SECONDS="0", MAIL_MAX_ATTEMPTS="3"
    )

    (delivery,) = deliveries(database)
    assert delivery["status"] == "failed" and delivery["attempts"] == 3
    assert "Connection refused" in delivery["last_error"]


def test_a_mail_the_server_accepted_is_never_sent_again(database):
    shell(QUEUE_ONE, database=database)
    with SmtpServer() as server:
        run_worker(database=database, smtp_port=server.port)
        # The same delivery's task enqueued again (a retry that raced the first attempt).
        shell(
            "from notifications.outbox import deliver\n"
            "from notifications.models import Delivery\n"
            "deliver.enqueue(Delivery.objects.get().pk)",
            database=database,
        )
        run_worker(database=database, smtp_port=server.port)

    assert len(server.messages) == 1


QUEUE_MANY = """
from django.db import transaction
from notifications.outbox import queue_mail
with transaction.atomic():
    for n in range(20):
        queue_mail(to_address=f"desk{n}@example.org", purpose="notification", language="en",
                   subject=f"Mail {n}", text=f"Body {n}")
"""


def test_two_workers_at_once_send_each_mail_once(database):
    shell(QUEUE_MANY, database=database)

    with SmtpServer() as server:
        run_workers_at_once(2, database=database, smtp_port=server.port)

    assert sorted(message["To"] for message in server.messages) == sorted(
        f"desk{n}@example.org" for n in range(20)
    )
    assert {d["status"] for d in deliveries(database)} == {"sent"}


@pytest.fixture
def postgres_database(django_db_serialized_rollback, transactional_db):
    """The suite's own PostgreSQL test database, its rows committed for other processes (the
    serialized rollback puts back what migrations wrote, as the suite's other real
    transactions do)."""
    from django.db import connection

    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    host = settings.get("HOST") or "localhost"
    return f"postgres://{settings.get('USER') or ''}{password}@{host}{port}/{settings['NAME']}"


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the suite runs on SQLite (the worker's tests above use a database file)",
)
def test_on_postgresql_two_workers_at_once_send_each_mail_once(postgres_database):
    shell(QUEUE_MANY, database=postgres_database)

    with SmtpServer() as server:
        run_workers_at_once(2, database=postgres_database, smtp_port=server.port)

    assert len(server.messages) == 20
    assert len({message["Message-ID"] for message in server.messages}) == 20
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


# The admin's side, in this process --------------------------------------------------------


@pytest.fixture
def failed_delivery(db, settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 5},
        }
    }
    settings.MAIL_MAX_ATTEMPTS = 1
    delivery = outbox.queue_mail(
        to_address="eddie@example.org",
        purpose="notification",
        language="en",
        subject="Assigned to me: Hold the Security Dialogue",
        text="A mail",
    )
    assert outbox.send_delivery(delivery.pk) == "failed"
    return Delivery.objects.get(pk=delivery.pk)


def test_administrators_see_failed_deliveries_with_the_error(failed_delivery, superuser, client):
    client.force_login(superuser)

    page = client.get(reverse("admin:notifications_delivery_changelist"), {"status": "failed"})

    assert page.status_code == 200
    text = page.content.decode()
    assert "eddie@example.org" in text
    assert "Connection refused" in text or "ConnectionRefusedError" in text


def test_the_admins_retry_sends_a_failed_mail_again_once(failed_delivery, superuser, client):
    client.force_login(superuser)

    with SmtpServer() as server:
        from django.conf import settings

        settings.MAILERS["default"]["OPTIONS"]["port"] = server.port
        answer = client.post(
            reverse("admin:notifications_delivery_changelist"),
            {"action": "retry", "_selected_action": [failed_delivery.pk]},
        )
        assert answer.status_code == 302
        # The retry queued the worker's task again, beside the first one queued with the mail
        # (the fixture tried it by hand). Both run here as the worker would run them (the
        # worker's own process is tested above, on a database file): one mail leaves.
        from django_tasks_db.models import DBTaskResult

        queued = list(DBTaskResult.objects.ready())
        assert {task.task_path for task in queued} == {"notifications.outbox.deliver"}
        assert {tuple(task.args_kwargs["args"]) for task in queued} == {(failed_delivery.pk,)}
        for task in queued:
            outbox.deliver.call(*task.args_kwargs["args"])

    failed_delivery.refresh_from_db()
    assert failed_delivery.status == DeliveryStatus.SENT
    assert len(server.messages) == 1
    assert server.messages[0]["Message-ID"] == failed_delivery.message_id


def test_managers_do_not_see_the_outbox(failed_delivery, manager_client):
    answer = manager_client.get(reverse("admin:notifications_delivery_changelist"))

    assert answer.status_code == 403


ASSIGN = """
from meetings import services
from tests.factories import CommitmentFactory, UserFactory, home_party
home_party()
commitment = CommitmentFactory(title="Hold the Japan-China Security Dialogue at an early date")
desk = UserFactory(username="desk", email="desk@example.org", role="editor")
lead = UserFactory(username="lead", email="lead@example.org", role="editor")
services.assign_commitment(
    commitment=commitment, expected_version=commitment.version, owner=None, assignee=desk,
    actor=lead,
)
print(commitment.pk)
"""


def test_an_assignment_reaches_the_assignee_by_mail_with_both_parts_and_a_link(database):
    pk = shell(ASSIGN, database=database, SITE_URL="https://tracker.example.go.jp").split()[-1]

    with SmtpServer() as server:
        run_worker(database=database, smtp_port=server.port)

    (message,) = server.messages
    (delivery,) = deliveries(database)
    link = f"https://tracker.example.go.jp/commitments/{pk}/"
    assert message["To"] == "desk@example.org"
    assert message["Message-ID"] == delivery["message_id"]
    assert message["Message-ID"].endswith("@tracker.example.go.jp>")
    assert message["Content-Language"] == "en"
    assert "Hold the Japan-China Security Dialogue at an early date" in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "lead assigned “Hold the Japan-China Security Dialogue at an early date” to you." in text
    assert link in text
    assert f'<a href="{link}">Hold the Japan-China Security Dialogue at an early date</a>' in html
    assert '<html lang="en">' in html


def test_a_person_who_reads_japanese_gets_the_mail_in_japanese(database):
    japanese = ASSIGN.replace(
        "services.assign_commitment(",
        'services.set_language(user=desk, language="ja")\nservices.assign_commitment(',
    )
    shell(japanese, database=database)

    with SmtpServer() as server:
        run_worker(database=database, smtp_port=server.port)

    (message,) = server.messages
    assert message["Content-Language"] == "ja"
    assert message["Subject"].startswith("[tracker] 自分への割り当て: ")
    text = message.get_body(("plain",)).get_content()
    assert "leadさんが「Hold the Japan-China Security Dialogue at an early date」" in text
    assert "開く:" in text
    assert '<html lang="ja">' in message.get_body(("html",)).get_content()
