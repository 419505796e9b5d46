"""A select's options are drawn in one loop (templates/django/forms/widgets/select.html) rather
than through two included templates each, and an input's attributes without an included
template (input.html): the same HTML as Django's own templates draw, whatever the widget
holds, in the admin as on the pages."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, TemplatesSetting


class TaggedOptions(forms.Select):
    """Options with attributes of their own."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["attrs"]["data-code"] = f"c-{value}"
        return option


class OptionsOfTheirOwn(forms.Select):
    """Options drawn by a template of their own."""

    option_template_name = "django/forms/widgets/input_option.html"


CHOICES = [("", "— nobody —"), ("1", "Sato <Hanako> & co"), ("2", "Tanaka")]
GROUPED = [("", "any"), ("Asia", [("CN", "China"), ("KR", "Korea")]), ("EU", "European Union")]

SELECTS = {
    "plain": (forms.Select(choices=CHOICES), "2"),
    "nothing chosen": (forms.Select(choices=CHOICES), None),
    "groups": (forms.Select(choices=GROUPED), "KR"),
    "several chosen": (forms.SelectMultiple(choices=GROUPED), ["CN", "EU"]),
    "yes, no or either": (forms.NullBooleanSelect(), True),
    "its own attributes": (forms.Select(choices=CHOICES, attrs={"disabled": True}), "1"),
    "options with attributes": (TaggedOptions(choices=CHOICES), "1"),
    "options with a template": (OptionsOfTheirOwn(choices=CHOICES), "1"),
    "checkboxes": (forms.CheckboxSelectMultiple(choices=GROUPED), ["KR"]),
    "radio buttons": (forms.RadioSelect(choices=CHOICES), "2"),
}

INPUTS = {
    "text": (forms.TextInput(attrs={"type": "search", "placeholder": "Words <&>"}), 'a "b"'),
    "empty text": (forms.TextInput(), None),
    "number": (forms.NumberInput(attrs={"min": 1}), 3),
    "date": (forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), "2022-04-02"),
    "ticked": (forms.CheckboxInput(attrs={"class": "action-select"}), True),
    "unticked": (forms.CheckboxInput(), False),
    "hidden": (forms.HiddenInput(), "7"),
    "several hidden": (forms.MultipleHiddenInput(), ["1", "2"]),
    "a file": (forms.ClearableFileInput(), None),
}


@pytest.mark.parametrize("widget, value", SELECTS.values(), ids=SELECTS.keys())
def test_a_select_is_drawn_as_django_draws_it(widget, value):
    attrs = {"id": "id_person", "required": True, "aria-describedby": "id_person_error"}

    ours = widget.render("person", value, attrs=attrs, renderer=TemplatesSetting())
    django_s = widget.render("person", value, attrs=attrs, renderer=DjangoTemplates())

    assert ours == django_s
    assert "<option" in ours or "<input" in ours


@pytest.mark.parametrize("widget, value", INPUTS.values(), ids=INPUTS.keys())
def test_an_input_is_drawn_as_django_draws_it(widget, value):
    attrs = {"id": "id_field", "required": True, "disabled": False}

    ours = widget.render("field", value, attrs=attrs, renderer=TemplatesSetting())
    django_s = widget.render("field", value, attrs=attrs, renderer=DjangoTemplates())

    assert ours == django_s
    assert "<input" in ours


def test_the_pages_draw_widgets_with_the_project_s_templates(settings):
    assert settings.FORM_RENDERER == "django.forms.renderers.TemplatesSetting"
