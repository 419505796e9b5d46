"""Calendar feeds (iCalendar, RFC 5545) of open commitments on their due or expected-by dates:
the signed-in person's own (``/calendar/mine.ics``), the same at a private address for
calendar apps that cannot sign in, and a counterpart's.

Written with the ``icalendar`` library rather than by hand: it folds long lines, escapes
commas and semicolons in text, and writes dates as the standard wants, which calendar apps
are strict about (docs/user-guide.md, "Calendars")."""

import datetime

import icalendar
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe

from meetings import selectors, services
from meetings.models import CalendarFeed, Party, digest_of
from meetings.status import Status, choice_label
from meetings.web.views import CAN_VIEW_COMMITMENTS, requires

CONTENT_TYPE = "text/calendar; charset=utf-8"


def uid_of(pk: int) -> str:
    """The event's UID: the same commitment is the same event in every feed and every read,
    so a calendar app updates it in place rather than adding a copy."""
    return f"commitment-{pk}@{settings.CALENDAR_UID_DOMAIN}"


def _event(entry: selectors.CalendarEntry, *, link: str, stamp: datetime.datetime):
    event = icalendar.Event()
    event.add("uid", uid_of(entry.pk))
    event.add("dtstamp", stamp)
    event.add("dtstart", entry.on)
    event.add("dtend", entry.on + datetime.timedelta(days=1))
    summary = _("Overdue: %(title)s") % {"title": entry.title} if entry.overdue else entry.title
    event.add("summary", summary)
    event.add("url", link)
    when = (
        _("Due on %(date)s.")
        if entry.explicit
        else _("Expected by %(date)s (“%(target)s”).")
        if entry.target
        else _("Expected by %(date)s.")
    ) % {"date": date_format(entry.on, "DATE_FORMAT"), "target": entry.target}
    lines = [
        entry.title,
        when,
        _("Status: %(status)s") % {"status": choice_label(Status, entry.status)},
    ]
    if entry.counterparts:
        names = pgettext("list separator", ", ").join(p.shown_name for p in entry.counterparts)
        lines.append(_("With: %(names)s") % {"names": names})
    lines.append(_("Made at: %(meeting)s") % {"meeting": entry.meeting_title})
    lines.append(link)
    event.add("description", "\n".join(lines))
    if entry.overdue:
        event.add("categories", [_("Overdue")])
    # Busy time is for meetings; a date a commitment is due by blocks nobody's day.
    event.add("transp", "TRANSPARENT")
    event.add("sequence", entry.version)
    event.add("last-modified", entry.changed_at)
    return event


def _calendar(request: HttpRequest, commitments, *, name: str) -> HttpResponse:
    today = timezone.localdate()
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Commitment tracker//Commitments//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now().replace(microsecond=0)
    for entry in selectors.calendar_entries(commitments, today=today):
        link = request.build_absolute_uri(reverse("commitment-detail", args=[entry.pk]))
        calendar.add_component(_event(entry, link=link, stamp=stamp))
    response = HttpResponse(calendar.to_ical(), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="commitments.ics"'
    return response


@require_safe
@requires(CAN_VIEW_COMMITMENTS)
def my_calendar(request: HttpRequest) -> HttpResponse:
    return _calendar(request, selectors.my_calendar(request.user), name=_("My commitments"))


@require_safe
@requires(CAN_VIEW_COMMITMENTS)
def counterpart_calendar(request: HttpRequest, code: str) -> HttpResponse:
    party = get_object_or_404(Party.objects.counterparts(), code=code.upper())
    name = _("Commitments with %(party)s") % {"party": party.shown_name}
    return _calendar(request, selectors.counterpart_calendar(party), name=name)


@login_not_required
@require_safe
def feed_calendar(request: HttpRequest, key: str) -> HttpResponse:
    """A person's calendar at their private address. A wrong or revoked key, and the key of
    someone who may no longer read the record, all answer the same short 404 (in plain text,
    for a calendar app, and without the address in it)."""
    feed = (
        CalendarFeed.objects.select_related("user__account").filter(digest=digest_of(key)).first()
    )
    if feed is None or not feed.user.is_active or not feed.user.has_perm(CAN_VIEW_COMMITMENTS):
        return HttpResponseNotFound(
            _("There is no calendar at this address."), content_type="text/plain; charset=utf-8"
        )
    services.note_calendar_feed_read(feed=feed, today=timezone.localdate())
    with translation.override(_language_of(feed.user)):
        return _calendar(request, selectors.my_calendar(feed.user), name=_("My commitments"))


def _language_of(user) -> str:
    """The person's language (their account's), as their mail is written in: a calendar app
    sends no useful Accept-Language."""
    account = getattr(user, "account", None)
    return account.preferred_language if account else settings.LANGUAGE_CODE
