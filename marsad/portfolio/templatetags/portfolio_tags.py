from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from marsad.portfolio.choices import Health, ProjectStatus

register = template.Library()


# Simple tags writing their markup here rather than inclusion tags rendering a
# template: a page of 50 projects draws 150 of these, and each included template
# costs a context and a render.
@register.simple_tag
def health_badge(value, unrated_text=None):
    """A coloured chip for a five-step rating; 'not rated' when empty."""
    label = Health(value).label if value else (unrated_text or _("Not rated"))
    return format_html(
        '<span class="health health-{}"><span class="dot" aria-hidden="true"></span>{}</span>', value or "none", label
    )


@register.simple_tag
def status_badge(value):
    return format_html('<span class="status status-{}">{}</span>', value, ProjectStatus(value).label)
