"""When a commitment is due a reminder: the one place that says so (docs/user-guide.md,
"Reminders and digests").

- **Due in 14 days** and **due in 3 days**: an open commitment that is not continuing, on the
  first run on or after 14 (3) days before its expected-by date, once per commitment, threshold
  and date (a new date is reminded of again). Within 3 days only the 3-day reminder is sent.
- **Overdue**: on the first run after its expected-by date, then weekly (the first run on or
  after seven days since the last) until it is closed or given a later date.
- **Stale**: nothing recorded for ``STALE_AFTER_DAYS``: once, on the first run on or after the
  day it became stale; recording anything starts the count again.

Each rule reads the same conditions as the dashboard (``meetings.status``), so a commitment
reminded of as overdue is the one the dashboard counts as overdue on that day.
"""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from meetings import status as workflow

DUE_SOON = 14
DUE_VERY_SOON = 3
OVERDUE_EVERY = datetime.timedelta(days=7)


class Threshold(models.TextChoices):
    DUE_IN_14 = "due_in_14", _("due within 14 days")
    DUE_IN_3 = "due_in_3", _("due within 3 days")
    OVERDUE = "overdue", _("overdue")
    STALE = "stale", _("stale")


# The order a reminder mail lists them in: the most urgent first.
ORDER = [Threshold.OVERDUE, Threshold.DUE_IN_3, Threshold.DUE_IN_14, Threshold.STALE]


def due_threshold(
    *, status: str, continuing: bool, expected_by: datetime.date | None, today: datetime.date
) -> str | None:
    """Which date reminder an open commitment is due on ``today`` (None: none)."""
    if not workflow.is_open(status) or continuing or expected_by is None:
        return None
    if workflow.is_overdue(
        status=status, continuing=continuing, expected_by=expected_by, today=today
    ):
        return Threshold.OVERDUE
    days_left = (expected_by - today).days
    if days_left <= DUE_VERY_SOON:
        return Threshold.DUE_IN_3
    if days_left <= DUE_SOON:
        return Threshold.DUE_IN_14
    return None


def overdue_again(last_sent: datetime.date | None, today: datetime.date) -> bool:
    """Whether an overdue commitment last reminded of on ``last_sent`` is reminded again."""
    return last_sent is None or today >= last_sent + OVERDUE_EVERY


def reminder_window_end(today: datetime.date) -> datetime.date:
    """The latest expected-by date any date reminder can be due for on ``today``."""
    return today + datetime.timedelta(days=DUE_SOON)
