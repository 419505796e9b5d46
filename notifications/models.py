"""What the notifications keep: who watches what, each person's inbox, how each person wants
to hear of each kind, and the mail outbox the worker delivers from.

Every write to these goes through ``notifications.services`` or ``notifications.events``
(called by the domain's services); the worker's task (``notifications.outbox``) changes only
a delivery's state.
"""

import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meetings.models import Commitment, Mechanism, Meeting, Party
from notifications.kinds import DeliveryStatus, Kind, Mode, Reason

# Exactly one of a watch's (and an entry's subject) targets is set.
TARGETS = ("commitment", "meeting", "mechanism", "party")


def _one_target() -> Q:
    condition = Q()
    for target in TARGETS:
        others = [Q(**{f"{other}__isnull": True}) for other in TARGETS if other != target]
        only = Q(**{f"{target}__isnull": False})
        for other in others:
            only &= other
        condition |= only
    return condition


class WatchQuerySet(models.QuerySet):
    def of(self, target: models.Model) -> "WatchQuerySet":
        return self.filter(**{target_field(target): target})


def target_field(target: models.Model) -> str:
    """The field of a watch that points at ``target`` (a commitment, meeting, mechanism or
    party)."""
    for name, model in (
        ("commitment", Commitment),
        ("meeting", Meeting),
        ("mechanism", Mechanism),
        ("party", Party),
    ):
        if isinstance(target, model):
            return name
    raise TypeError(f"Nothing watches a {type(target).__name__}.")


class Watch(models.Model):
    """A person follows one commitment, meeting, mechanism or counterpart (a party: every
    commitment made at a meeting with it). ``reason`` says whether they asked or the tracker
    started it (the assignee, whoever records an update); either way they may stop."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="watches",
        verbose_name=_("person"),
    )
    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, null=True, blank=True, related_name="watches"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="watches"
    )
    mechanism = models.ForeignKey(
        Mechanism, on_delete=models.CASCADE, null=True, blank=True, related_name="watches"
    )
    party = models.ForeignKey(
        Party,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="watches",
        verbose_name=_("counterpart"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason, default=Reason.ASKED)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    objects = WatchQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("watch")
        verbose_name_plural = _("watches")
        constraints = [
            models.CheckConstraint(condition=_one_target(), name="watch_one_target"),
            *(
                models.UniqueConstraint(
                    fields=["person", target],
                    condition=Q(**{f"{target}__isnull": False}),
                    name=f"watch_once_per_{target}",
                )
                for target in TARGETS
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.target}"

    @property
    def target(self) -> models.Model | None:
        return self.commitment or self.meeting or self.mechanism or self.party


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)

    def awaiting_digest(self) -> "NotificationQuerySet":
        """Entries their recipient wants in the daily digest that no digest has carried yet."""
        return self.filter(mode=Mode.DIGEST, digested_at__isnull=True)


class Notification(models.Model):
    """One entry in a person's inbox: what happened (``kind``, ``details``), who did it, and
    to what. ``mode`` is how the person wanted to hear of this kind when it was written: mailed
    at once (``delivery`` is that mail), kept for the daily digest (``digested_at`` set when a
    digest carried it), or the inbox only."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # What the entry needs to say it in any language: statuses moved between, a count.
    details = models.JSONField(_("details"), default=dict, blank=True)
    mode = models.CharField(_("delivery"), max_length=20, choices=Mode)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    digested_at = models.DateTimeField(_("sent in a digest"), null=True, blank=True)
    delivery = models.ForeignKey(
        "Delivery",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("mail"),
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(
                fields=["recipient", "created_at"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(
                fields=["recipient", "created_at"],
                condition=Q(mode=Mode.DIGEST, digested_at__isnull=True),
                name="notification_for_digest",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(mode__in=Mode.values), name="notification_mode"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"


class Preference(models.Model):
    """How one person wants to hear of one kind (absent: ``kinds.default_mode``)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    mode = models.CharField(_("delivery"), max_length=20, choices=Mode)

    class Meta:
        ordering = ["person", "kind"]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="preference_once_per_kind"),
            models.CheckConstraint(condition=Q(mode__in=Mode.values), name="preference_mode"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.kind} = {self.mode}"


def new_message_id() -> str:
    """A Message-ID fixed when the mail is queued, so every attempt sends the same one."""
    domain = settings.MAIL_MESSAGE_ID_DOMAIN or urlsplit(settings.SITE_URL).hostname
    return f"<{uuid.uuid4().hex}@{domain}>"


class DeliveryQuerySet(models.QuerySet):
    def failed(self) -> "DeliveryQuerySet":
        return self.filter(status=DeliveryStatus.FAILED)


class Delivery(models.Model):
    """One mail in the outbox, written in the transaction of the change it tells of and sent
    later by the worker. Its words are fixed when it is queued, and its ``message_id`` too, so
    every attempt sends the same message. ``sent_at`` is set as soon as the mail server
    accepts it, and a sent delivery is never sent again; after ``MAIL_MAX_ATTEMPTS`` failed
    attempts it is *failed* and waits for an administrator (admin: retry)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("recipient"),
    )
    to_address = models.EmailField(_("to"), max_length=254)
    purpose = models.CharField(
        _("purpose"),
        max_length=30,
        help_text=_("What the mail is: a notification, a digest, a reminder."),
    )
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=300)
    text_body = models.TextField(_("text"))
    html_body = models.TextField(_("HTML"), blank=True)
    message_id = models.CharField(
        _("Message-ID"), max_length=200, unique=True, default=new_message_id, editable=False
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DeliveryStatus, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("attempt started"), null=True, blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("mail delivery")
        verbose_name_plural = _("mail deliveries")
        indexes = [models.Index(fields=["status", "created_at"], name="delivery_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DeliveryStatus.values), name="delivery_status_known"
            ),
            models.CheckConstraint(
                condition=~Q(status=DeliveryStatus.SENT) | Q(sent_at__isnull=False),
                name="delivery_sent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to_address}"
