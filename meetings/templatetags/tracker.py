"""Small template helpers for the staff web app."""

import datetime

from django import template
from django.http import QueryDict
from django.utils.translation import gettext as _

from meetings.models import Commitment
from meetings.selectors import reported_side

register = template.Library()


@register.filter
def is_overdue(commitment: Commitment, today: datetime.date) -> bool:
    return commitment.is_overdue(today)


@register.filter
def reported_in(commitment: Commitment, readouts: list) -> str:
    """Which sides' readouts report ``commitment`` (``selectors.reported_side``)."""
    return reported_side(commitment, readouts)


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
