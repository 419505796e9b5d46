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


def person_change_data(client, user, *, leave_out: set[str] = frozenset()) -> dict:
    """What the admin's change page of ``user`` posts when saved as shown: the person's fields
    (less ``leave_out``) and their divisions-and-language form."""
    from django.urls import reverse

    page = client.get(reverse("admin:auth_user_change", args=[user.pk])).context
    form = page["adminform"].form
    skipped = {"password", "user_permissions", "last_login", "date_joined", *leave_out}
    data = {
        name: value
        for name, value in form.initial.items()
        if name not in skipped and value is not None
    }
    data["groups"] = list(user.groups.values_list("pk", flat=True))
    data.update({"date_joined_0": "2024-01-01", "date_joined_1": "00:00:00"})
    for formset in page["inline_admin_formsets"]:
        management = formset.formset.management_form
        prefix = formset.formset.prefix
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{prefix}-{name}"] = management[name].value()
        for index, inline in enumerate(formset.formset.forms):
            for name in inline.fields:
                value = inline[name].value()
                if value is not None:
                    data[f"{prefix}-{index}-{name}"] = value
    return data
