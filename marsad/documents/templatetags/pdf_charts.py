import base64

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def svg_image(svg: str | None):
    """A chart's SVG as an image of the page: WeasyPrint parses it on its own rather
    than as part of the page's tree, which holds a 100-page pack in far less memory."""
    if not svg:
        return ""
    data = base64.b64encode(svg.encode()).decode()
    return format_html('<img class="chart-image" src="data:image/svg+xml;base64,{}" alt="">', data)
