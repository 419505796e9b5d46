"""Writes about signing in: ending sessions, API tokens, the second factor.

The doors (pages, API, admin, commands) call these; the signal on the user
(``meetings.signals``) calls ``end_sessions_and_tokens`` when a password changes or an account
is deactivated, whatever door did it.
"""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from meetings.models import (
    Account,
    ApiToken,
    CalendarFeed,
    RecoveryCode,
    RecoveryCodes,
    digest_of,
)

RECOVERY_CODES = 10


@transaction.atomic
def end_sessions_and_tokens(*, user: AbstractBaseUser) -> None:
    """End every session ``user`` has (from this moment back) and revoke every API token and
    calendar feed address."""
    Account.objects.update_or_create(user=user, defaults={"sessions_ended_at": timezone.now()})
    ApiToken.objects.filter(user=user).delete()
    CalendarFeed.objects.filter(user=user).delete()


# API tokens -----------------------------------------------------------------------------------


@transaction.atomic
def create_api_token(*, user: AbstractBaseUser, name: str = "") -> tuple[ApiToken, str]:
    """A new token for ``user``: the record, and the key, which is never stored or shown again."""
    key, stored = _new_key()
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        **stored,
        created_at=now,
        expires_at=now + datetime.timedelta(days=settings.API_TOKEN_DAYS),
    )
    return token, key


@transaction.atomic
def revoke_api_token(*, token: ApiToken) -> None:
    token.delete()


def note_api_token_used(*, token: ApiToken, today: datetime.date) -> None:
    """Remember that ``token`` was used ``today`` (one write a day at most)."""
    if token.last_used_on != today:
        ApiToken.objects.filter(pk=token.pk).update(last_used_on=today)
        token.last_used_on = today


def _new_key() -> tuple[str, dict]:
    """A random key the tracker hands out once, and what is stored of it: its digest and its
    first characters (to name it in lists)."""
    key = secrets.token_urlsafe(32)
    return key, {"digest": digest_of(key), "prefix": key[:8]}


# Calendar feeds -------------------------------------------------------------------------------


@transaction.atomic
def create_calendar_feed(*, user: AbstractBaseUser, name: str = "") -> tuple[CalendarFeed, str]:
    """A new private calendar address for ``user``: the record, and the key the address
    carries, which is never stored or shown again."""
    key, stored = _new_key()
    feed = CalendarFeed.objects.create(user=user, name=name.strip(), **stored)
    return feed, key


@transaction.atomic
def revoke_calendar_feed(*, feed: CalendarFeed) -> None:
    feed.delete()


@transaction.atomic
def note_calendar_feed_read(*, feed: CalendarFeed, today: datetime.date) -> None:
    """Remember that ``feed`` was read ``today`` (once a day at most)."""
    if feed.last_used_on != today:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_on=today)
        feed.last_used_on = today


# The second factor ----------------------------------------------------------------------------


@transaction.atomic
def start_authenticator(*, user: AbstractBaseUser) -> TOTPDevice:
    """The authenticator being set up for ``user``: a new secret, not yet in force (the one in
    force, if any, stays until the new one is confirmed with a code)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@transaction.atomic
def confirm_authenticator(*, device: TOTPDevice, code: str) -> list[str] | None:
    """Put ``device`` in force if ``code`` is its current one: it replaces any earlier
    authenticator, and new recovery codes replace the old. Returns those codes (to be shown
    once), or None if the code is wrong."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if device.confirmed or not device.verify_token(code.strip()):
        return None
    TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(user=device.user)


@transaction.atomic
def new_recovery_codes(*, user: AbstractBaseUser) -> list[str]:
    """Ten fresh recovery codes for ``user``, replacing all earlier ones; only their digests
    are kept, so the list returned is the only time anyone sees them."""
    RecoveryCodes.objects.filter(user=user).delete()
    device = RecoveryCodes.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [_recovery_code() for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, digest=digest_of(RecoveryCode.normalise(code)))
        for code in codes
    )
    return codes


def _recovery_code() -> str:
    # Ten letters and digits (about 50 bits), in two groups a person can copy by hand.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


@transaction.atomic
def reset_second_factor(*, user: AbstractBaseUser) -> None:
    """For someone who lost their phone: their authenticator and recovery codes are removed,
    and their sessions and tokens end; at their next sign-in (with the password) they set up a
    new authenticator."""
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCodes.objects.filter(user=user).delete()
    end_sessions_and_tokens(user=user)
