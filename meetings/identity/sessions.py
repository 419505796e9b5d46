"""How long a signed-in session lasts.

Each session notes when its person signed in and when it was last used. It ends after
``SESSION_IDLE_MINUTES`` unused, ``SESSION_MAX_HOURS`` after the sign-in, or when all the
person's sessions were ended since (``Account.sessions_ended_at``: deactivation, a password
change, a second factor reset). The last use is written at most once a minute, so a busy
session costs no session write per request.
"""

import time

from django.conf import settings
from django.utils.translation import gettext as _

from meetings.models import Account

SIGNED_IN_AT = "signed_in_at"
SEEN_AT = "seen_at"
SEEN_WRITE_SECONDS = 60


def start(session) -> None:
    now = time.time()
    session[SIGNED_IN_AT] = now
    session[SEEN_AT] = now


def ended_at(user) -> float | None:
    """When all of ``user``'s sessions were last ended, as a timestamp (the sign-in backend
    loads the account with the user: meetings/identity/backend.py)."""
    try:
        moment = user.account.sessions_ended_at
    except Account.DoesNotExist:
        return None
    return moment.timestamp() if moment else None


def why_ended(session, user) -> str | None:
    """Why this signed-in session is over, or None (and then it is marked as used now)."""
    now = time.time()
    signed_in = session.get(SIGNED_IN_AT)
    seen = session.get(SEEN_AT, signed_in)
    cutoff = ended_at(user)
    if signed_in is None:
        return _("Your session has ended; please sign in again.")
    if cutoff is not None and signed_in <= cutoff:
        return _("You were signed out: your password, account or second factor changed.")
    if now - signed_in > settings.SESSION_MAX_HOURS * 3600:
        return _("You were signed out after %(hours)d hours; please sign in again.") % {
            "hours": settings.SESSION_MAX_HOURS
        }
    if now - seen > settings.SESSION_IDLE_MINUTES * 60:
        return _("You were signed out after %(minutes)d minutes without activity.") % {
            "minutes": settings.SESSION_IDLE_MINUTES
        }
    if now - seen >= SEEN_WRITE_SECONDS:
        session[SEEN_AT] = now
    return None
