"""A second factor: asked at sign-in after the password of the roles in MFA_REQUIRED_ROLES
(and of anyone who set one up); whoever needs one and has none sets it up and reaches nothing
else; wrong codes count toward the lockout; recovery codes work once each."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from meetings import services
from meetings.identity import second_factor
from meetings.models import ApiToken, RecoveryCode, RecoveryCodes
from tests.identity_helpers import add_authenticator, code_of, sign_in

pytest_plugins = ["tests.api_fixtures"]
pytestmark = pytest.mark.django_db

STEP = "/accounts/second-factor/"
SETUP = "/accounts/second-factor/setup/"
TOKEN = "/api/v1/auth/token/"


def give_code(client, code: str, **extra):
    return client.post(reverse("second-factor"), {"code": code}, **extra)


def signed_in(client) -> bool:
    return client.get(reverse("dashboard")).status_code == 200


# Signing in --------------------------------------------------------------------------------


def test_a_manager_gives_the_code_after_the_password_and_reaches_the_dashboard(
    mfa, client, manager
):
    device = add_authenticator(manager)

    response = sign_in(client, manager.username)
    assert response.status_code == 302
    assert response["Location"] == reverse("second-factor")
    assert not signed_in(client)  # the password alone signs no one in

    response = give_code(client, code_of(device))
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in(client)


def test_the_code_step_keeps_the_page_asked_for(mfa, client, manager):
    device = add_authenticator(manager)
    client.post(
        reverse("login"),
        {
            "username": manager.username,
            "password": "correct horse battery staple",
            "next": "/meetings/",
        },
    )

    response = give_code(client, code_of(device))

    assert response["Location"] == "/meetings/"


def test_the_code_step_sends_nobody_to_another_site(mfa, client, manager):
    device = add_authenticator(manager)
    client.post(
        reverse("login") + "?next=https://elsewhere.example/",
        {"username": manager.username, "password": "correct horse battery staple"},
    )

    assert give_code(client, code_of(device))["Location"] == "/"


def test_a_wrong_code_signs_no_one_in(mfa, client, manager):
    add_authenticator(manager)
    sign_in(client, manager.username)

    response = give_code(client, "000000")

    assert response.status_code == 422
    assert "That code is not right" in response.content.decode()
    assert not signed_in(client)


def test_a_code_once_used_is_refused_again(mfa, client, manager):
    device = add_authenticator(manager)
    code = code_of(device)
    sign_in(client, manager.username)
    assert give_code(client, code).status_code == 302

    other = Client()
    sign_in(other, manager.username)

    assert give_code(other, code).status_code == 422
    assert not signed_in(other)


def test_wrong_codes_count_toward_the_lockout(mfa, client, manager):
    device = add_authenticator(manager)
    sign_in(client, manager.username)
    limit = settings.AXES_FAILURE_LIMIT
    for attempt in range(1, limit + 1):
        response = give_code(client, "000000")
        assert response.status_code == (429 if attempt == limit else 422), attempt

    # Locked: the right code and the right password are refused alike.
    assert give_code(client, code_of(device)).status_code in (302, 429)
    assert not signed_in(client)
    assert sign_in(client, manager.username).status_code == 429


def test_a_wrong_password_and_wrong_codes_count_together(mfa, client, manager):
    add_authenticator(manager)
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert sign_in(client, manager.username, "a wrong guess").status_code == 200
    sign_in(client, manager.username)

    assert give_code(client, "000000").status_code == 429


def test_the_code_step_without_a_password_first_goes_back_to_sign_in(mfa, client, manager):
    response = client.get(STEP)

    assert response.status_code == 302
    assert response["Location"] == reverse("login")


def test_the_password_step_expires(mfa, client, manager):
    device = add_authenticator(manager)
    sign_in(client, manager.username)
    session = client.session
    session[second_factor.PENDING]["at"] -= second_factor.PENDING_MINUTES * 60 + 1
    session.save()

    response = give_code(client, code_of(device))

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert not signed_in(client)


def test_superusers_are_asked_too(mfa, client, superuser):
    add_authenticator(superuser)

    assert sign_in(client, superuser.username)["Location"] == reverse("second-factor")


def test_a_viewer_is_not_asked(mfa, client, viewer):
    response = sign_in(client, viewer.username)

    assert response["Location"] == "/"
    assert signed_in(client)


def test_someone_who_set_one_up_is_asked_even_if_their_role_needs_none(mfa, client, editor):
    device = add_authenticator(editor)

    assert sign_in(client, editor.username)["Location"] == reverse("second-factor")
    assert give_code(client, code_of(device)).status_code == 302
    assert signed_in(client)


def test_with_no_role_named_nobody_is_asked(settings, client, manager):
    settings.MFA_REQUIRED_ROLES = []

    response = sign_in(client, manager.username)

    assert response["Location"] == "/"
    assert signed_in(client)


def test_the_step_pages_answer_405_to_other_methods(mfa, client, manager):
    sign_in(client, manager.username)

    assert client.put(STEP).status_code == 405
    assert client.delete(SETUP).status_code == 405


# Setting one up ----------------------------------------------------------------------------


def test_a_manager_without_an_authenticator_is_sent_to_set_one_up(mfa, client, manager):
    response = sign_in(client, manager.username)
    assert response["Location"] == reverse("second-factor-setup")

    page = client.get(SETUP)
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=manager, confirmed=False)
    assert not signed_in(client)

    response = client.post(SETUP, {"code": code_of(device)})

    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10
    assert all(code in response.content.decode() for code in codes)
    assert TOTPDevice.objects.get(user=manager).confirmed
    assert signed_in(client)


def test_a_wrong_set_up_code_puts_nothing_in_force(mfa, client, manager):
    sign_in(client, manager.username)
    client.get(SETUP)

    response = client.post(SETUP, {"code": "000000"})

    assert response.status_code == 422
    assert not TOTPDevice.objects.filter(user=manager, confirmed=True).exists()
    assert not signed_in(client)


@pytest.mark.parametrize("code", ["", "12345", "abcdef", "1234567"])
def test_a_set_up_code_that_is_not_six_digits_is_refused(mfa, client, manager, code):
    sign_in(client, manager.username)

    response = client.post(SETUP, {"code": code})

    assert response.status_code == 422
    assert response.context["form"].errors["code"]


def test_a_viewer_may_set_one_up_from_their_account_and_is_then_asked_for_it(viewer_client, viewer):
    assert SETUP in viewer_client.get(reverse("account")).content.decode()
    viewer_client.get(SETUP)
    device = TOTPDevice.objects.get(user=viewer, confirmed=False)

    response = viewer_client.post(SETUP, {"code": code_of(device)})

    assert response.status_code == 200
    assert len(response.context["codes"]) == 10
    fresh = Client()
    assert sign_in(fresh, viewer.username)["Location"] == reverse("second-factor")


def test_the_set_up_page_of_someone_with_an_authenticator_asks_its_code_first(mfa, client, manager):
    add_authenticator(manager)
    sign_in(client, manager.username)

    response = client.get(SETUP)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second-factor"))


def test_a_manager_moves_to_a_new_phone(mfa, client, manager):
    old = add_authenticator(manager)
    sign_in(client, manager.username)
    give_code(client, code_of(old))
    client.get(SETUP)
    new = TOTPDevice.objects.get(user=manager, confirmed=False)

    response = client.post(SETUP, {"code": code_of(new)})

    assert response.status_code == 200
    assert list(TOTPDevice.objects.filter(user=manager)) == [new]


# Signed in without one: nothing else -------------------------------------------------------


def test_a_signed_in_manager_without_an_authenticator_reaches_only_its_set_up(mfa, manager_client):
    for url in ("/", "/commitments/", "/admin/", "/accounts/tokens/"):
        response = manager_client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(SETUP), url
    assert manager_client.get(SETUP).status_code == 200


def test_the_api_answers_such_a_session_403_with_the_reason(mfa, manager_client):
    response = manager_client.get("/api/v1/commitments/")

    assert response.status_code == 403
    assert "second factor" in response.json()["detail"]


def test_a_signed_in_manager_with_an_authenticator_gives_its_code_first(
    mfa, manager_client, manager
):
    device = add_authenticator(manager)
    response = manager_client.get("/admin/")
    assert response["Location"].startswith(STEP)

    response = manager_client.post(f"{STEP}?next=/admin/", {"code": code_of(device)})

    assert response["Location"] == "/admin/"
    assert manager_client.get("/admin/").status_code == 200


def test_such_a_person_may_still_sign_out_and_switch_language(mfa, manager_client):
    assert manager_client.post(reverse("set_language"), {"language": "ja"}).status_code == 302
    assert manager_client.post(reverse("logout")).status_code == 302
    assert manager_client.get("/").status_code == 302


def test_a_token_still_serves_a_manager_who_gave_the_code_for_it(mfa, manager_api):
    assert manager_api.get("/api/v1/commitments/").status_code == 200


# Recovery codes ----------------------------------------------------------------------------


def test_a_recovery_code_signs_in_once(mfa, client, manager):
    add_authenticator(manager)
    code = services.new_recovery_codes(user=manager)[0]
    sign_in(client, manager.username)

    response = give_code(client, code.upper())

    assert response.status_code == 302
    assert signed_in(client)
    assert RecoveryCode.objects.filter(device__user=manager).count() == 9
    again = Client()
    sign_in(again, manager.username)
    assert give_code(again, code).status_code == 422
    assert not signed_in(again)


def test_recovery_codes_are_stored_only_as_digests(manager):
    codes = services.new_recovery_codes(user=manager)

    stored = list(RecoveryCode.objects.values_list("digest", flat=True))

    assert len(stored) == 10
    assert not set(stored) & {RecoveryCode.normalise(code) for code in codes}
    assert all(len(digest) == 64 for digest in stored)


def test_new_recovery_codes_replace_the_old(mfa, client, manager):
    device = add_authenticator(manager)
    old = services.new_recovery_codes(user=manager)
    sign_in(client, manager.username)
    give_code(client, code_of(device))
    url = reverse("second-factor-recovery-codes")
    assert "10 recovery codes left" in client.get(url).content.decode()

    response = client.post(url)

    assert response.status_code == 200
    new = response.context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert RecoveryCodes.objects.filter(user=manager).count() == 1
    other = Client()
    sign_in(other, manager.username)
    assert give_code(other, old[0]).status_code == 422
    assert give_code(other, new[0]).status_code == 302


def test_new_recovery_codes_need_a_session_that_gave_the_second_factor(manager_client, manager):
    add_authenticator(manager)
    url = reverse("second-factor-recovery-codes")

    response = manager_client.post(url)

    assert response.status_code == 302
    assert response["Location"].startswith(STEP)
    assert not RecoveryCodes.objects.filter(user=manager).exists()


def test_the_recovery_codes_page_sends_someone_without_an_authenticator_to_set_one_up(
    viewer_client,
):
    response = viewer_client.get(reverse("second-factor-recovery-codes"))

    assert response["Location"] == SETUP


def test_the_recovery_codes_page_needs_a_signed_in_user(client):
    assert client.get(reverse("second-factor-recovery-codes")).status_code == 302


# The API's token endpoint ------------------------------------------------------------------


def test_a_manager_needs_the_code_for_an_api_token(mfa, anon_api, manager):
    device = add_authenticator(manager)
    body = {"username": manager.username, "password": "correct horse battery staple"}

    missing = anon_api.post(TOKEN, body)
    assert missing.status_code == 400
    assert "otp" in missing.json()
    wrong = anon_api.post(TOKEN, {**body, "otp": "000000"})
    assert wrong.status_code == 400
    assert "otp" in wrong.json()
    assert not ApiToken.objects.exists()

    response = anon_api.post(TOKEN, {**body, "otp": code_of(device)})

    assert response.status_code == 200
    assert ApiToken.objects.filter(user=manager).count() == 1


def test_a_manager_without_an_authenticator_gets_no_api_token(mfa, anon_api, manager):
    body = {"username": manager.username, "password": "correct horse battery staple"}

    response = anon_api.post(TOKEN, {**body, "otp": "123456"})

    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_wrong_codes_for_a_token_count_toward_the_lockout(mfa, anon_api, manager):
    device = add_authenticator(manager)
    body = {"username": manager.username, "password": "correct horse battery staple"}
    limit = settings.AXES_FAILURE_LIMIT
    for attempt in range(1, limit + 1):
        response = anon_api.post(TOKEN, {**body, "otp": "000000"})
        assert response.status_code == (429 if attempt == limit else 400), attempt

    response = anon_api.post(TOKEN, {**body, "otp": code_of(device)})

    assert response.status_code == 429
    assert not ApiToken.objects.exists()


# Reset for someone who lost their phone ----------------------------------------------------


# Real commits: each request's person is kept until a write to people commits, as in production
# (meetings/caching); in a test's own transaction nothing commits. The serialized rollback puts
# back what migrations wrote (the roles) after the flush.
@pytest.mark.usefixtures("django_db_serialized_rollback", "transactional_db")
def test_a_command_resets_a_lost_second_factor(mfa, client, manager):
    device = add_authenticator(manager)
    services.new_recovery_codes(user=manager)
    sign_in(client, manager.username)
    give_code(client, code_of(device))
    services.create_api_token(user=manager, name="script")
    assert signed_in(client)

    out = io.StringIO()
    call_command("reset_second_factor", manager.username.upper(), stdout=out)

    assert "reset" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=manager).exists()
    assert not RecoveryCodes.objects.filter(user=manager).exists()
    assert not ApiToken.objects.filter(user=manager).exists()
    assert not signed_in(client)
    assert sign_in(client, manager.username)["Location"] == reverse("second-factor-setup")


def test_the_reset_command_names_an_unknown_user(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no user"):
        call_command("reset_second_factor", "nobody", stdout=io.StringIO())


def test_a_superuser_resets_a_second_factor_in_the_admin(superuser, manager):
    add_authenticator(manager)
    admin = Client()
    admin.force_login(superuser)

    response = admin.post(
        reverse("admin:auth_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [manager.pk]},
    )

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=manager).exists()


def test_a_manager_cannot_reset_anyones_second_factor_in_the_admin(manager_client, editor):
    add_authenticator(editor)

    response = manager_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [editor.pk]},
    )

    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=editor).exists()


def test_the_admin_shows_no_authenticator_secrets(superuser):
    admin = Client()
    admin.force_login(superuser)

    response = admin.get("/admin/otp_totp/totpdevice/")

    assert response.status_code == 404
