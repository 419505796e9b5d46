"""What was sent, so that ``send_reminders`` never sends it twice (docs/design.md)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meetings.models import Commitment
from reminders.rules import Threshold


class Reminder(models.Model):
    """A reminder queued for one commitment: which threshold, the date it was about (the
    expected-by date for the date reminders, the last activity for a stale one) and the day of
    the run that sent it, to whom. The unique key refuses a second copy even from two runs at
    once (the second run then queues nothing)."""

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("commitment"),
    )
    threshold = models.CharField(_("threshold"), max_length=20, choices=Threshold)
    concerns = models.DateField(_("about the date"))
    sent_on = models.DateField(_("sent on"))
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("sent to")
    )
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "threshold", "concerns", "sent_on"],
                name="reminder_once_a_day",
            ),
            models.CheckConstraint(
                condition=Q(threshold__in=Threshold.values), name="reminder_threshold_known"
            ),
        ]
        indexes = [
            models.Index(fields=["commitment", "threshold", "concerns"], name="reminder_lookup")
        ]

    def __str__(self) -> str:
        return f"{self.get_threshold_display()}: {self.commitment} ({self.sent_on})"


class Digest(models.Model):
    """A digest mailed to one person: the daily one (what awaited them, per their preferences)
    or the managers' weekly one; ``period`` is its day, or the first day of its week."""

    class Kind(models.TextChoices):
        DAILY = "daily", _("daily digest")
        WEEKLY = "weekly", _("weekly digest for managers")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    period = models.DateField(_("for"))
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)

    class Meta:
        ordering = ["-period", "-id"]
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        constraints = [
            models.UniqueConstraint(fields=["person", "kind", "period"], name="digest_once"),
            models.CheckConstraint(
                condition=Q(kind__in=["daily", "weekly"]), name="digest_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person} ({self.period})"
