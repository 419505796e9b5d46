"""The form renderer: Django's widget markup, with the commonest widgets written in Python.

A page's forms render a few dozen widgets, and the select and checkbox lists a few hundred
options; through Django's templates (an ``attrs.html`` include per option, three templates
deep for a checkbox) that cost a large share of a page's time. ``FormRenderer`` writes the
plain inputs, selects and checkbox and radio lists itself, byte for byte the markup of
Django's own templates (``tests/test_form_renderer.py`` compares them on every kind of value
and attribute), and hands every other template, and any option with a template of its own,
to ``TemplatesSetting`` (the project's templates first, then Django's).
"""

from collections.abc import Callable

from django.forms.renderers import TemplatesSetting
from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils.safestring import SafeData, mark_safe

_WIDGETS = "django/forms/widgets/"
# Widget templates that are Django's ``input.html`` and nothing else.
_INPUTS = frozenset(
    f"{_WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "checkbox",
    )
)
_SELECT = f"{_WIDGETS}select.html"
_SELECT_OPTION = f"{_WIDGETS}select_option.html"
_MULTIPLE = frozenset({f"{_WIDGETS}checkbox_select.html", f"{_WIDGETS}radio.html"})
_INPUT_OPTIONS = frozenset({f"{_WIDGETS}checkbox_option.html", f"{_WIDGETS}radio_option.html"})
_CONTEXT = Context(autoescape=True)


def _text(value) -> str:
    """``{{ value }}``: localized, and escaped unless marked safe."""
    return render_value_in_context(value, _CONTEXT)


def _formatted(value) -> str:
    """``{{ value|stringformat:'s' }}``."""
    out = stringformat(value, "s")
    return _text(mark_safe(out) if isinstance(value, SafeData) else out)


def _attrs(attrs: dict) -> str:
    """``attrs.html``."""
    return "".join(
        f" {_text(name)}" + ("" if value is True else f'="{_formatted(value)}"')
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    """``input.html``."""
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}'
        f"{_attrs(widget['attrs'])}>"
    )


def _input_option(option: dict) -> str:
    """``checkbox_option.html`` and ``radio_option.html`` (``input_option.html``) of an option
    wrapped in its label (Django's always are), with the line ends their includes leave."""
    label_id = option["attrs"].get("id")
    opening = f' for="{_text(label_id)}"' if label_id else ""
    return f"<label{opening}>{_input(option)}\n {_text(option['label'])}</label>\n\n"


def _select(widget: dict, option_html: Callable[[dict], str]) -> str:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            parts.append("\n  " + option_html(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _multiple(widget: dict, option_html: Callable[[dict], str]) -> str:
    attrs = widget["attrs"]
    parts = ["<div"]
    if attrs.get("id"):
        parts.append(f' id="{_text(attrs["id"])}"')
    if attrs.get("class"):
        parts.append(f' class="{_text(attrs["class"])}"')
    parts.append(">")
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{_text(group)}</label>")
        for option in options:
            parts.append(f"<div>\n    {option_html(option)}</div>")
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


class FormRenderer(TemplatesSetting):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None and len(context) == 1:
            if template_name in _INPUTS:
                return _input(widget)
            if template_name == _SELECT:
                return _select(widget, self._option(_select_option, _is_select_option))
            if template_name in _MULTIPLE:
                return _multiple(widget, self._option(_input_option, _is_input_option))
        return super().render(template_name, context, request)

    def _option(
        self, write: Callable[[dict], str], writable: Callable[[dict], bool]
    ) -> Callable[[dict], str]:
        """An option's markup: written here when its template is Django's, else rendered
        through its own template (a widget with an option template of its own)."""

        def option_html(option: dict) -> str:
            if writable(option):
                return write(option)
            template = self.get_template(option["template_name"])
            return template.render({"widget": option})

        return option_html


def _is_select_option(option: dict) -> bool:
    return option["template_name"] == _SELECT_OPTION


def _is_input_option(option: dict) -> bool:
    return option["template_name"] in _INPUT_OPTIONS and bool(option.get("wrap_label"))


def _select_option(option: dict) -> str:
    """``select_option.html``, with its line end."""
    return (
        f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_text(option['label'])}</option>\n"
    )
