"""The data versions cached reads are keyed by (see ``models.DataVersion``).

Writes say what they touched with ``changed(...)``; the token moves once the write has
committed (``transaction.on_commit``), so a reader that sees the new token also sees the new
data, and no writer holds a lock on the shared version row while its own work runs. The
signal handlers in ``meetings.signals`` call ``changed`` for every model save, delete and
many-to-many change; writes that bypass signals (``QuerySet.update``, the generator's bulk
inserts) call it themselves.
"""

import threading
import uuid

from django.core.signals import request_finished, request_started
from django.db import transaction

from meetings.models import DataVersion

FIGURES = "figures"
ACTIVITY = "activity"
# What rendered rows show of other rows (meetings, parties, topics, divisions, users): a
# commitment's own row is keyed by its own version as well, so a versioned save of one
# commitment (a status move) leaves every other row cached.
REFERENCE = "reference"
SCOPES = (FIGURES, ACTIVITY, REFERENCE)


# Within one request the tokens are read once (a page asks for them for its count, its rows,
# its form and its figures); a write the request commits forgets them. Outside a request
# (commands, the shell) they are read every time.
_request = threading.local()


def _request_started(**kwargs) -> None:
    _request.active = True
    _request.tokens = None


def _request_finished(**kwargs) -> None:
    _request.active = False
    _request.tokens = None


request_started.connect(_request_started, dispatch_uid="versions-request-started")
request_finished.connect(_request_finished, dispatch_uid="versions-request-finished")


def _move(scopes: tuple[str, ...]) -> None:
    _request.tokens = None
    for scope in scopes:
        token = uuid.uuid4().hex
        if not DataVersion.objects.filter(scope=scope).update(token=token):
            DataVersion.objects.get_or_create(scope=scope, defaults={"token": token})


def changed(*, activity_only: bool = False, own_rows_only: bool = False) -> None:
    """Move the versions after the current transaction commits (at once outside one).

    ``activity_only`` is for writes that move nothing but a commitment's activity (a note
    recorded, its version and dates); ``own_rows_only`` for a commitment saved with its
    version raised, which other rows do not show (its own are keyed by that version);
    everything else moves every scope.
    """
    if activity_only:
        scopes: tuple[str, ...] = (ACTIVITY,)
    elif own_rows_only:
        scopes = (FIGURES, ACTIVITY)
    else:
        scopes = SCOPES
    transaction.on_commit(lambda: _move(scopes))


def current() -> dict[str, str]:
    """Every scope's token, in one query (rows missing from a fresh table are made)."""
    if getattr(_request, "active", False) and _request.tokens is not None:
        return _request.tokens
    tokens = _read()
    if getattr(_request, "active", False):
        _request.tokens = tokens
    return tokens


def _read() -> dict[str, str]:
    tokens = dict(DataVersion.objects.values_list("scope", "token"))
    missing = [scope for scope in SCOPES if scope not in tokens]
    if missing:
        _move(tuple(missing))
        tokens = dict(DataVersion.objects.values_list("scope", "token"))
    return tokens
