"""API writes on real transactions: a write that committed is answered from its own transaction
though the database fails right after the commit, and two retries sent at once write once.

Real commits (``transaction=True``), so this file runs apart from tests/test_api_idempotency.py.
"""

import threading

import pytest
from django.core import mail
from django.db import OperationalError, connection
from rest_framework.test import APIClient

from meetings.models import Commitment, IdempotentRequest, Meeting, Update
from tests.factories import CommitmentFactory, PartyFactory, home_party
from tests.test_api_idempotency import keyed, meeting_body, signed_in, timeline

pytest_plugins = ["tests.api_fixtures"]

TIMEOUT = 20  # seconds; every wait below is bounded by it


@pytest.fixture
def commitment(db):
    return CommitmentFactory()


@pytest.fixture
def parties(db):
    home_party()
    PartyFactory(code="CN")


# A failure after the commit -----------------------------------------------------------------


@pytest.fixture
def database_fails_after_the_write(settings):
    """Every query after the write's INSERT that runs outside a transaction fails, as if the
    database went away the moment the write committed."""
    settings.ADMINS = ["ops@example.org"]
    state = {"written": False, "refused": 0}

    def fail_after_commit(execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "meetings_update"'):
            state["written"] = True
        elif state["written"] and not connection.in_atomic_block:
            state["refused"] += 1
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail_after_commit):
        yield state


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("key", [None, "after-commit"])
def test_a_stored_follow_up_is_answered_201_though_the_database_fails_after_the_commit(
    editor_api, commitment, database_fails_after_the_write, key
):
    headers = keyed(key) if key else {}

    response = editor_api.post(
        timeline(commitment), {"version": 1, "note": "Stored before the outage."}, **headers
    )

    assert database_fails_after_the_write["refused"] >= 1  # the failure really happened
    assert response.status_code == 201
    assert response.json()["note"] == "Stored before the outage."
    assert response.json()["commitment_version"] == 2
    assert len(mail.outbox) == 1  # the administrators hear of it
    assert "after its commit failed" in mail.outbox[0].body


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_retry_after_a_failure_after_the_commit_writes_nothing_more(editor_api, commitment):
    body = {"version": 1, "note": "Stored once."}
    state = {"written": False}

    def fail_after_commit(execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "meetings_update"'):
            state["written"] = True
        elif state["written"] and not connection.in_atomic_block:
            state["written"] = False  # only this once
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail_after_commit):
        first = editor_api.post(timeline(commitment), body, **keyed("after-outage"))
    retry = editor_api.post(timeline(commitment), body, **keyed("after-outage"))

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert list(Update.objects.values_list("note", flat=True)) == ["Stored once."]


# Concurrent retries (PostgreSQL: real row locks on real connections) ------------------------


def run_together(*requests):
    """Send each request from its own thread and database connection at the same instant."""
    barrier = threading.Barrier(len(requests), timeout=TIMEOUT)
    answers: list = [None] * len(requests)

    def worker(index, send):
        try:
            barrier.wait()
            answers[index] = send()
        except Exception as exc:  # reported by the test, not lost in the thread
            answers[index] = exc
        finally:
            connection.close()

    threads = [
        threading.Thread(target=worker, args=item, daemon=True) for item in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a request hung"
    return answers


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_retries_sent_at_once_create_one_meeting(manager, parties):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite runs one write at a time anyway")
    clients = [signed_in(manager), signed_in(manager)]

    def send(client: APIClient):
        return lambda: client.post("/api/v1/meetings/", meeting_body(), **keyed("same-instant"))

    for round_ in range(3):  # a few rounds, so the race is not won by luck
        Meeting.objects.all().delete()
        IdempotentRequest.objects.all().delete()

        answers = run_together(send(clients[0]), send(clients[1]))

        assert [a.status_code for a in answers] == [201, 201], answers
        assert answers[0].json() == answers[1].json()
        assert sorted(a.get("Idempotent-Replayed", "") for a in answers) == ["", "true"]
        assert Meeting.objects.count() == 1, round_
    assert Commitment.objects.count() == 0
