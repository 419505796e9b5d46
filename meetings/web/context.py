"""What every page's top bar shows of the signed-in person: their saved filters."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from meetings import selectors


def saved_filters(request: HttpRequest) -> dict:
    """Read only when a page draws the top bar (kept per person); fragments never ask."""
    return {"saved_filters": SimpleLazyObject(lambda: selectors.top_bar_filters(request.user))}
