"""``{% watch_panel target %}``: the Watch/Unwatch button and who watches ``target`` (a
commitment, meeting, mechanism or counterpart), on that thing's page."""

from django import template
from django.urls import reverse

from meetings.models import Commitment, Mechanism, Meeting, Party
from notifications import selectors

register = template.Library()


def _address(target) -> tuple[str, str, str]:
    """The watch URL's kind and key, and the page the button sits on."""
    if isinstance(target, Commitment):
        return "commitment", str(target.pk), target.get_absolute_url()
    if isinstance(target, Meeting):
        return "meeting", str(target.pk), target.get_absolute_url()
    if isinstance(target, Mechanism):
        return "mechanism", str(target.pk), target.get_absolute_url()
    if isinstance(target, Party):
        return "counterpart", target.code, reverse("briefing", args=[target.code])
    raise TypeError(f"Nothing watches a {type(target).__name__}.")


def watch_context(user, target, next_url: str) -> dict:
    kind, key, page = _address(target)
    watchers = list(selectors.watchers_of(target))
    return {
        "target": target,
        "watch_url": reverse("watch", args=[kind, key]),
        "watching": any(person.pk == user.pk for person in watchers),
        "watchers": watchers,
        "next": next_url or page,
        "panel_id": f"watch-{kind}-{key}",
    }


@register.inclusion_tag("notifications/_watch.html", takes_context=True)
def watch_panel(context, target) -> dict:
    request = context["request"]
    return {
        **watch_context(request.user, target, request.get_full_path()),
        "csrf_token": context.get("csrf_token"),
    }
