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

from meetings.caching import rows


def render_once(widget: forms.Widget) -> forms.Widget:
    """Make ``widget`` (a form's own copy) render through the row cache."""
    original = widget.render

    def render(name, value, attrs=None, renderer=None):
        described = repr(
            (
                type(widget).__module__,
                type(widget).__qualname__,
                widget.template_name,
                name,
                value,
                sorted(widget.attrs.items()),
                sorted((attrs or {}).items()),
            )
        )
        return rows.cached_value(
            "widget",
            salt=(hashlib.sha256(described.encode()).hexdigest(),),
            build=lambda: original(name, value, attrs, renderer),
        )

    widget.render = render
    return widget
