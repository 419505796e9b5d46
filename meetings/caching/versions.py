"""The scopes' tokens every cached value is keyed by (``meetings.models.DataVersion``).

A write says which scopes it touched (``changed``); their tokens move once the write has
committed (``transaction.on_commit``), so a reader that sees a new token also sees the new
data, and no writer holds a lock on the token row while its own work runs. The tokens are
random rather than counters, so a cache that outlives a recreated database never serves an
entry under a reused number.
"""

import threading
import uuid

from django.core.signals import request_finished, request_started
from django.db import transaction

from meetings.models import DataVersion

# What figures and list filters read: statuses, reviews, commitments made or removed, their
# particulars, dates and words, meetings and their parties, and the names of reference data.
FIGURES = "figures"
# What only the stale and "changed recently" figures and filters read: a commitment's last
# activity (a note recorded) and when it last changed.
ACTIVITY = "activity"
# What a list row shows of records other than its own commitment: its meeting, parties,
# topics, mechanism, division and assignee. A commitment's own row is keyed by its version.
REFERENCE = "reference"
# Who people are and what they may do: users, their accounts (divisions, language, when their
# sessions were ended), groups and permissions. Any change to any of them, by any door. And
# the filters people saved (``services.saved_filters``), which their top bars list.
PEOPLE = "people"
SCOPES = (FIGURES, ACTIVITY, REFERENCE, PEOPLE)

# Within one request the tokens are read once (a page asks for them for its count, its rows
# and its figures); a write committed by the request forgets them. Outside a request
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


def changed(*scopes: str) -> None:
    """Move ``scopes``' tokens once the current transaction commits (at once outside one)."""
    unknown = set(scopes) - set(SCOPES)
    if unknown or not scopes:
        raise ValueError(f"changed() takes some of {SCOPES}, not {scopes!r}")
    transaction.on_commit(lambda: _move(tuple(scopes)))


def current() -> dict[str, str]:
    """Every scope's token, in one query (rows missing from a fresh table are made)."""
    if getattr(_request, "active", False) and _request.tokens is not None:
        return _request.tokens
    tokens = dict(DataVersion.objects.values_list("scope", "token"))
    missing = [scope for scope in SCOPES if scope not in tokens]
    if missing:
        _move(tuple(missing))
        tokens = dict(DataVersion.objects.values_list("scope", "token"))
    if getattr(_request, "active", False):
        _request.tokens = tokens
    return tokens
