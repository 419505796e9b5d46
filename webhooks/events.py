"""What a webhook may be told of: the events people are notified of, never a draft's."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    ASSIGNED = "commitment.assigned", _("A commitment was assigned")
    STATUS_CHANGED = "commitment.status_changed", _("A commitment's status moved")
    MEETING_LINKED = "commitment.meeting_linked", _("A later meeting was linked to a commitment")
    CREATED = "commitment.created", _("A commitment was recorded")


EVENTS = [value for value, _label in Event.choices]
