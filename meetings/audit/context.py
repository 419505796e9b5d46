"""Which door a change comes through, and who is at it.

A door sets the context around its work: the request middleware (``tracker/middleware.py``)
for pages, the admin and the API; each management command and import for itself. The audit
entry written for a change reads it (``models.EntryManager``). Nothing set means a write the
tracker did not expect (a shell, a test calling a service directly): its door stays empty.
"""

import contextlib
import functools
import getpass
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Door(models.TextChoices):
    PAGE = "page", _("page")
    ADMIN = "admin", _("admin")
    API = "api", _("API")
    IMPORT = "import", _("import")
    COMMAND = "command", _("command")


@dataclass(frozen=True)
class Context:
    door: str
    # Who acts: a user, or a callable giving one when the entry is written (a request's user
    # is known only once the API has read its token).
    actor: Any = None
    remote_addr: str | None = None
    detail: str = ""
    request_id: str | None = None

    def person(self):
        actor = self.actor() if callable(self.actor) else self.actor
        if actor is None or not getattr(actor, "is_authenticated", False):
            return None
        return actor


_current: ContextVar[Context | None] = ContextVar("audit_context", default=None)


def current() -> Context | None:
    return _current.get()


@contextlib.contextmanager
def through(
    door: str,
    *,
    actor: Any = None,
    remote_addr: str | None = None,
    detail: str = "",
    request_id: str | None = None,
) -> Iterator[Context]:
    """Everything written inside is recorded as coming through ``door``, by ``actor``."""
    context = Context(door, actor, remote_addr, detail[:200], request_id)
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


def as_command(name: str, door: str = Door.COMMAND) -> Callable:
    """A management command's ``handle``, recorded as the command ``name`` (the operating
    system's user beside it, as nobody signs in to a command)."""

    def decorate(handle: Callable) -> Callable:
        @functools.wraps(handle)
        def wrapped(*args, **kwargs):
            with through(door, detail=f"{name} ({_os_user()})"):
                return handle(*args, **kwargs)

        return wrapped

    return decorate


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "?"
