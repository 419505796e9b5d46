"""The vocabulary of notifications: what happened (``Kind``), how a person wants to hear of it
(``Delivery``), and the defaults. Other features add their kinds here (reminders, digests)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned to me")
    STATUS_CHANGED = "status_changed", _("Status moved")
    MEETING_LINKED = "meeting_linked", _("Later meeting linked")
    NEW_COMMITMENT = "new_commitment", _("New commitment with what I watch")
    READOUT_CONFIRMED = "readout_confirmed", _("Imported readout confirmed")


class Mode(models.TextChoices):
    """How a person hears of one kind of notification, besides their inbox."""

    IMMEDIATE = "immediate", _("E-mail at once")
    DIGEST = "digest", _("In the daily digest")
    NONE = "none", _("Inbox only")


# What a person gets until they choose (issue 15: at once for assignments and status moves).
DEFAULT_MODES: dict[str, str] = {
    Kind.ASSIGNED: Mode.IMMEDIATE,
    Kind.STATUS_CHANGED: Mode.IMMEDIATE,
}


def default_mode(kind: str) -> str:
    return DEFAULT_MODES.get(kind, Mode.DIGEST)


class Reason(models.TextChoices):
    """Why a person watches something: they asked, or the tracker started it for them."""

    ASKED = "asked", _("Asked to watch")
    ASSIGNED = "assigned", _("Assigned")
    RECORDED = "recorded", _("Recorded an update")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
