"""The worker's side: one task per try of a delivery (``services.deliver`` says what it does)."""

from django.tasks import task


@task
def deliver_webhook(delivery_id: int, attempt: int) -> str:
    from webhooks.services import deliver

    delivery = deliver(delivery_id=delivery_id, attempt=attempt)
    return delivery.state if delivery is not None else "skipped"
