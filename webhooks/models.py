"""A webhook (where to POST, which events, the secret that signs) and its deliveries."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from webhooks.events import Event


class WebhookQuerySet(models.QuerySet):
    def with_counts(self):
        """Each with ``waiting`` (deliveries not yet delivered nor given up) and ``failed``."""
        return self.annotate(
            waiting=models.Count("deliveries", filter=Q(deliveries__state="pending")),
            failed=models.Count("deliveries", filter=Q(deliveries__state="failed")),
        )


class Webhook(models.Model):
    """An address another system gave us, the events it wants, and its signing secret.

    The secret must be readable again to sign each POST (HMAC needs the key itself, so a hash
    of it, as API tokens keep, cannot work): it is stored encrypted (``webhooks.secrets``)
    under a key that is not in the database, and shown to people once, when made.
    ``secret_hint`` is its first characters, so a manager can tell which one a receiver holds.
    A paused webhook is sent nothing new; what was queued for it before still goes out.
    """

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("address"), max_length=2000)
    events = models.JSONField(_("events"), default=list)
    secret_encrypted = models.TextField(_("secret (encrypted)"), editable=False)
    secret_hint = models.CharField(_("secret starts with"), max_length=16, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = WebhookQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("webhooks:detail", args=[self.pk])

    def wants(self, event: str) -> bool:
        return self.active and event in self.events

    def event_labels(self) -> list[str]:
        labels = dict(Event.choices)
        return [str(labels.get(event, event)) for event in self.events]


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("waiting")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("failed")


class Failure(models.TextChoices):
    """How a try failed, shown in the page's language; ``Delivery.error`` adds the detail."""

    REFUSED = "refused", _("address refused")
    CONNECTION = "connection", _("could not connect")
    TIMEOUT = "timeout", _("no answer in time")
    REDIRECT = "redirect", _("answered with a redirect (not followed)")
    TOO_LARGE = "too_large", _("answer too large")
    STATUS = "status", _("answered with an error")
    SECRET = "secret", _("secret unreadable (see WEBHOOKS_SECRET_KEYS)")


class DeliveryQuerySet(models.QuerySet):
    def failures(self):
        """Given up, or waiting after at least one failed try."""
        return self.filter(
            Q(state=DeliveryState.FAILED) | Q(state=DeliveryState.PENDING, attempts__gt=0)
        )


class Delivery(models.Model):
    """One event for one webhook: the JSON body as first built (every retry sends the same
    bytes), how many tries it took, and how the last one ended. ``uuid`` goes out in the
    ``Tracker-Delivery`` header and the body's ``id``, the same on every retry, so a receiver
    that got it twice can tell."""

    webhook = models.ForeignKey(
        Webhook, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("webhook")
    )
    uuid = models.UUIDField(_("delivery id"), default=uuid.uuid4, unique=True, editable=False)
    event = models.CharField(_("event"), max_length=40, choices=Event.choices)
    body = models.TextField(_("body"))
    state = models.CharField(
        _("state"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("tries"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Set while a worker makes a try: a second task for the same try then does nothing.
    claimed_at = models.DateTimeField(_("try started at"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last try at"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next try at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(_("answer"), null=True, blank=True)
    failure = models.CharField(_("failure"), max_length=12, choices=Failure.choices, blank=True)
    error = models.CharField(_("detail"), max_length=300, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [models.Index(fields=["webhook", "-created_at"], name="webhooks_recent")]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook_id} ({self.state})"
