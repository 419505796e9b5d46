"""The changelists' drill-down by date (``date_hierarchy``), refused with a reason when its
year, month or day is not one.

Django's admin turns ``?held_on__year=9999`` or a number too large for C into a server error
(it computes the next year's first day, or hands the number to ``datetime``); here such a
request answers 400 and says why.
"""

import datetime
import re

from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

_NUMBER = re.compile(r"[0-9]{1,4}")


def date_hierarchy_problem(params, field: str) -> str | None:
    """Why the drill-down in ``params`` (a query dict) names no day Django's admin can show,
    or None when it does (or is not used)."""
    parts = {}
    for part in ("year", "month", "day"):
        values = params.getlist(f"{field}__{part}")
        if not values:
            continue
        value = values[-1]  # the admin reads the last one
        if not _NUMBER.fullmatch(value):
            return _("The year, month and day to show must be numbers, not “%(value)s”.") % {
                "value": value[:20]
            }
        parts[part] = int(value)
    if not parts:
        return None
    # The admin shows a year up to the next one's first day: the last year Python's dates hold
    # has none.
    if not datetime.MINYEAR <= parts.get("year", 1) < datetime.MAXYEAR:
        return _("The year to show must be between %(first)d and %(last)d.") % {
            "first": datetime.MINYEAR,
            "last": datetime.MAXYEAR - 1,
        }
    try:
        datetime.date(parts.get("year", 1), parts.get("month", 1), parts.get("day", 1))
    except ValueError:
        return _("There is no such date to show.")
    return None


class CheckedDateHierarchy:
    """For a ModelAdmin with ``date_hierarchy``: a drill-down to no real date answers 400."""

    def changelist_view(self, request: HttpRequest, extra_context=None):
        problem = self.date_hierarchy and date_hierarchy_problem(request.GET, self.date_hierarchy)
        if problem:
            context = {
                **self.admin_site.each_context(request),
                "title": _("Cannot show these dates"),
                "opts": self.model._meta,
                "reason": problem,
            }
            return TemplateResponse(request, "admin/bad_lookup.html", context, status=400)
        return super().changelist_view(request, extra_context)


def check_date_hierarchies(site) -> None:
    """Give every registered changelist with a date drill-down the check, other apps' too
    (django-axes' lists of sign-in attempts have one): each admin becomes an instance of its
    own class with ``CheckedDateHierarchy`` in front. Called once every app's admin is
    registered (``MeetingsConfig.ready``)."""
    for model_admin in site._registry.values():
        cls = type(model_admin)
        if model_admin.date_hierarchy and not isinstance(model_admin, CheckedDateHierarchy):
            model_admin.__class__ = type(cls.__name__, (CheckedDateHierarchy, cls), {})
