"""Webhooks with real parts: an HTTP server on 127.0.0.1 (reached through
WEBHOOKS_ALLOW_PRIVATE, as a receiver inside one's own network would be) gets each event
POSTed and checks its signature; receivers that fail (500, no answer in time, an answer too
large, a redirect) get tries again and show as failed; the worker runs as its own process on a
database file. No test connects to a private address: with the setting off, the address is
refused before any connection."""

import contextlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse

from meetings.status import Review
from notifications import events
from tests.factories import CommitmentFactory
from tests.mail_helpers import manage, migrated_copy, shell
from webhooks import addresses, services, signing
from webhooks.models import Delivery, DeliveryState, Failure, Webhook

pytestmark = pytest.mark.django_db

STATUS_CHANGED = "commitment.status_changed"


class Receiver:
    """An HTTP server in a thread that keeps what it is sent and answers as ``mode`` says."""

    def __init__(self, mode: str = "ok"):
        self.mode = mode
        self.requests: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                receiver.requests.append(
                    {
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": self.rfile.read(length),
                    }
                )
                if receiver.mode == "slow":
                    time.sleep(3)
                if receiver.mode == "redirect":
                    self.send_response(302)
                    self.send_header("Location", "http://127.0.0.1:9/elsewhere")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = b"x" * 5000 if receiver.mode == "big" else b"thanks"
                self.send_response(500 if receiver.mode == "error" else 200)
                if receiver.mode != "big":  # an answer that does not say how long it is
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(OSError):  # the tracker may stop reading: as it should
                    self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/tracker?source=test"

    def __enter__(self) -> "Receiver":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hooks_settings(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True  # the receiver is on 127.0.0.1
    settings.WEBHOOKS_TIMEOUT_SECONDS = 1
    settings.WEBHOOKS_MAX_RESPONSE_BYTES = 1024
    settings.WEBHOOKS_MAX_ATTEMPTS = 3
    settings.WEBHOOKS_RETRY_BASE_SECONDS = 0
    settings.SITE_URL = "https://tracker.example"
    return settings


def register(url: str, events=(STATUS_CHANGED,), manager=None) -> tuple[Webhook, str]:
    return services.create_webhook(
        name="Registry", url=url, events=list(events), created_by=manager
    )


def status_moved(commitment, actor=None):
    """What the services call after recording an update (the notifications' entry point)."""
    events.occurred(
        "status_changed",
        actor=actor,
        commitment=commitment,
        details={"from": "open", "to": "in_progress"},
    )


def run_worker():
    """The worker in this process, inside the test's transaction. Its housekeeping between
    tasks closes a connection that is inside a transaction (as a test's is), which on
    PostgreSQL would end the test's; here it is left open. The worker's own process is
    tested below, as is."""
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    ):
        call_command("run_worker", "--until-empty", verbosity=0)


# Delivery, signed -----------------------------------------------------------------------------


def test_a_status_move_is_posted_signed_and_the_receiver_verifies_it(hooks_settings, editor):
    commitment = CommitmentFactory(title="Hold the Japan-China Security Dialogue")
    with Receiver() as receiver:
        webhook, secret = register(receiver.url)
        status_moved(commitment, actor=editor)
        run_worker()

    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    assert request["path"] == "/hooks/tracker?source=test"
    headers = request["headers"]
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    assert headers["Tracker-Event"] == STATUS_CHANGED
    assert signing.verify(
        secret, headers["Tracker-Signature"], request["body"], now=int(time.time())
    )
    assert not signing.verify(
        "whsec_not-the-secret", headers["Tracker-Signature"], request["body"], now=int(time.time())
    )
    body = json.loads(request["body"])
    assert body["event"] == STATUS_CHANGED
    assert body["id"] == headers["Tracker-Delivery"]
    assert body["actor"] == editor.username
    assert body["commitment"]["title"] == "Hold the Japan-China Security Dialogue"
    assert body["commitment"]["url"] == f"https://tracker.example/commitments/{commitment.pk}/"
    assert body["data"] == {"from": "open", "to": "in_progress"}
    delivery = Delivery.objects.get(webhook=webhook)
    assert (delivery.state, delivery.attempts, delivery.response_status) == ("delivered", 1, 200)


def test_the_readme_verifier_refuses_an_old_timestamp_and_a_changed_body():
    secret, body, then = "whsec_example", b'{"event":"x"}', 1_700_000_000
    header = signing.signature_header(secret, then, body)

    assert signing.verify(secret, header, body, now=then + 60)
    assert not signing.verify(secret, header, body, now=then + 301)  # a replay, later
    assert not signing.verify(secret, header, body + b" ", now=then)
    # What a receiver computes by hand, as docs/api.md shows.
    expected = hmac.new(secret.encode(), f"{then}.".encode() + body, "sha256").hexdigest()
    assert header == f"t={then},v1={expected}"


def test_only_the_events_a_webhook_chose_are_sent_and_paused_ones_get_nothing(hooks_settings):
    commitment = CommitmentFactory()
    with Receiver() as receiver:
        register(receiver.url, events=["commitment.assigned"])
        paused, _secret = register(receiver.url)
        services.set_webhook_active(webhook=paused, active=False)
        status_moved(commitment)
        run_worker()

    assert receiver.requests == []
    assert not Delivery.objects.exists()


def test_drafts_are_never_sent(hooks_settings):
    draft = CommitmentFactory(review=Review.DRAFT)
    with Receiver() as receiver:
        register(receiver.url)
        services.event_occurred(event=STATUS_CHANGED, commitment=draft)
        status_moved(draft)
        run_worker()

    assert receiver.requests == []


def test_an_event_whose_write_rolls_back_sends_nothing(hooks_settings):
    from django.db import transaction

    commitment = CommitmentFactory()
    with Receiver() as receiver:
        register(receiver.url)
        with pytest.raises(RuntimeError), transaction.atomic():
            status_moved(commitment)
            raise RuntimeError("the write failed after the event")
        run_worker()

    assert receiver.requests == []
    assert not Delivery.objects.exists()


# Receivers that fail --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "failure"),
    [
        ("error", Failure.STATUS),
        ("slow", Failure.TIMEOUT),
        ("big", Failure.TOO_LARGE),
        ("redirect", Failure.REDIRECT),
    ],
)
def test_a_failing_receiver_is_tried_again_then_the_delivery_shows_failed(
    hooks_settings, manager_client, mode, failure
):
    commitment = CommitmentFactory()
    with Receiver(mode) as receiver:
        webhook, _secret = register(receiver.url)
        status_moved(commitment)
        run_worker()

    assert len(receiver.requests) == 3  # WEBHOOKS_MAX_ATTEMPTS
    # Every try names the same delivery, so a receiver can tell a retry from a new event.
    assert len({request["headers"]["Tracker-Delivery"] for request in receiver.requests}) == 1
    assert [r["headers"]["Tracker-Attempt"] for r in receiver.requests] == ["1", "2", "3"]
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.failure) == ("failed", 3, failure)
    page = manager_client.get(reverse("webhooks:detail", args=[webhook.pk]))
    assert page.status_code == 200
    assert delivery.get_failure_display() in page.content.decode()
    listed = manager_client.get(f"/api/v1/webhooks/{webhook.pk}/deliveries/?state=failed")
    assert [row["failure"] for row in listed.json()["results"]] == [failure]


def test_a_redirect_is_not_followed(hooks_settings):
    with Receiver("redirect") as receiver, Receiver() as elsewhere:
        receiver.mode = "redirect"
        register(receiver.url)
        status_moved(CommitmentFactory())
        run_worker()

    assert elsewhere.requests == []
    assert "Location: http://127.0.0.1:9/elsewhere" in Delivery.objects.get().error


def test_a_slow_receiver_holds_the_worker_no_longer_than_the_timeout(hooks_settings):
    hooks_settings.WEBHOOKS_MAX_ATTEMPTS = 1
    with Receiver("slow") as receiver:
        webhook, _secret = register(receiver.url)
        status_moved(CommitmentFactory())
        delivery = Delivery.objects.get(webhook=webhook)
        started = time.monotonic()
        services.deliver(delivery_id=delivery.pk, attempt=1)
        took = time.monotonic() - started

    assert took < 2.5
    assert Delivery.objects.get().failure == Failure.TIMEOUT


def test_a_receiver_that_recovers_gets_the_event_once(hooks_settings):
    with Receiver("error") as receiver:
        register(receiver.url)
        status_moved(CommitmentFactory())
        delivery = Delivery.objects.get()
        services.deliver(delivery_id=delivery.pk, attempt=1)
        receiver.mode = "ok"
        run_worker()
        run_worker()

    assert [len(r["body"]) > 0 for r in receiver.requests] == [True, True]
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.failure) == ("delivered", 2, "")


# The address guard ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hooks",
        "http://localhost/hooks",
        "https://10.0.0.5/hooks",
        "https://192.168.1.20/hooks",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/hooks",
        "https://[::ffff:127.0.0.1]/hooks",
        "https://100.64.0.1/hooks",
        "https://0.0.0.0/hooks",
    ],
)
def test_private_and_loopback_addresses_are_refused_with_a_reason(manager_client, url):
    answer = manager_client.post(
        reverse("webhooks:list"), {"name": "Inside", "url": url, "events": [STATUS_CHANGED]}
    )

    assert answer.status_code == 422
    text = answer.content.decode()
    assert "Private and loopback addresses are not allowed." in text or "loopback" in text
    assert 'value="Inside"' in text  # what was typed is kept
    assert not Webhook.objects.exists()


@pytest.mark.parametrize("url", ["http://2130706433/hooks", "http://0x7f.1/hooks"])
def test_loopback_spelled_as_a_number_is_refused_once_resolved(url):
    """Forms refuse these as malformed; the guard itself (which the send runs too) refuses
    what the system's resolver makes of them: 127.0.0.1."""
    with pytest.raises(addresses.Refused, match="loopback"):
        addresses.check(url)


def test_the_api_refuses_a_private_address_with_the_reason(manager_client):
    answer = manager_client.post(
        "/api/v1/webhooks/",
        {"name": "Inside", "url": "https://10.1.2.3/hooks", "events": [STATUS_CHANGED]},
        content_type="application/json",
    )

    assert answer.status_code == 400
    assert "private" in answer.json()["url"][0]


def test_addresses_with_credentials_or_other_schemes_are_refused(manager_client, settings):
    for url in ("ftp://example.org/x", "https://user:pw@example.org/x"):
        answer = manager_client.post(
            reverse("webhooks:list"), {"name": "X", "url": url, "events": [STATUS_CHANGED]}
        )
        assert answer.status_code == 422, url
    settings.WEBHOOKS_ALLOW_HTTP = False
    answer = manager_client.post(
        reverse("webhooks:list"),
        {"name": "X", "url": "http://example.org/x", "events": [STATUS_CHANGED]},
    )
    assert "plain http is not allowed" in answer.content.decode()


def test_the_address_is_checked_again_when_sending(hooks_settings):
    """Allowed when registered, refused at the send once the setting is off: the check runs on
    what the name resolves to at that moment, and nothing is connected to."""
    with Receiver() as receiver:
        register(receiver.url)
        hooks_settings.WEBHOOKS_ALLOW_PRIVATE = False
        hooks_settings.WEBHOOKS_MAX_ATTEMPTS = 1
        status_moved(CommitmentFactory())
        run_worker()

    assert receiver.requests == []
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.failure) == (DeliveryState.FAILED, Failure.REFUSED)
    assert "loopback" in delivery.error


# Managing webhooks: the page and the API ------------------------------------------------------


def test_a_manager_registers_a_webhook_and_sees_its_secret_once(hooks_settings, manager_client):
    with Receiver() as receiver:
        answer = manager_client.post(
            reverse("webhooks:list"),
            {"name": "Registry", "url": receiver.url, "events": [STATUS_CHANGED]},
        )

    assert answer.status_code == 201
    webhook = Webhook.objects.get()
    secret = answer.context["secret"]
    assert secret.startswith("whsec_") and secret in answer.content.decode()
    # Stored encrypted: the secret is nowhere in the row, and the page shows only its start.
    assert secret not in webhook.secret_encrypted
    assert secret not in manager_client.get(webhook.get_absolute_url()).content.decode()
    from webhooks import secrets

    assert secrets.decrypt(webhook.secret_encrypted) == secret


def test_the_webhooks_page_answers_in_fixed_queries(manager_client, django_assert_max_num_queries):
    for n in range(5):
        register(f"https://receiver{n}.example/hooks")

    # With the data versions the person is kept under.
    with django_assert_max_num_queries(9):
        answer = manager_client.get(reverse("webhooks:list"))

    assert answer.status_code == 200
    assert set(answer["Cache-Control"].replace(" ", "").split(",")) >= {"no-store", "private"}
    assert manager_client.head(reverse("webhooks:list")).status_code == 200


def test_a_webhooks_page_answers_in_fixed_queries(
    hooks_settings, manager_client, django_assert_max_num_queries
):
    webhook, _secret = register("https://receiver.example/hooks")
    for _n in range(5):
        status_moved(CommitmentFactory())

    with django_assert_max_num_queries(9):  # with the data versions the person is kept under
        answer = manager_client.get(webhook.get_absolute_url())

    assert answer.status_code == 200
    assert answer.content.decode().count("data-delivery=") == 5


def test_a_manager_pauses_resumes_and_deletes_a_webhook_on_its_page(manager_client):
    webhook, _secret = register("https://receiver.example/hooks")

    manager_client.post(reverse("webhooks:pause", args=[webhook.pk]))
    webhook.refresh_from_db()
    assert not webhook.active
    manager_client.post(reverse("webhooks:resume", args=[webhook.pk]))
    webhook.refresh_from_db()
    assert webhook.active
    manager_client.post(reverse("webhooks:delete", args=[webhook.pk]))
    assert not Webhook.objects.exists()


def test_the_api_registers_lists_pauses_and_deletes(hooks_settings, manager_client):
    with Receiver() as receiver:
        created = manager_client.post(
            "/api/v1/webhooks/",
            {"name": "Registry", "url": receiver.url, "events": [STATUS_CHANGED]},
            content_type="application/json",
        )
    assert created.status_code == 201
    body = created.json()
    assert body["secret"].startswith("whsec_")
    assert body["secret_hint"] == body["secret"][:10]

    listed = manager_client.get("/api/v1/webhooks/").json()
    assert [row["name"] for row in listed] == ["Registry"]
    assert "secret" not in listed[0]

    paused = manager_client.patch(
        f"/api/v1/webhooks/{body['id']}/", {"active": False}, content_type="application/json"
    )
    assert paused.status_code == 200 and paused.json()["active"] is False

    renewed = manager_client.post(f"/api/v1/webhooks/{body['id']}/secret/")
    assert renewed.status_code == 200 and renewed.json()["secret"] != body["secret"]

    assert manager_client.delete(f"/api/v1/webhooks/{body['id']}/").status_code == 204
    assert not Webhook.objects.exists()


def test_editors_and_viewers_cannot_see_webhooks(editor_client, viewer_client):
    register("https://receiver.example/hooks")
    for client in (editor_client, viewer_client):
        assert client.get(reverse("webhooks:list")).status_code == 403
        assert client.get("/api/v1/webhooks/").status_code == 403


# The worker as its own process ----------------------------------------------------------------

PREPARE = """
from django.db import transaction
from meetings.models import Commitment
from notifications import events
from tests.factories import CommitmentFactory
from webhooks import services
with transaction.atomic():
    commitment = CommitmentFactory(title="Release the detained nationals early")
    webhook, secret = services.create_webhook(
        name="Registry", url="{url}", events=["commitment.status_changed"], created_by=None
    )
    events.occurred("status_changed", actor=None, commitment=commitment,
                    details={{"from": "open", "to": "stalled"}})
print(secret)
"""

STATE = """
import json
from webhooks.models import Delivery
print(json.dumps(list(Delivery.objects.values("state", "attempts", "failure")), default=str))
"""

WORKER_ENV = {
    "WEBHOOKS_ALLOW_PRIVATE": "true",
    "WEBHOOKS_RETRY_BASE_SECONDS": "0",
    "WEBHOOKS_MAX_ATTEMPTS": "2",
    "WEBHOOKS_TIMEOUT_SECONDS": "2",
}


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    database = tmp_path_factory.mktemp("hooks-worker") / "template.sqlite3"
    manage("migrate", "--no-input", database=database)
    return database


@pytest.fixture
def database(migrated, tmp_path):
    return migrated_copy(migrated, tmp_path / "db.sqlite3")


def test_the_worker_process_delivers_a_signed_event(database):
    with Receiver() as receiver:
        secret = shell(PREPARE.format(url=receiver.url), database=database, **WORKER_ENV)
        secret = secret.strip().splitlines()[-1]
        manage("run_worker", "--until-empty", database=database, **WORKER_ENV)
        manage("run_worker", "--until-empty", database=database, **WORKER_ENV)

    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    assert signing.verify(
        secret, request["headers"]["Tracker-Signature"], request["body"], now=int(time.time())
    )
    assert json.loads(request["body"])["commitment"]["title"] == (
        "Release the detained nationals early"
    )
    state = json.loads(shell(STATE, database=database).strip().splitlines()[-1])
    assert state == [{"state": "delivered", "attempts": 1, "failure": ""}]


def test_the_worker_process_retries_a_failing_receiver_then_gives_up(database):
    with Receiver("error") as receiver:
        shell(PREPARE.format(url=receiver.url), database=database, **WORKER_ENV)
        manage("run_worker", "--until-empty", database=database, **WORKER_ENV)

    assert len(receiver.requests) == 2
    state = json.loads(shell(STATE, database=database).strip().splitlines()[-1])
    assert state == [{"state": "failed", "attempts": 2, "failure": "status"}]


# The key that encrypts the secrets ------------------------------------------------------------


def test_the_encryption_key_is_rotated_without_losing_a_secret(settings):
    from cryptography.fernet import Fernet

    from webhooks import secrets

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.WEBHOOKS_SECRET_KEYS = [old]
    webhook, secret = register("https://receiver.example/hooks")

    settings.WEBHOOKS_SECRET_KEYS = [new, old]
    call_command("rotate_webhook_secrets", verbosity=0)
    settings.WEBHOOKS_SECRET_KEYS = [new]

    webhook.refresh_from_db()
    assert secrets.decrypt(webhook.secret_encrypted) == secret


def test_a_secret_the_keys_cannot_read_fails_its_delivery_without_sending(hooks_settings):
    from cryptography.fernet import Fernet

    with Receiver() as receiver:
        register(receiver.url)
        hooks_settings.WEBHOOKS_SECRET_KEYS = [Fernet.generate_key().decode()]
        status_moved(CommitmentFactory())
        run_worker()

    assert receiver.requests == []
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.failure) == ("failed", 1, "secret")


def test_a_bad_key_setting_names_the_setting(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.WEBHOOKS_SECRET_KEYS = ["not-a-key"]
    with pytest.raises(ImproperlyConfigured, match="WEBHOOKS_SECRET_KEYS"):
        register("https://receiver.example/hooks")


def test_a_try_left_claimed_by_a_dead_worker_is_made_again_by_the_next_worker(hooks_settings):
    import datetime

    from django.utils import timezone

    with Receiver() as receiver:
        register(receiver.url)
        status_moved(CommitmentFactory())
        # A worker claimed the first try and was killed before it recorded anything.
        Delivery.objects.update(claimed_at=timezone.now() - datetime.timedelta(minutes=10))
        services.deliver(delivery_id=Delivery.objects.get().pk, attempt=1)  # claimed: nothing
        assert receiver.requests == []
        # The next worker releases the claim as it starts; of the two tasks now queued for the
        # first try, one sends and the other finds it made.
        run_worker()

    assert len(receiver.requests) == 1
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.claimed_at) == ("delivered", 1, None)


def test_a_try_another_worker_is_making_now_is_not_made_twice(hooks_settings):
    from django.utils import timezone

    with Receiver() as receiver:
        register(receiver.url)
        status_moved(CommitmentFactory())
        Delivery.objects.update(claimed_at=timezone.now())
        run_worker()

    assert receiver.requests == []
    assert Delivery.objects.get().attempts == 0


def test_a_confirmed_import_sends_each_new_commitment_and_each_followed_up_one(hooks_settings):
    from tests.factories import MeetingFactory

    meeting = MeetingFactory()
    made = [CommitmentFactory(meeting=meeting, title=f"Made there {n}") for n in (1, 2)]
    earlier = CommitmentFactory(title="Agreed before")
    with Receiver() as receiver:
        register(receiver.url, events=["commitment.created", "commitment.meeting_linked"])
        events.occurred(
            "readout_confirmed",
            actor=None,
            commitments=[*made, earlier],
            meeting=meeting,
            details={"published": 2, "followed_up": 1},
        )
        run_worker()

    sent = sorted(
        (body["event"], body["commitment"]["title"], body["data"]["meeting"]["id"])
        for body in (json.loads(request["body"]) for request in receiver.requests)
    )
    assert sent == [
        ("commitment.created", "Made there 1", meeting.pk),
        ("commitment.created", "Made there 2", meeting.pk),
        ("commitment.meeting_linked", "Agreed before", meeting.pk),
    ]
