"""The data versions cached reads are keyed by (see ``models.DataVersion``).

Writes say what they touched with ``changed(...)``; the token moves once the write has
committed (``transaction.on_commit``), so a reader that sees the new token also sees the new
data, and no writer holds a lock on the shared version row while its own work runs. The
signal handlers in ``meetings.signals`` call ``changed`` for every model save, delete and
many-to-many change; writes that bypass signals (``QuerySet.update``, the generator's bulk
inserts) call it themselves.
"""

import uuid

from django.db import transaction

from .models import DataVersion

FIGURES = "figures"
ACTIVITY = "activity"
SCOPES = (FIGURES, ACTIVITY)


def _move(scopes: tuple[str, ...]) -> None:
    for scope in scopes:
        token = uuid.uuid4().hex
        if not DataVersion.objects.filter(scope=scope).update(token=token):
            DataVersion.objects.get_or_create(scope=scope, defaults={"token": token})


def changed(*, activity_only: bool = False) -> None:
    """Move the versions after the current transaction commits (at once outside one).

    ``activity_only`` is for writes that move nothing but a commitment's activity (a note
    recorded, its version and dates); everything else moves every scope.
    """
    scopes = (ACTIVITY,) if activity_only else SCOPES
    transaction.on_commit(lambda: _move(scopes))


def current() -> dict[str, str]:
    """Every scope's token, in one query (rows missing from a fresh table are made)."""
    tokens = dict(DataVersion.objects.values_list("scope", "token"))
    missing = [scope for scope in SCOPES if scope not in tokens]
    if missing:
        _move(tuple(missing))
        tokens = dict(DataVersion.objects.values_list("scope", "token"))
    return tokens
