"""The form renderer writes the commonest widgets in Python; their markup must be exactly
what Django's own templates write, for every kind of value, label and attribute."""

import datetime
import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, TemplatesSetting, get_default_renderer
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from meetings.caching.renderers import FormRenderer
from tests.factories import CommitmentFactory, MeetingFactory, PartyFactory, home_party

CHOICES = [
    ("", "any"),
    ("cn", "China"),
    ("kr", 'Korea "South" & <others>'),
    ("Grouped & <more>", [("us", "United States"), ("gb", "United Kingdom")]),
]
NUMBERED = [(1, 1000), (2, gettext_lazy("Open")), (3, mark_safe("<b>bold</b>"))]


class TickedOption(forms.CheckboxSelectMultiple):
    # Not an option template the renderer writes itself: rendered through the template.
    option_template_name = "django/forms/widgets/input_option.html"


class Sample(forms.Form):
    one = forms.ChoiceField(choices=CHOICES, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES[1:], required=False)
    numbered = forms.TypedChoiceField(choices=NUMBERED, coerce=int, required=False)
    ticks = forms.MultipleChoiceField(
        choices=CHOICES[1:], required=False, widget=forms.CheckboxSelectMultiple
    )
    ticks_plain = forms.MultipleChoiceField(
        choices=NUMBERED,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "columns"}),
    )
    ticks_own_option = forms.MultipleChoiceField(
        choices=CHOICES[1:3], required=False, widget=TickedOption
    )
    radio = forms.ChoiceField(choices=CHOICES[1:], required=False, widget=forms.RadioSelect)
    flag = forms.NullBooleanField(required=False)
    agreed = forms.BooleanField(required=False)
    title = forms.CharField(
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": 'Say "what" & <why>', "autofocus": True}),
    )
    count = forms.IntegerField(min_value=1, widget=forms.NumberInput(attrs={"min": 1}))
    held_on = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date", "hidden": False})
    )
    at = forms.DateTimeField(required=False)
    address = forms.URLField(required=False)
    email = forms.EmailField(required=False)
    secret = forms.CharField(required=False, widget=forms.PasswordInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(required=False, widget=forms.Textarea)


FILLED = {
    "one": "kr",
    "many": ["cn", "us"],
    "numbered": "2",
    "ticks": ["gb"],
    "ticks_plain": ["1", "3"],
    "ticks_own_option": ["kr"],
    "radio": "cn",
    "flag": "true",
    "agreed": "on",
    "title": '<script>"x"</script> & more',
    "count": "1234567",
    "held_on": "2024-03-01",
    "at": "2024-03-01 10:30",
    "address": "https://example.org/?a=1&b=<2>",
    "email": "a@example.org",
    "secret": "hunter2",
    "version": "7",
    "note": "Line one\nLine <two>",
}
INITIAL = {"held_on": datetime.date(2024, 3, 1), "count": 5000, "version": 3}


@pytest.mark.parametrize("field", list(Sample.base_fields))
@pytest.mark.parametrize("state", ["empty", "initial", "filled", "invalid"])
def test_widgets_render_the_same_markup_as_djangos_own_templates(field, state):
    def render(renderer) -> str:
        data = {
            "empty": None,
            "initial": None,
            "filled": FILLED,
            "invalid": {"count": "x", "held_on": "nope"},
        }[state]
        initial = INITIAL if state == "initial" else None
        return str(Sample(data, initial=initial, renderer=renderer)[field])

    ours = render(FormRenderer())
    assert ours == render(DjangoTemplates())
    assert ours == render(TemplatesSetting())  # the project's own widget templates


def test_the_project_renders_widgets_through_its_renderer(settings):
    assert settings.FORM_RENDERER == "meetings.caching.renderers.FormRenderer"
    assert isinstance(get_default_renderer(), FormRenderer)


CSRF = re.compile(rb'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+')


@pytest.fixture
def pages(db):
    japan, china = home_party(), PartyFactory(code="CN")
    meeting = MeetingFactory(parties=[japan, china])
    commitment = CommitmentFactory(meeting=meeting)
    MeetingFactory(parties=[japan, china], held_on=datetime.date(2030, 1, 1))
    return [
        commitment.get_absolute_url(),
        meeting.get_absolute_url(),
        reverse("commitment-list") + "?counterpart=CN&status=open",
        reverse("meeting-list"),
        reverse("admin:meetings_commitment_change", args=[commitment.pk]),
        reverse("admin:meetings_meeting_add"),
    ]


def test_pages_come_out_the_same_as_through_the_templates(settings, manager_client, pages):
    def fetch(renderer: str) -> list[bytes]:
        settings.FORM_RENDERER = renderer
        get_default_renderer.cache_clear()
        try:
            responses = [manager_client.get(url) for url in pages]
        finally:
            get_default_renderer.cache_clear()
        assert all(response.status_code == 200 for response in responses)
        return [CSRF.sub(rb"\1-", response.content) for response in responses]

    ours = fetch("meetings.caching.renderers.FormRenderer")
    assert ours == fetch("django.forms.renderers.TemplatesSetting")
