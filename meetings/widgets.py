"""Choice widgets rendered once per data version, not once per page.

A select of every division or user, or the checkboxes of every party, come out the same on
every page that shows them until one of those rows changes, and each costs milliseconds to
render. ``render_once`` keeps a widget's HTML in each process's row cache
(``CACHES["rows"]``) under everything it depends on: the widget and its attributes, the
field's name and value, the language and the data version that every save of a shown row
moves (``meetings.versions``). Use it only for widgets whose choices come from such rows or
are fixed.
"""

import hashlib

from django import forms
from django.core.cache import caches
from django.utils.translation import get_language

from . import versions


def render_once(widget: forms.Widget) -> forms.Widget:
    """Make ``widget`` (a form's own copy) render through the row cache."""
    original = widget.render

    def render(name, value, attrs=None, renderer=None):
        key = (
            "widget:"
            + hashlib.sha256(
                repr(
                    (
                        type(widget).__module__,
                        type(widget).__qualname__,
                        widget.template_name,
                        name,
                        value,
                        sorted(widget.attrs.items()),
                        sorted((attrs or {}).items()),
                        get_language(),
                        versions.current()[versions.FIGURES],
                    )
                ).encode()
            ).hexdigest()
        )
        store = caches["rows"]
        html = store.get(key)
        if html is None:
            html = original(name, value, attrs, renderer)
            store.set(key, html)
        return html

    widget.render = render
    return widget
