"""The request id every log line of a request carries (``RequestIdMiddleware`` sets it).

A reverse proxy that names its requests (nginx's ``$request_id``, an ``X-Request-ID`` from a
load balancer) passes the name on, so one id finds a request in the proxy's log and ours; a
request without one gets a new id. An id sent from outside is taken only if it looks like one:
it goes into a response header and every log line of the request.
"""

import logging
import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
_ACCEPTED = re.compile(r"[A-Za-z0-9._:-]{1,64}")

_current: ContextVar[str | None] = ContextVar("request_id", default=None)


def request_id_from(given: str | None) -> str:
    """The proxy's id if it is one (at most 64 letters, digits and ``._:-``), else a new one."""
    if given and _ACCEPTED.fullmatch(given):
        return given
    return uuid.uuid4().hex


def current_request_id() -> str | None:
    return _current.get()


def set_request_id(request_id: str | None) -> None:
    _current.set(request_id)


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record: the current request's id, or None outside one."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get()
        return True
