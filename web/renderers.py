"""The site's form renderer: every form and field through the site's own templates."""

from django.forms.renderers import TemplatesSetting


class SiteFormRenderer(TemplatesSetting):
    """Renders `{{ form }}` and `{{ field.as_field_group }}` with templates/forms/.

    Django adds `aria-describedby` (help text and error ids) and `aria-invalid`
    to each widget; the templates put the label, help and errors beside it.
    """

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
