"""Who is asked for a second factor, and checking one.

A second factor is a six-digit code from an authenticator app (TOTP, django-otp's device) or
one of ten recovery codes (``meetings.models.RecoveryCodes``). It is *required* of the roles in
``MFA_REQUIRED_ROLES``, and *asked* at sign-in of whoever has one. Between the password and
the code the person is not signed in: the session only holds who they said they were
(``hold``), for ``PENDING_MINUTES``.
"""

import time

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from meetings import caching
from meetings.models import RecoveryCodes
from meetings.roles import ROLES

PENDING = "second_factor_pending"
PENDING_MINUTES = 10


def role_names(user) -> frozenset[str]:
    """The roles ``user`` holds, "superuser" included (read once per request and user, and
    kept between requests until anyone's groups change: ``caching.roles``)."""
    if not hasattr(user, "_role_names"):
        user._role_names = caching.roles(user.pk, lambda: _read_role_names(user))
    return user._role_names


def _read_role_names(user) -> frozenset[str]:
    names = frozenset(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
    return names | ({"superuser"} if user.is_superuser else frozenset())


def required_for(user) -> bool:
    wanted = settings.MFA_REQUIRED_ROLES
    if not wanted or not user.is_authenticated:
        return False
    return bool(role_names(user) & set(wanted))


def authenticator(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def asked_of(user) -> bool:
    """Whether signing ``user`` in takes a code after the password."""
    return required_for(user) or authenticator(user) is not None


def verified(request) -> bool:
    """Whether this session's person gave a second factor when signing in."""
    return DEVICE_ID_SESSION_KEY in request.session


def check_code(user, code: str) -> Device | None:
    """The device that accepts ``code`` (the authenticator's, else a recovery code, which is
    then used up), or None. Each device slows down after failures (django-otp's throttling)."""
    code = (code or "").strip()
    if not code:
        return None
    # Six digits are the app's; anything else is tried as a recovery code. (A code tried on
    # the wrong kind of device would count against that device's throttling.)
    kind = TOTPDevice if code.isdigit() and len(code) <= 8 else RecoveryCodes
    candidates: list[Device] = list(kind.objects.filter(user=user, confirmed=True))
    for device in candidates:
        with transaction.atomic():
            locked = type(device).objects.select_for_update().get(pk=device.pk)
            if locked.verify_token(code):
                return locked
    return None


# Between the password and the code ---------------------------------------------------------


def hold(request, user, *, next_url: str) -> None:
    request.session[PENDING] = {
        "user": user.pk,
        "backend": user.backend,
        "at": time.time(),
        "next": next_url,
    }


def held(request) -> tuple | None:
    """``(user, backend, next_url)`` of the sign-in waiting for its code, if any and recent."""
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["at"] > PENDING_MINUTES * 60:
        return None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    return (user, pending["backend"], pending["next"]) if user else None


def release(request) -> None:
    request.session.pop(PENDING, None)


# The lockout ---------------------------------------------------------------------------------


def locked_out(request, user) -> bool:
    """Whether django-axes refuses this username from this address now."""
    return AxesProxyHandler.is_locked(request, {"username": user.get_username()})


def count_failure(request, user) -> None:
    """A wrong or missing code counts as a wrong password does: django-axes hears it."""
    user_login_failed.send(
        sender=__name__, credentials={"username": user.get_username()}, request=request
    )
