"""The unread count in the top bar, on every signed-in page (one indexed count)."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from notifications import selectors


def unread(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: counted only by pages that show the top bar.
    return {"unread_notifications": SimpleLazyObject(lambda: selectors.unread_count(user))}
