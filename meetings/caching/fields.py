"""Form fields whose choices are drawn once: a ``<select>`` or a list of checkboxes of
reference data (people, divisions, parties, topics, mechanisms) is most of a page's rendering
time at ten years of data (docs/performance.md), and it is the same for every page that
shows the same field with the same value."""

import django_filters.fields
from django import forms
from django.core.exceptions import EmptyResultSet
from django.forms.models import ModelChoiceIterator
from django.forms.widgets import ChoiceWidget
from django.utils.safestring import mark_safe

from meetings import caching

# The iterators that list every row of their field's query and nothing else: Django's, and
# django-filter's (which may add a "none" choice, its ``null_label``).
_ROWS_OF_A_QUERY = (ModelChoiceIterator, django_filters.fields.ModelChoiceIterator)


def _choices_source(widget: ChoiceWidget) -> tuple | None:
    """What decides the options ``widget`` draws from the database, or None when it draws
    none (a short list written in the code costs less to draw than to look up) or when that
    is not knowable here (rows offered per form, such as the likely later meetings)."""
    choices = widget.choices
    if type(choices) not in _ROWS_OF_A_QUERY:
        return None
    field = choices.field
    try:
        sql = str(choices.queryset.query)
    except EmptyResultSet:
        sql = ""
    labels = (str(field.empty_label), str(getattr(field, "null_label", None)))
    return (*labels, field.to_field_name, sql)


class ChoicesRenderedOnce(forms.BoundField):
    """A bound field whose choice widget lists database rows (a model choice field) and is
    rendered once per form class, field, value, attributes and query, kept until reference
    data changes (``caching.rendered``).

    Set as a form's (or a field's) ``bound_field_class``. Everything the HTML depends on is
    in the key, so two pages showing the same field alike share it, and a page that draws it
    otherwise (another blank label, other options, an error's attributes) gets its own.
    Other fields, and rows offered per form, are rendered as usual. The
    labels of model choices must come from the model alone (``label_from_instance`` may not
    differ between two forms of one class)."""

    def as_widget(self, widget=None, attrs=None, only_initial=False):
        chosen = widget or self.field.widget
        source = (
            _choices_source(chosen)
            if isinstance(chosen, ChoiceWidget) and not only_initial
            else None
        )
        if source is None:
            return super().as_widget(widget, attrs, only_initial)
        form = type(self.form)
        described = (
            f"{form.__module__}.{form.__qualname__}",
            type(chosen).__qualname__,
            chosen.template_name,
            sorted(chosen.attrs.items()),
            sorted(self.build_widget_attrs(dict(attrs or {}), chosen).items()),
            self.html_name,
            self.auto_id,
            repr(self.value()),
            source,
        )
        html = caching.rendered(
            "field",
            lambda: str(super(ChoicesRenderedOnce, self).as_widget(widget, attrs, only_initial)),
            varies_with=described,
        )
        return mark_safe(html)  # the widget's own output, each value escaped as it rendered
