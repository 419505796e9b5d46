"""The project's select and checkbox-list templates write each option inline instead of
including a template per option (a filter form has a few hundred options); the markup must be
exactly Django's own."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, TemplatesSetting

CHOICES = [
    ("", "any"),
    ("cn", "China"),
    ("kr", 'Korea "South" & <others>'),
    ("Grouped", [("us", "United States"), ("gb", "United Kingdom")]),
]


class Sample(forms.Form):
    one = forms.ChoiceField(choices=CHOICES, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES[1:], required=False)
    ticks = forms.MultipleChoiceField(
        choices=CHOICES[1:], required=False, widget=forms.CheckboxSelectMultiple
    )
    radio = forms.ChoiceField(choices=CHOICES[1:], required=False, widget=forms.RadioSelect)
    flag = forms.NullBooleanField(required=False)


@pytest.mark.parametrize("field", ["one", "many", "ticks", "radio", "flag"])
@pytest.mark.parametrize(
    "data",
    [{}, {"one": "kr", "many": ["cn", "us"], "ticks": ["gb"], "radio": "cn", "flag": "true"}],
)
def test_widgets_render_the_same_markup_as_djangos_own_templates(field, data):
    ours = str(Sample(data or None, renderer=TemplatesSetting())[field])
    djangos = str(Sample(data or None, renderer=DjangoTemplates())[field])
    assert ours == djangos
    assert "<option" in ours or "<input" in ours


def test_the_project_keeps_its_own_widget_templates(settings):
    assert "meetings.caching.renderers" in settings.FORM_RENDERER
