"""The mail outbox: queue a mail in the caller's transaction, and the worker's task that
sends it.

``queue_mail`` writes a ``Delivery`` and enqueues ``deliver`` with Django's tasks framework.
The backend is ``django-tasks-db`` (settings.TASKS), which stores the task as a row in the same
database, so both are written, or neither, with the change the mail tells of. The worker
(``manage.py run_worker``) runs ``deliver``:

1. it claims the delivery with one conditional UPDATE (pending → sending), so two workers, or
   a task enqueued twice, never send it twice;
2. it sends it (the mailer of settings.MAILERS, the delivery's fixed Message-ID);
3. it records *sent* the moment the server accepted it; a sent delivery is never claimed again;
4. on an error it records the error and enqueues itself again after a backoff (MAIL_RETRY_SECONDS,
   doubling, at most six hours) until MAIL_MAX_ATTEMPTS, then the delivery is *failed*: the
   admin lists it with its error and can retry it.

Delivery is at least once: if the worker dies between the server's acceptance and step 3, the
delivery is found *sending* past MAIL_SENDING_TIMEOUT_SECONDS and sent again with the same
Message-ID, which mail systems use to drop the repeat.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.tasks import task
from django.utils import timezone

from notifications.kinds import DeliveryStatus
from notifications.models import Delivery

logger = logging.getLogger(__name__)

MAX_BACKOFF = datetime.timedelta(hours=6)


def queue_mail(
    *,
    to_address: str,
    purpose: str,
    language: str,
    subject: str,
    text: str,
    html: str = "",
    recipient=None,
) -> Delivery:
    """Put one mail in the outbox and enqueue its sending, in the caller's transaction.

    For features that mail people (reminders, digests): render the words in the recipient's
    language first; the worker sends exactly these.
    """
    delivery = Delivery.objects.create(
        recipient=recipient,
        to_address=to_address,
        purpose=purpose,
        language=language,
        subject=subject,
        text_body=text,
        html_body=html,
    )
    deliver.enqueue(delivery.pk)
    return delivery


def backoff(attempts: int) -> datetime.timedelta:
    """How long to wait after the ``attempts``-th failed attempt."""
    seconds = settings.MAIL_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return min(datetime.timedelta(seconds=seconds), MAX_BACKOFF)


def _claim(delivery_id: int) -> bool:
    """Take the delivery for one attempt; False if it is sent, failed or being sent."""
    now = timezone.now()
    stranded = now - datetime.timedelta(seconds=settings.MAIL_SENDING_TIMEOUT_SECONDS)
    with transaction.atomic():
        return bool(
            Delivery.objects.filter(
                Q(status=DeliveryStatus.PENDING)
                | Q(status=DeliveryStatus.SENDING, claimed_at__lt=stranded),
                pk=delivery_id,
            ).update(status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
        )


def _message(delivery: Delivery) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=delivery.subject,
        body=delivery.text_body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.to_address],
        headers={"Message-ID": delivery.message_id, "Content-Language": delivery.language},
    )
    if delivery.html_body:
        message.attach_alternative(delivery.html_body, "text/html")
    return message


def send_delivery(delivery_id: int) -> str:
    """One attempt at sending a delivery; what happened (``sent``, ``retry``, ``failed``, or
    ``skipped`` when it was not pending)."""
    if not _claim(delivery_id):
        return "skipped"
    delivery = Delivery.objects.get(pk=delivery_id)
    try:
        _message(delivery).send()
    except Exception as error:
        return _failed(delivery, error)
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.SENT, sent_at=timezone.now(), next_attempt_at=None
        )
    logger.info("Mail %s sent to %s", delivery.message_id, delivery.to_address)
    return "sent"


def _failed(delivery: Delivery, error: Exception) -> str:
    reason = f"{type(error).__name__}: {error}"[:2000]
    with transaction.atomic():
        if delivery.attempts >= settings.MAIL_MAX_ATTEMPTS:
            Delivery.objects.filter(pk=delivery.pk).update(
                status=DeliveryStatus.FAILED, last_error=reason, next_attempt_at=None
            )
            logger.error(
                "Mail %s to %s failed after %s attempts: %s",
                delivery.message_id,
                delivery.to_address,
                delivery.attempts,
                reason,
            )
            return "failed"
        next_attempt = timezone.now() + backoff(delivery.attempts)
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.PENDING, last_error=reason, next_attempt_at=next_attempt
        )
        deliver.using(run_after=next_attempt).enqueue(delivery.pk)
    logger.warning(
        "Mail %s to %s failed (attempt %s), retrying at %s: %s",
        delivery.message_id,
        delivery.to_address,
        delivery.attempts,
        next_attempt.isoformat(),
        reason,
    )
    return "retry"


@task()
def deliver(delivery_id: int) -> str:
    """The worker's task: one attempt at sending the delivery (``send_delivery``)."""
    return send_delivery(delivery_id)


def requeue(delivery: Delivery) -> bool:
    """Queue a failed (or stranded) delivery for sending again, with a fresh count of
    attempts; a sent one never is. True if it was queued."""
    with transaction.atomic():
        queued = Delivery.objects.filter(
            pk=delivery.pk, status__in=[DeliveryStatus.FAILED, DeliveryStatus.SENDING]
        ).update(status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=None)
        if queued:
            deliver.enqueue(delivery.pk)
    return bool(queued)


def requeue_stranded() -> int:
    """Deliveries left *sending* by a worker that stopped mid-attempt, queued again."""
    stranded = timezone.now() - datetime.timedelta(seconds=settings.MAIL_SENDING_TIMEOUT_SECONDS)
    count = 0
    for delivery in Delivery.objects.filter(status=DeliveryStatus.SENDING, claimed_at__lt=stranded):
        count += requeue(delivery)
    return count
