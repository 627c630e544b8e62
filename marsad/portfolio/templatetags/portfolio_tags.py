from django import template
from django.utils.translation import gettext as _

from marsad.portfolio.choices import Health, ProjectStatus

register = template.Library()


@register.inclusion_tag("portfolio/_health.html")
def health_badge(value, unrated_text=None):
    """A coloured chip for a five-step rating; 'not rated' when empty."""
    label = Health(value).label if value else (unrated_text or _("Not rated"))
    return {"value": value or "none", "label": label}


@register.inclusion_tag("portfolio/_status.html")
def status_badge(value):
    return {"value": value, "label": ProjectStatus(value).label}
