import base64

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from marsad.lib import digits

register = template.Library()


@register.filter
def svg_image(svg: str | None):
    """A chart's SVG as an image of the page: WeasyPrint parses it on its own rather
    than as part of the page's tree, which holds a 100-page pack in far less memory."""
    if not svg:
        return ""
    # An image's text is out of reach of the pass over the page's: its labels are put
    # in the document's digits here.
    data = base64.b64encode(digits.localise_html(svg).encode()).decode()
    return format_html('<img class="chart-image" src="data:image/svg+xml;base64,{}" alt="">', data)


@register.filter
def css_string(text) -> str:
    """`text` as the inside of a CSS string ("…"), for the pages' running titles."""
    # Inside <style>, out of reach of the pass over the page's text: in its digits here.
    text = digits.localise_text(str(text or ""))
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    # Raw text inside <style>: not HTML-escaped, and never able to close the element.
    return mark_safe(text.replace("<", "\\3c "))  # noqa: S308
