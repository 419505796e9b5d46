from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.core.exceptions import TooManyFieldsSent, TooManyFilesSent
from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meetings.audit import context as audit_context
from meetings.identity import second_factor, sessions
from tracker import logs


def is_api(request) -> bool:
    """Whether ``request`` is for the REST API, which answers in JSON, never with pages."""
    return request.path_info.startswith("/api/")


class LoginRequiredExceptApiMiddleware(LoginRequiredMiddleware):
    """Send anonymous browsers to the login page, except under /api/.

    The API authenticates inside each view (session or token) and answers 401 itself, which a
    script can act on; a redirect to an HTML login page would only confuse it.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if is_api(request):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


def refusal(request: HttpRequest, message: str, *, status: int = 400) -> HttpResponse:
    """A request refused before any view: JSON under /api/, plain text elsewhere."""
    if is_api(request):
        return JsonResponse({"detail": message}, status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class RequestIdMiddleware:
    """Names each request (``tracker.logs``): the proxy's ``X-Request-ID`` or a new id, in every
    log line of the request and in the answer's ``X-Request-ID``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = logs.request_id_from(request.headers.get(logs.HEADER))
        logs.set_request_id(request.id)
        response = self.get_response(request)
        response[logs.HEADER] = request.id
        return response


def _forget_request_id(**kwargs) -> None:
    # When the answer has been sent (a streamed CSV too), not when the view returns.
    logs.set_request_id(None)


request_finished.connect(_forget_request_id, dispatch_uid="tracker-forget-request-id")


class NoStoreMiddleware:
    """``Cache-Control: no-store, private`` on every answer the application makes: pages, the
    API, the CSV export, the sign-in page (its form carries a CSRF token), errors. Each is for
    one person at one moment; no browser or proxy may keep a copy. Static files (whitenoise,
    above this middleware) are not affected."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_cache_control(response, no_store=True, private=True)
        return response


class RefuseUnreadableBodiesMiddleware:
    """Refuse from its headers alone, before anything reads it, a body that is too large (413)
    or a form that declares a character set other than UTF-8 (400, which Django would otherwise
    raise from every later reader, its error pages' CSRF check included, and end in a 500).

    Django itself limits only a form's fields (``DATA_UPLOAD_MAX_MEMORY_SIZE``), not its files:
    a multipart body would be streamed in full to temporary files before any view looked at it.
    A body sent without a Content-Length is never read under WSGI.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.REQUEST_BODY_MAX_BYTES
        length = request.META.get("CONTENT_LENGTH") or ""
        if length.isdigit() and int(length) > limit:
            message = _(
                "The request body is %(size)s bytes; this site accepts at most %(limit)s bytes."
            ) % {"size": length, "limit": limit}
            return refusal(request, message, status=413)
        charset = request.encoding
        if (
            request.method == "POST"
            and request.content_type == "application/x-www-form-urlencoded"
            and charset is not None
            and charset.lower() != "utf-8"
        ):
            message = _("A form must be sent as UTF-8; this one says it is %(charset)s.") % {
                "charset": charset
            }
            return refusal(request, message)
        return self.get_response(request)


class RejectNulCharactersMiddleware:
    """Answer 400 to a NUL character in the path, query string or form fields.

    No one types a NUL; a client that sends one is broken or probing. PostgreSQL refuses NUL in
    text, so letting one reach a lookup would turn bad input into a server error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            has_nul = _has_nul(request)
        except (TooManyFieldsSent, TooManyFilesSent, MultiPartParserError) as error:
            # Read here first, so the reason is said once, not lost in the CSRF check.
            return refusal(request, _unreadable_form(error))
        if has_nul:
            message = _("The request contains a NUL character, which no field accepts.")
            return refusal(request, message)
        return self.get_response(request)


def _unreadable_form(error: Exception) -> str:
    if isinstance(error, TooManyFieldsSent):
        return _("The form has more than %(limit)d fields.") % {
            "limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        }
    if isinstance(error, TooManyFilesSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        return ngettext(
            "The form sends more than %(limit)d file.",
            "The form sends more than %(limit)d files.",
            limit,
        ) % {"limit": limit}
    return _("The form could not be read: %(reason)s") % {"reason": error}


def _has_nul(request) -> bool:
    if "\x00" in request.path_info:
        return True
    fields = [request.GET]
    # The API takes JSON only; its parser checks the body (and refuses form bodies with 415).
    is_form = request.content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}
    # An oversized body is left unread here: reading it would spoil the view's own message.
    length = request.META.get("CONTENT_LENGTH") or "0"
    small = length.isdigit() and int(length) <= (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)
    if is_form and small and not is_api(request):
        fields.append(request.POST)
    return any(
        "\x00" in key or any("\x00" in value for value in data.getlist(key))
        for data in fields
        for key in data
    )


class SessionLimitsMiddleware:
    """Sign out a session past its idle or absolute limit, or opened before its person's
    sessions were ended (meetings/identity/sessions.py), saying why on the next page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            reason = sessions.why_ended(request.session, request.user)
            if reason is not None:
                logout(request)
                if not is_api(request):
                    messages.info(request, reason)
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """A signed-in person whose role needs a second factor and whose session has none reaches
    only the second-factor pages (set-up if they have no authenticator, else the code), the
    sign-out and what needs no sign-in; the API answers them 403 with the reason. The sign-in
    asks for the code before it signs anyone in (meetings/web/account_views.py); this catches
    the rest: a role given during a session, a session signed in directly (tests)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not (
            settings.MFA_REQUIRED_ROLES
            and request.user.is_authenticated
            and second_factor.required_for(request.user)
            and not second_factor.verified(request)
        ):
            return None
        if getattr(view_func, "before_second_factor", False):
            return None
        # Before the exemption below: the API's views are all marked as needing no sign-in
        # (they authenticate each request themselves).
        if is_api(request):
            message = _(
                "Your role needs a second factor: sign in again on the web pages and give "
                "your authenticator's code (or set one up), or use an API token."
            )
            return JsonResponse({"detail": message}, status=403)
        if not getattr(view_func, "login_required", True):
            return None  # the sign-in page, the language switch, the health check
        has_one = second_factor.authenticator(request.user) is not None
        target = reverse("second-factor" if has_one else "second-factor-setup")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")


class AuditDoorMiddleware:
    """Records every change made while answering a request as coming through its door (the
    admin under /admin/, the API under /api/, the import pages under /meetings/import/, other
    pages), by the person signed in: read when the change is written, as the API knows its
    person only once it has read the token (``meetings/audit``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with audit_context.through(
            door_of(request.path_info),
            actor=lambda: getattr(request, "user", None),
            remote_addr=request.META.get("REMOTE_ADDR") or None,
            request_id=getattr(request, "id", None),
        ):
            return self.get_response(request)


def door_of(path: str) -> str:
    if path.startswith("/admin/"):
        return audit_context.Door.ADMIN
    if path.startswith("/api/"):
        return audit_context.Door.API
    if path.startswith("/meetings/import/"):
        return audit_context.Door.IMPORT
    return audit_context.Door.PAGE
