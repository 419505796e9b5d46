"""Small template helpers for the staff web app."""

import datetime

from django import template
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.models import Commitment, Reported
from meetings.selectors import reported_side

register = template.Library()


@register.filter
def is_overdue(commitment: Commitment, today: datetime.date) -> bool:
    return commitment.is_overdue(today)


@register.filter
def reported_in(commitment: Commitment, readouts: list) -> str:
    """Which sides' readouts report ``commitment`` (``selectors.reported_side``)."""
    return reported_side(commitment, readouts)


# A commitment one side's readout leaves out: its badge's words and their explanation.
_ONE_SIDE_BADGES = {
    Reported.OURS_ONLY: (
        gettext_lazy("in our readout only"),
        gettext_lazy("Their readout of the meeting leaves it out."),
    ),
    Reported.THEIRS_ONLY: (
        gettext_lazy("in their readout only"),
        gettext_lazy("Our readout of the meeting does not mention it."),
    ),
}


@register.simple_tag
def reported_badge(reported: str) -> str:
    """The badge of a commitment only one side's readout reports, else nothing. Written here
    rather than in a template: every list and briefing row asks for it, and an included
    template costs a row a tenth of its drawing."""
    badge = _ONE_SIDE_BADGES.get(reported)
    if badge is None:
        return ""
    words, why = badge
    return format_html('<span class="badge one-side" title="{}">{}</span>', why, words)


@register.filter
def is_stale(commitment: Commitment, today: datetime.date) -> bool:
    return commitment.is_stale(today)


@register.inclusion_tag("meetings/_sort_header.html", takes_context=True)
def sort_header(context, key: str, label: str) -> dict:
    """A column header that sorts the list by ``key`` (an OrderingFilter name), then reverses."""
    # The list's own query string and address: a list drawn again after a post (the rows'
    # tools) sorts the same rows, not the address it was posted to.
    if "filter_query" in context:
        params = QueryDict(context["filter_query"], mutable=True)
    else:
        params = context["request"].GET.copy()
    current = params.get("ordering", "")
    params.pop("page", None)
    if current == key:
        params["ordering"] = f"-{key}"
        sort = "ascending"
    elif current == f"-{key}":
        params["ordering"] = key
        sort = "descending"
    else:
        params["ordering"] = key
        sort = None
    return {
        "label": label,
        "url": f"{context.get('list_url', '')}?{params.urlencode()}",
        "sort": sort,
        "hint": _("sorted ascending")
        if sort == "ascending"
        else _("sorted descending")
        if sort == "descending"
        else "",
    }
