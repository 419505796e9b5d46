"""What an inbox entry and its mail say, in the language asked for.

An entry keeps what happened (kind, actor, subject, ``details``), not words: the inbox says it
in the reader's language each time, and a mail is written in its recipient's language when
it is queued.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from meetings.status import Status, choice_label
from notifications.kinds import Kind
from notifications.models import Notification


def language_of(person) -> str:
    """The language ``person`` reads their mail in: their account's preferred language (set
    on their profile, else the one they last chose on the pages), else the site's."""
    try:
        language = person.account.preferred_language
    except person._meta.model.account.RelatedObjectDoesNotExist:
        language = settings.LANGUAGE_CODE
    known = {code for code, _name in settings.LANGUAGES}
    return language if language in known else settings.LANGUAGE_CODE


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def link_of(notification: Notification) -> str:
    """The page an entry is about (relative)."""
    if notification.commitment_id is not None:
        return notification.commitment.get_absolute_url()
    if notification.meeting_id is not None:
        return notification.meeting.get_absolute_url()
    return ""


def _status(value: str) -> str:
    return str(choice_label(Status, value)) if value else ""


def describe(notification: Notification) -> str:
    """One sentence for the inbox and the mail, in the active language."""
    details = notification.details or {}
    actor = notification.actor.get_username() if notification.actor else _("Someone")
    title = notification.commitment.title if notification.commitment_id else ""
    meeting = str(notification.meeting) if notification.meeting_id else ""
    if notification.kind == Kind.ASSIGNED:
        return _("%(actor)s assigned “%(title)s” to you.") % {"actor": actor, "title": title}
    if notification.kind == Kind.STATUS_CHANGED:
        return _("%(actor)s moved “%(title)s” from %(before)s to %(after)s.") % {
            "actor": actor,
            "title": title,
            "before": _status(details.get("from", "")),
            "after": _status(details.get("to", "")),
        }
    if notification.kind == Kind.MEETING_LINKED:
        return _("%(actor)s linked “%(title)s” to the later meeting %(meeting)s.") % {
            "actor": actor,
            "title": title,
            "meeting": meeting,
        }
    if notification.kind == Kind.NEW_COMMITMENT:
        count = details.get("count", 1)
        if count > 1 or not title:
            return _("%(count)s new commitments from %(meeting)s.") % {
                "count": count,
                "meeting": meeting,
            }
        return _("New commitment “%(title)s” from %(meeting)s.") % {
            "title": title,
            "meeting": meeting,
        }
    if notification.kind == Kind.READOUT_CONFIRMED:
        return _(
            "%(actor)s confirmed the readout of %(meeting)s: %(published)s new commitments, "
            "%(followed_up)s followed up."
        ) % {
            "actor": actor,
            "meeting": meeting,
            "published": details.get("published", 0),
            "followed_up": details.get("followed_up", 0),
        }
    return str(notification.get_kind_display())


def subject_of(notification: Notification) -> str:
    if notification.commitment_id is not None:
        return f"{notification.get_kind_display()}: {notification.commitment.title}"
    if notification.meeting_id is not None:
        return f"{notification.get_kind_display()}: {notification.meeting.title}"
    return str(notification.get_kind_display())


def mail_of(notification: Notification, language: str) -> tuple[str, str, str]:
    """The subject, text and HTML of the mail telling ``notification``'s recipient of it."""
    with translation.override(language):
        context = {
            "notification": notification,
            "sentence": describe(notification),
            "titles": (notification.details or {}).get("titles", []),
            "link": absolute(link_of(notification)) if link_of(notification) else "",
            "preferences_link": absolute(reverse("notification-preferences")),
            "language": language,
        }
        subject = settings.EMAIL_SUBJECT_PREFIX + subject_of(notification)
        text = render_to_string("notifications/mail/notification.txt", context)
        html = render_to_string("notifications/mail/notification.html", context)
    return " ".join(subject.split())[:300], text, html
