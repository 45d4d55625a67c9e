"""The form renderer (config/form_renderer.py) writes the HTML the Django templates write."""

import re

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.forms.renderers import DjangoTemplates, get_default_renderer

from config.form_renderer import JinjaWidgets


class Sample(forms.Form):
    title = forms.CharField(max_length=20, help_text="Aide")
    kind = forms.ChoiceField(choices=[("a", "L'un"), ("b", "L'autre")])
    people = forms.MultipleChoiceField(choices=[("1", "Alice"), ("2", "Bruno")], widget=forms.CheckboxSelectMultiple)
    day = forms.DateField(widget=AdminDateWidget)  # only the Django language has its template
    file = forms.FileField(required=False)
    agreed = forms.BooleanField()


def _same(html):
    """Whitespace between tags and the apostrophe's entity (&#x27; or &#39;) aside."""
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html.replace("&#x27;", "'").replace("&#39;", "'")))


def test_the_forms_render_as_with_the_django_templates():
    assert isinstance(get_default_renderer(), JinjaWidgets)
    for data in (None, {"title": "x" * 30, "people": ["3"], "kind": "b"}):
        jinja = Sample(data, renderer=JinjaWidgets()).as_div()
        django = Sample(data, renderer=DjangoTemplates()).as_div()
        assert _same(jinja) == _same(django)
        assert "vDateField" in jinja and 'type="checkbox"' in jinja
    assert "errorlist" in Sample({"title": "x" * 30}, renderer=JinjaWidgets()).as_div()
