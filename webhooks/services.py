"""Every write about webhooks: registering, pausing, deleting, a new secret; queueing a
delivery when something happened to a commitment; and making one try of a delivery.

``event_occurred`` is called in the transaction of the write that made the event (through
the notifications' one entry point), so the deliveries and their tasks are saved with the
change or not at all. ``deliver`` runs in the worker: it never holds a transaction open
while it waits for a receiver.
"""

import datetime
import json
import logging
import random
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from meetings.models import Commitment
from meetings.status import Review
from webhooks import addresses, secrets, signing
from webhooks.events import EVENTS, Event
from webhooks.models import Delivery, DeliveryState, Failure, Webhook
from webhooks.sending import Outcome, post

logger = logging.getLogger(__name__)

USER_AGENT = "commitment-tracker-webhooks/1"


# Managing webhooks ---------------------------------------------------------------------------


def _check(url: str, events: list[str]) -> None:
    try:
        addresses.parse(url)
    except addresses.Refused as refused:
        raise ValidationError({"url": str(refused)}) from None
    if not events or set(events) - set(EVENTS):
        raise ValidationError({"events": f"Choose one or more of {', '.join(EVENTS)}."})


@transaction.atomic
def create_webhook(
    *, name: str, url: str, events: list[str], created_by: AbstractBaseUser | None
) -> tuple[Webhook, str]:
    """A new webhook and its secret, which is shown this once (it is stored encrypted).

    The doors check the address fully (``addresses.check`` resolves it) before calling."""
    _check(url, events)
    secret = secrets.new_secret()
    webhook = Webhook.objects.create(
        name=name.strip(),
        url=url.strip(),
        events=sorted(set(events), key=EVENTS.index),
        secret_encrypted=secrets.encrypt(secret),
        secret_hint=secrets.hint_of(secret),
        created_by=created_by,
    )
    return webhook, secret


@transaction.atomic
def set_webhook_active(*, webhook: Webhook, active: bool) -> Webhook:
    webhook.active = active
    webhook.save(update_fields=["active"])
    return webhook


@transaction.atomic
def change_webhook(
    *, webhook: Webhook, name: str | None = None, events: list[str] | None = None
) -> Webhook:
    """Rename a webhook or change its events (its address never changes: a new address is a
    new webhook, with a secret of its own)."""
    if events is not None:
        _check(webhook.url, events)
        webhook.events = sorted(set(events), key=EVENTS.index)
    if name is not None:
        webhook.name = name.strip()
    webhook.save(update_fields=["name", "events"])
    return webhook


@transaction.atomic
def new_webhook_secret(*, webhook: Webhook) -> str:
    """Replace the secret: the old one stops signing at once, so the receiver must be given
    the new one (shown this once)."""
    secret = secrets.new_secret()
    webhook.secret_encrypted = secrets.encrypt(secret)
    webhook.secret_hint = secrets.hint_of(secret)
    webhook.save(update_fields=["secret_encrypted", "secret_hint"])
    return secret


@transaction.atomic
def delete_webhook(*, webhook: Webhook) -> None:
    """The webhook and its deliveries; tasks still queued for them find nothing and stop."""
    webhook.delete()


@transaction.atomic
def reencrypt_webhook_secrets() -> int:
    """Every secret under the first of ``WEBHOOKS_SECRET_KEYS`` (after a key rotation)."""
    count = 0
    for webhook in Webhook.objects.select_for_update().only("pk", "secret_encrypted"):
        webhook.secret_encrypted = secrets.reencrypt(webhook.secret_encrypted)
        webhook.save(update_fields=["secret_encrypted"])
        count += 1
    return count


# Queueing -------------------------------------------------------------------------------------


def _absolute(path: str) -> str:
    site = getattr(settings, "SITE_URL", "") or ""
    return site.rstrip("/") + path


def commitment_summary(commitment: Commitment) -> dict[str, Any]:
    meeting = commitment.meeting
    return {
        "id": commitment.pk,
        "title": commitment.title,
        "status": commitment.status,
        "kind": commitment.kind,
        "priority": commitment.priority,
        "due_on": commitment.due_on.isoformat() if commitment.due_on else None,
        "expected_by": commitment.expected_by.isoformat() if commitment.expected_by else None,
        "owner": commitment.owner.code if commitment.owner_id else None,
        "assignee": commitment.assignee.get_username() if commitment.assignee_id else None,
        "meeting": {
            "id": meeting.pk,
            "title": meeting.title,
            "held_on": meeting.held_on.isoformat() if meeting.held_on else None,
        },
        "url": _absolute(commitment.get_absolute_url()),
        "api_url": _absolute(reverse("api:commitment-detail", args=[commitment.pk])),
    }


# The notifications' kinds (notifications.kinds.Kind) and the events webhooks hear them as.
EVENT_OF_KIND = {
    "assigned": Event.ASSIGNED,
    "status_changed": Event.STATUS_CHANGED,
    "meeting_linked": Event.MEETING_LINKED,
    "new_commitment": Event.CREATED,
}


def fan_out(*, kind: str, actor, commitments, meeting=None, details=None) -> list[Delivery]:
    """Called by ``notifications.events.occurred`` (the one entry point services call after a
    write, in their transaction) with what happened; kinds webhooks do not carry (reminders)
    are left out. One delivery per commitment and webhook: a confirmed import sends
    ``commitment.created`` for each commitment it made."""
    if kind == "readout_confirmed" and meeting is not None:
        # A confirmed import: the commitments made at its meeting are new, the earlier ones
        # it followed up had that meeting linked.
        made = [c for c in commitments if c.meeting_id == meeting.pk]
        followed = [c for c in commitments if c.meeting_id != meeting.pk]
        return [
            *fan_out(kind="new_commitment", actor=actor, commitments=made, meeting=meeting),
            *fan_out(kind="meeting_linked", actor=actor, commitments=followed, meeting=meeting),
        ]
    event = EVENT_OF_KIND.get(kind)
    if event is None:
        return []
    data = dict(details or {})
    if meeting is not None:
        data.setdefault(
            "meeting",
            {
                "id": meeting.pk,
                "title": meeting.title,
                "held_on": meeting.held_on.isoformat() if meeting.held_on else None,
            },
        )
    data = {key: value for key, value in data.items() if key != "titles"}
    deliveries = []
    for commitment in commitments:
        deliveries += event_occurred(event=event, commitment=commitment, actor=actor, data=data)
    return deliveries


def event_occurred(
    *,
    event: str,
    commitment: Commitment,
    actor: AbstractBaseUser | None = None,
    data: dict[str, Any] | None = None,
    occurred_at: datetime.datetime | None = None,
) -> list[Delivery]:
    """Queue ``event`` about ``commitment`` for every active webhook that wants it, in the
    caller's transaction. Drafts are nobody's business: nothing is queued for them."""
    if event not in EVENTS:
        raise ValueError(f"unknown webhook event {event!r}")
    if commitment.review != Review.CONFIRMED:
        return []
    webhooks = [hook for hook in Webhook.objects.filter(active=True) if hook.wants(event)]
    if not webhooks:
        return []
    from webhooks.tasks import deliver_webhook

    when = occurred_at or timezone.now()
    summary = commitment_summary(commitment)
    deliveries = []
    with transaction.atomic():
        for webhook in webhooks:
            delivery = Delivery(webhook=webhook, event=event, created_at=when)
            delivery.body = json.dumps(
                {
                    "id": str(delivery.uuid),
                    "event": event,
                    "occurred_at": when.isoformat(),
                    "actor": actor.get_username() if actor is not None else None,
                    "commitment": summary,
                    "data": data or {},
                },
                ensure_ascii=False,
                separators=(",", ":"),
                cls=DjangoJSONEncoder,
            )
            delivery.save()
            deliver_webhook.enqueue(delivery.pk, 1)
            deliveries.append(delivery)
    return deliveries


# Delivering -----------------------------------------------------------------------------------


def backoff(attempt: int) -> datetime.timedelta:
    """How long to wait after failed try number ``attempt``: the base, then four times as long
    each time (30 s, 2 min, 8 min, 32 min... by default), at most six hours, with up to a
    tenth more at random so that many failures do not come back at the same moment."""
    base = settings.WEBHOOKS_RETRY_BASE_SECONDS
    seconds = min(base * 4 ** (attempt - 1), 6 * 60 * 60)
    return datetime.timedelta(seconds=seconds * (1 + random.random() / 10))


def headers_for(delivery: Delivery, secret: str, body: bytes, now: int) -> dict[str, str]:
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "Tracker-Event": delivery.event,
        "Tracker-Delivery": str(delivery.uuid),
        "Tracker-Attempt": str(delivery.attempts + 1),
        signing.HEADER: signing.signature_header(secret, now, body),
    }


def deliver(*, delivery_id: int, attempt: int) -> Delivery | None:
    """Make try number ``attempt`` of a delivery, record how it went, and queue the next try
    after a failure (until ``WEBHOOKS_MAX_ATTEMPTS``).

    The try is claimed first (``claimed_at``, a conditional update), so a task that comes
    twice, or for a delivery already finished, claimed by another worker, or deleted, does
    nothing and sends nothing. A claim left by a worker that died mid-try is released by
    ``requeue_stranded``."""
    claimed = Delivery.objects.filter(
        pk=delivery_id, state=DeliveryState.PENDING, attempts=attempt - 1, claimed_at=None
    ).update(claimed_at=timezone.now())
    if not claimed:
        return None
    delivery = Delivery.objects.select_related("webhook").get(pk=delivery_id)
    body = delivery.body.encode()
    try:
        secret = secrets.decrypt(delivery.webhook.secret_encrypted)
    except ImproperlyConfigured as exc:
        # No try can succeed until the key is back: failed now, and logged for the admins.
        logger.error("Webhook %s: %s", delivery.webhook_id, exc)
        outcome = Outcome(False, failure=Failure.SECRET, error=str(exc))
        return _record(delivery, attempt, outcome, final=True)
    outcome = post(
        delivery.webhook.url,
        body,
        headers_for(delivery, secret, body, int(timezone.now().timestamp())),
    )
    return _record(delivery, attempt, outcome)


def requeue_stranded() -> int:
    """Tries claimed by a worker that stopped before recording them (killed mid-POST), queued
    again; run by ``manage.py run_worker`` as it starts. A claim older than a try can last
    (``WEBHOOKS_TIMEOUT_SECONDS``) plus five minutes is taken to be such a one."""
    from webhooks.tasks import deliver_webhook

    before = timezone.now() - datetime.timedelta(seconds=settings.WEBHOOKS_TIMEOUT_SECONDS + 5 * 60)
    count = 0
    for delivery in Delivery.objects.filter(
        state=DeliveryState.PENDING, claimed_at__lt=before
    ).only("pk", "attempts"):
        with transaction.atomic():
            released = Delivery.objects.filter(
                pk=delivery.pk, attempts=delivery.attempts, claimed_at__lt=before
            ).update(claimed_at=None)
            if released:
                deliver_webhook.enqueue(delivery.pk, delivery.attempts + 1)
                count += 1
    return count


@transaction.atomic
def _record(
    delivery: Delivery, attempt: int, outcome: Outcome, *, final: bool = False
) -> Delivery | None:
    from webhooks.tasks import deliver_webhook

    now = timezone.now()
    recorded = Delivery.objects.filter(
        pk=delivery.pk, state=DeliveryState.PENDING, attempts=attempt - 1
    ).update(attempts=attempt, claimed_at=None)
    if not recorded:  # released as stranded and tried again meanwhile, or deleted
        return None
    delivery.attempts = attempt
    delivery.claimed_at = None
    delivery.last_attempt_at = now
    delivery.response_status = outcome.status
    delivery.failure = outcome.failure
    delivery.error = outcome.error[:300]
    delivery.next_attempt_at = None
    if outcome.delivered:
        delivery.state = DeliveryState.DELIVERED
        delivery.finished_at = now
    elif final or attempt >= settings.WEBHOOKS_MAX_ATTEMPTS:
        delivery.state = DeliveryState.FAILED
        delivery.finished_at = now
    else:
        delivery.next_attempt_at = now + backoff(attempt)
        task = deliver_webhook
        if task.get_backend().supports_defer:
            task = task.using(run_after=delivery.next_attempt_at)
        task.enqueue(delivery.pk, attempt + 1)
    delivery.save(
        update_fields=[
            "attempts",
            "last_attempt_at",
            "response_status",
            "failure",
            "error",
            "next_attempt_at",
            "state",
            "finished_at",
        ]
    )
    return delivery
