"""Second factors for tests: an authenticator app, the code it shows, the sign-in page.
(The ``mfa`` fixture, in conftest.py, switches the production rule on.)"""

import time

from tests.conftest import PASSWORD


def add_authenticator(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def code_of(device, *, steps_ahead: int = 0) -> str:
    """What the authenticator app shows now (or that many 30-second steps later: a code
    once accepted is never accepted again, so a second sign-in takes a later one)."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def sign_in(client, username: str, password: str = PASSWORD, **extra):
    from django.urls import reverse

    return client.post(reverse("login"), {"username": username, "password": password}, **extra)
