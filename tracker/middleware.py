from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _


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


class RejectNulCharactersMiddleware:
    """Answer 400 to a NUL character in the path, query string or form fields.

    No one types a NUL; a client that sends one is broken or probing. PostgreSQL refuses NUL in
    text, so letting one reach a lookup would turn bad input into a server error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            message = _("The request contains a NUL character, which no field accepts.")
            if is_api(request):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


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
