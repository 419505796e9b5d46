"""Pages of watching and notifications: the inbox, marking read, preferences, and the
Watch/Unwatch button (an HTMX fragment, or a plain form and a redirect without JavaScript)."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from meetings.models import Commitment, Mechanism, Meeting, Party
from notifications import selectors, services
from notifications.messages import describe, link_of
from notifications.templatetags.watching import watch_context
from notifications.web.forms import MarkReadForm, PreferencesForm, WatchForm

PAGE_SIZE = 50
INVALID = 422  # a form with errors, shown again (as the domain's pages answer)
# Whoever may read the record may watch it and has an inbox (meetings/roles.py).
CAN_VIEW_COMMITMENTS = "meetings.view_commitment"


def requires(permission: str) -> Callable:
    """Refuse (403, with the readable 403 page) unless the user holds ``permission``."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
            if not request.user.has_perm(permission):
                raise PermissionDenied(_("Your role does not allow this."))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _inbox(request: HttpRequest, *, errors=(), status: int = 200) -> HttpResponse:
    page = Paginator(selectors.inbox(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    entries = [
        {"entry": entry, "sentence": describe(entry), "link": link_of(entry)}
        for entry in page.object_list
    ]
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "entries": entries, "errors": errors},
        status=status,
    )


@require_safe
@requires(CAN_VIEW_COMMITMENTS)
def inbox(request: HttpRequest) -> HttpResponse:
    return _inbox(request)


@require_POST
@requires(CAN_VIEW_COMMITMENTS)
def mark_read(request: HttpRequest) -> HttpResponseBase:
    form = MarkReadForm(request.POST)
    if not form.is_valid():
        errors = [message for messages_ in form.errors.values() for message in messages_]
        return _inbox(request, errors=errors, status=INVALID)
    if form.cleaned_data["all"]:
        count = services.mark_all_read(person=request.user)
    else:
        count = services.mark_read(
            person=request.user, notification_ids=form.cleaned_data["notification"]
        )
    messages.success(
        request,
        ngettext("%(n)d notification marked read.", "%(n)d notifications marked read.", count)
        % {"n": count},
    )
    return redirect("notification-inbox")


@require_http_methods(["GET", "HEAD", "POST"])
@requires(CAN_VIEW_COMMITMENTS)
def preferences(request: HttpRequest) -> HttpResponse:
    current = selectors.preferences_of(request.user)
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST":
        if form.is_valid():
            services.set_preferences(person=request.user, modes=form.cleaned_data)
            messages.success(request, _("Your notification preferences are saved."))
            return redirect("notification-preferences")
        return render(request, "notifications/preferences.html", {"form": form}, status=INVALID)
    return render(request, "notifications/preferences.html", {"form": form})


def _target(kind: str, key: str):
    if kind == "commitment" and key.isdigit():
        return get_object_or_404(Commitment, pk=key)
    if kind == "meeting" and key.isdigit():
        return get_object_or_404(Meeting, pk=key)
    if kind == "mechanism" and key.isdigit():
        return get_object_or_404(Mechanism, pk=key)
    if kind == "counterpart":
        party = get_object_or_404(Party, code=key.upper())
        if party.is_home:
            raise Http404(_("Our own party is not a counterpart."))
        return party
    raise Http404(_("Nothing of that kind can be watched."))


@require_POST
@requires(CAN_VIEW_COMMITMENTS)
def watch(request: HttpRequest, kind: str, key: str) -> HttpResponseBase:
    """Start or stop watching; the button and the watchers again (HTMX), else back to the
    page the button was on."""
    target = _target(kind, key)
    form = WatchForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Say whether to watch or unwatch."), status=INVALID)
    if form.cleaned_data["action"] == "watch":
        services.watch(person=request.user, target=target)
    else:
        services.unwatch(person=request.user, target=target)
    if request.htmx:
        return render(
            request,
            "notifications/_watch.html",
            watch_context(request.user, target, request.POST.get("next", "")),
        )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = watch_context(request.user, target, "")["next"]
    return redirect(back)
