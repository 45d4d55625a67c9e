"""The form renderer: Django's own widget templates rendered by Jinja2, several times faster than
the Django template language (a form of checkboxes renders a template per option), and the same
HTML; a template only the Django language has (the admin's widgets) is rendered by it."""

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class JinjaWidgets(BaseRenderer):
    def __init__(self):
        self.jinja, self.django = Jinja2(), DjangoTemplates()

    def get_template(self, template_name):
        try:
            return self.jinja.get_template(template_name)
        except TemplateDoesNotExist:
            return self.django.get_template(template_name)
