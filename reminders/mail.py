"""The words of reminders and digests, in the recipient's language, with text and HTML parts.

Written when queued (the outbox keeps the words: ``notifications.outbox``), each naming the
commitment by its title with a link to its page."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications.messages import absolute, describe, link_of
from reminders.rules import ORDER, Threshold
from reminders.selectors import CounterpartWeek, Due


@dataclass(frozen=True)
class Mail:
    subject: str
    text: str
    html: str


def heading(threshold: str) -> str:
    return {
        Threshold.OVERDUE: _("Overdue"),
        Threshold.DUE_IN_3: _("Due within 3 days"),
        Threshold.DUE_IN_14: _("Due within 14 days"),
        Threshold.STALE: _("Nothing recorded for a long time"),
    }[threshold]


def when(due: Due, today: datetime.date) -> str:
    """What the reminder says of the date it is about."""
    date = date_format(due.concerns, "DATE_FORMAT")
    days = abs((due.concerns - today).days)
    if due.threshold == Threshold.STALE:
        return _("Nothing recorded since %(date)s.") % {"date": date}
    if due.threshold == Threshold.OVERDUE:
        return ngettext(
            "Expected by %(date)s: overdue by %(days)d day.",
            "Expected by %(date)s: overdue by %(days)d days.",
            days,
        ) % {"date": date, "days": days}
    if days == 0:
        return _("Expected by today, %(date)s.") % {"date": date}
    return ngettext(
        "Expected by %(date)s, in %(days)d day.",
        "Expected by %(date)s, in %(days)d days.",
        days,
    ) % {"date": date, "days": days}


def _subject(text: str) -> str:
    return " ".join((settings.EMAIL_SUBJECT_PREFIX + text).split())[:300]


def _render(name: str, context: dict, language: str) -> tuple[str, str]:
    context = {**context, "language": language}
    text = render_to_string(f"reminders/mail/{name}.txt", context)
    html = render_to_string(f"reminders/mail/{name}.html", context)
    return text, html


def _preferences_link() -> str:
    """The page where a person chooses what they hear of once a day (the notifications' pages
    name it; the digest leaves the link out while no such page is installed)."""
    try:
        return absolute(reverse("notification-preferences"))
    except NoReverseMatch:
        return ""


def commitment_link(pk: int) -> str:
    return absolute(reverse("commitment-detail", args=[pk]))


def reminder_mail(due: list[Due], *, today: datetime.date, language: str) -> Mail:
    """One mail of every reminder due to one person on ``today``, the most urgent first."""
    with translation.override(language):
        groups = []
        for threshold in ORDER:
            items = [
                {"title": d.title, "when": when(d, today), "link": commitment_link(d.commitment_id)}
                for d in due
                if d.threshold == threshold
            ]
            if items:
                groups.append({"heading": heading(threshold), "items": items})
        if len(due) == 1:
            subject = _("%(what)s: %(title)s") % {
                "what": heading(due[0].threshold),
                "title": due[0].title,
            }
        else:
            subject = ngettext(
                "%(count)d commitment needs your attention",
                "%(count)d commitments need your attention",
                len(due),
            ) % {"count": len(due)}
        text, html = _render(
            "reminders",
            {"groups": groups, "mine": absolute(reverse("commitment-list")) + "?open=true"},
            language,
        )
        return Mail(_subject(subject), text, html)


def daily_digest_mail(notifications: list, *, today: datetime.date, language: str) -> Mail:
    """One person's daily digest: what they chose to hear of once a day."""
    with translation.override(language):
        items = []
        for notification in notifications:
            link = link_of(notification)
            items.append(
                {
                    "sentence": describe(notification),
                    "link": absolute(link) if link else "",
                    "title": notification.commitment.title if notification.commitment_id else "",
                }
            )
        subject = ngettext(
            "Your daily digest: %(count)d notification",
            "Your daily digest: %(count)d notifications",
            len(items),
        ) % {"count": len(items)}
        text, html = _render(
            "daily_digest",
            {
                "items": items,
                "day": date_format(today, "DATE_FORMAT"),
                "preferences_link": _preferences_link(),
            },
            language,
        )
        return Mail(_subject(subject), text, html)


WEEKLY_SHOWN = 10


def weekly_digest_mail(
    weeks: list[CounterpartWeek], *, today: datetime.date, language: str
) -> Mail:
    """The managers' weekly digest: by counterpart, what is overdue, stale, changed this week
    (the first few of each, with a link to the list of all)."""
    with translation.override(language):
        list_url = absolute(reverse("commitment-list"))
        since = (today - datetime.timedelta(days=7)).isoformat()
        counterparts = []
        for week in weeks:
            code = week.party.code
            parts = []
            for name, rows, query in (
                (_("Overdue"), week.overdue, f"counterpart={code}&overdue=true"),
                (_("Stale"), week.stale, f"counterpart={code}&stale=true"),
                (_("Changed this week"), week.changed, f"counterpart={code}&changed_since={since}"),
            ):
                parts.append(
                    {
                        "name": name,
                        "count": len(rows),
                        "more": max(len(rows) - WEEKLY_SHOWN, 0),
                        "list": f"{list_url}?{query}",
                        "items": [
                            {"title": row["title"], "link": commitment_link(row["pk"])}
                            for row in rows[:WEEKLY_SHOWN]
                        ],
                    }
                )
            counterparts.append(
                {
                    "name": week.party.shown_name,
                    "briefing": absolute(reverse("briefing", args=[code])),
                    "parts": parts,
                }
            )
        subject = _("Weekly digest for the week to %(date)s") % {
            "date": date_format(today, "DATE_FORMAT")
        }
        text, html = _render("weekly_digest", {"counterparts": counterparts}, language)
        return Mail(_subject(subject), text, html)
