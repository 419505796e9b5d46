"""Signing in (the password, then a second factor where one is asked), the second factor's
set-up and recovery codes, API tokens, changing a password, and what the password-reset
addresses say now that managers reset passwords."""

from collections.abc import Callable
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView, PasswordChangeView
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from meetings import services
from meetings.identity import second_factor
from meetings.models import Account, ApiToken, CalendarFeed, RecoveryCodes
from meetings.roles import ROLE_LABELS, role_of
from meetings.web.account_forms import ApiTokenForm, CalendarFeedForm, CodeForm, SetUpForm
from meetings.web.signin import locked_out
from meetings.web.views import INVALID


def before_second_factor(view: Callable) -> Callable:
    """Mark a page a person whose role needs a second factor may reach before giving it
    (tracker/middleware.py, SecondFactorRequiredMiddleware)."""
    view.before_second_factor = True
    return view


# Signing in ------------------------------------------------------------------------------------


class SignInView(LoginView):
    """The password; then, for whoever is asked a second factor, its page, before they are
    signed in at all."""

    def form_valid(self, form):
        user = form.get_user()
        if second_factor.asked_of(user):
            second_factor.hold(self.request, user, next_url=self.get_success_url())
            has_one = second_factor.authenticator(user) is not None
            return redirect("second-factor" if has_one else "second-factor-setup")
        return super().form_valid(form)


def _person(request: HttpRequest) -> tuple | None:
    """Who the second-factor pages are for: the person signed in, or the one whose password
    was just accepted: ``(user, backend or None, next_url)``."""
    if request.user.is_authenticated:
        next_url = request.GET.get("next") or request.POST.get("next") or ""
        return request.user, None, _safe(request, next_url)
    return second_factor.held(request)


def _safe(request: HttpRequest, url: str) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return settings.LOGIN_REDIRECT_URL


def _finish(request: HttpRequest, user, backend: str | None, device) -> None:
    """Sign ``user`` in (if only their password was given so far) with ``device`` as their
    second factor."""
    if not request.user.is_authenticated:
        second_factor.release(request)
        auth_login(request, user, backend=backend)
    otp_login(request, device)


@login_not_required
@before_second_factor
@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def second_factor_step(request: HttpRequest) -> HttpResponseBase:
    person = _person(request)
    if person is None:
        return redirect("login")
    user, backend, next_url = person
    if second_factor.authenticator(user) is None:
        return redirect(f"{reverse('second-factor-setup')}?{urlencode({'next': next_url})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor.locked_out(request, user):
            second_factor.release(request)
            return locked_out(request)
        device = second_factor.check_code(user, form.cleaned_data["code"])
        if device is None:
            # Counted as a wrong password is; the limit reached, django-axes answers 429.
            second_factor.count_failure(request, user)
            form.add_error(
                "code",
                _(
                    "That code is not right, or was used already. Wait for the next one and try "
                    "again."
                ),
            )
        else:
            _finish(request, user, backend, device)
            if isinstance(device, RecoveryCodes):
                left = device.codes.count()
                messages.warning(
                    request,
                    _(
                        "You signed in with a recovery code; %(left)d are left. Make new ones "
                        "on your account page."
                    )
                    % {"left": left},
                )
            return redirect(_safe(request, next_url))
    return render(
        request,
        "registration/second_factor.html",
        {"form": form, "next": next_url},
        status=INVALID if form.errors else 200,
    )


@login_not_required
@before_second_factor
@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def second_factor_setup(request: HttpRequest) -> HttpResponseBase:
    """Set up an authenticator app (or replace it, once signed in with the old one)."""
    person = _person(request)
    if person is None:
        return redirect("login")
    user, backend, next_url = person
    has_one = second_factor.authenticator(user) is not None
    if has_one and not (request.user.is_authenticated and second_factor.verified(request)):
        # Replacing an authenticator takes the current one's code first.
        return redirect(f"{reverse('second-factor')}?{urlencode({'next': next_url})}")
    device = services.start_authenticator(user=user)
    form = SetUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.confirm_authenticator(device=device, code=form.cleaned_data["code"])
        if codes is None:
            form.add_error(
                "code",
                _(
                    "That code is not right. Check that the phone's clock is right, and enter "
                    "the code the app shows now."
                ),
            )
        else:
            _finish(request, user, backend, TOTPDevice.objects.get(pk=device.pk))
            return render(
                request,
                "registration/recovery_codes.html",
                {"codes": codes, "next": _safe(request, next_url), "new_authenticator": True},
            )
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "next": next_url,
        "replacing": has_one,
        "qr": qr.svg_inline(scale=4, dark="#000", light="#fff", title=_("QR code")),
        "secret": _grouped(device.config_url),
    }
    return render(
        request,
        "registration/second_factor_setup.html",
        context,
        status=INVALID if form.errors else 200,
    )


def _grouped(config_url: str) -> str:
    """The secret from the app's set-up address, in groups of four for typing by hand."""
    secret = config_url.split("secret=", 1)[1].split("&", 1)[0]
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponseBase:
    """How many recovery codes are left; a post makes ten new ones, shown this once."""
    if second_factor.authenticator(request.user) is None:
        return redirect("second-factor-setup")
    if not second_factor.verified(request):
        return redirect(f"{reverse('second-factor')}?{urlencode({'next': request.path})}")
    if request.method == "POST":
        codes = services.new_recovery_codes(user=request.user)
        return render(
            request,
            "registration/recovery_codes.html",
            {"codes": codes, "next": reverse("account")},
        )
    return render(request, "registration/recovery_codes.html", {"left": _codes_left(request)})


def _codes_left(request: HttpRequest) -> int:
    device = RecoveryCodes.objects.filter(user=request.user).first()
    return device.codes.count() if device else 0


# The account page and API tokens -------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "HEAD"])
def account(request: HttpRequest) -> HttpResponse:
    return _account_page(request, CalendarFeedForm())


def _account_page(
    request: HttpRequest, feed_form: CalendarFeedForm, new_feed: str | None = None
) -> HttpResponse:
    user = request.user
    context = {
        "role": ROLE_LABELS.get(role_of(user) or ""),
        "authenticator": second_factor.authenticator(user),
        "required": second_factor.required_for(user),
        "verified": second_factor.verified(request),
        "codes_left": _codes_left(request),
        "tokens": ApiToken.objects.live().filter(user=user).count(),
        "account": Account.objects.filter(user=user).prefetch_related("divisions").first(),
        "feeds": CalendarFeed.objects.filter(user=user),
        "feed_form": feed_form,
        "new_feed": new_feed,
        "my_calendar": request.build_absolute_uri(reverse("my-calendar")),
    }
    status = INVALID if feed_form.errors else 200
    return render(request, "registration/account.html", context, status=status)


@never_cache
@require_POST
def calendar_feeds(request: HttpRequest) -> HttpResponse:
    """A post makes a private calendar address, shown on the account page this once."""
    form = CalendarFeedForm(request.POST)
    if not form.is_valid():
        return _account_page(request, form)
    _feed, key = services.create_calendar_feed(user=request.user, name=form.cleaned_data["name"])
    address = request.build_absolute_uri(reverse("calendar-feed", args=[key]))
    return _account_page(request, CalendarFeedForm(), new_feed=address)


@require_POST
def calendar_feed_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    feed = get_object_or_404(CalendarFeed, pk=pk, user=request.user)
    services.revoke_calendar_feed(feed=feed)
    messages.success(
        request,
        _("The calendar address %(name)s no longer works.") % {"name": feed.name or feed.prefix},
    )
    return redirect("account")


@login_not_required
def choose_language(request: HttpRequest) -> HttpResponseBase:
    """The language switch (the footer's, the account page's): the pages follow it, and a
    signed-in person's mail and reminders come in it from now on."""
    response = set_language(request)
    language = request.POST.get("language", "")
    chosen = request.method == "POST" and language in dict(settings.LANGUAGES)
    if chosen and request.user.is_authenticated:
        services.set_language(user=request.user, language=language)
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """Your API tokens: a post makes one, whose key is shown this once."""
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = services.create_api_token(
            user=request.user, name=form.cleaned_data["name"]
        )
        form = ApiTokenForm()
    context = {
        "form": form,
        "new_key": new_key,
        "tokens": ApiToken.objects.live().filter(user=request.user),
        "days": settings.API_TOKEN_DAYS,
    }
    return render(
        request, "registration/api_tokens.html", context, status=INVALID if form.errors else 200
    )


@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.revoke_api_token(token=token)
    messages.success(request, _("The token %(name)s no longer works.") % {"name": str(token)})
    return redirect("api-tokens")


# Passwords ------------------------------------------------------------------------------------


class ChangePasswordView(PasswordChangeView):
    """A new password ends every session and API token, this one too: sign in again."""

    def form_valid(self, form):
        form.save()
        logout(self.request)
        messages.success(
            self.request,
            _(
                "Your password was changed, and your API tokens were revoked. Sign in with the new "
                "password."
            ),
        )
        return redirect("login")


@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def password_reset_by_manager(request: HttpRequest, **kwargs) -> HttpResponse:
    """Every password-reset address: no mail is sent; a manager sets a new password."""
    return render(request, "registration/password_reset_by_manager.html")
