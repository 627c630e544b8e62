"""Arabic in the charts: SVG text drawn as whole, shaped lines.

WeasyPrint (70) draws an SVG `<text>` one code point at a time, each placed to the
right of the last: Latin reads well, but Arabic comes out in reverse order with its
letters unjoined, and `pdftotext` reads it backwards (upstream: Kozea/WeasyPrint
#2909, #106; no release fixes it yet). Its HTML text is laid out by Pango as whole
lines, which shapes and orders Arabic correctly.

`install()` puts a drawer in front of WeasyPrint's for the plain case our charts
write (matplotlib's `svg.fonttype = "none"`: one x and one y per `<text>`, no
per-letter positions, spacing or length): the text is laid out as one Pango line in
its own direction and drawn once, with the same bounding box WeasyPrint's
`text-anchor` handling reads. Any other `<text>` goes to WeasyPrint's own drawer.
`tests/test_charts.py` reads a chart's Arabic label back from a PDF, so an upgrade
that changes these internals fails there, not in front of the committee.
"""

import importlib
import unicodedata
from math import inf

_PER_LETTER = ("dx", "dy", "rotate", "textLength", "letter-spacing")
_installed = False


def _right_to_left(text: str) -> bool:
    """The direction of the first strong character (the Unicode rule for a paragraph)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def _weight(value) -> int:
    if value in (None, "normal"):
        return 400
    if value == "bold":
        return 700
    try:
        return int(value)
    except (TypeError, ValueError):
        return 400


def install() -> None:
    global _installed
    if _installed:
        return
    svg_package = importlib.import_module("weasyprint.svg")
    svg_text = importlib.import_module("weasyprint.svg.text")  # the module (the package shadows it with a function)
    from weasyprint.css.properties import INITIAL_VALUES
    from weasyprint.draw.text import draw_first_line
    from weasyprint.matrix import Matrix
    from weasyprint.svg.bounding_box import extend_bounding_box
    from weasyprint.svg.utils import size
    from weasyprint.text.line_break import split_first_line

    letter_by_letter = svg_text.text

    def whole_line(svg, node, font_size):
        single = all(len(str(node.attrib.get(name, "")).split()) <= 1 for name in ("x", "y"))
        if not node.text or not single or any(node.attrib.get(name) for name in _PER_LETTER):
            return letter_by_letter(svg, node, font_size)
        style = svg_text.Style()
        style.update(INITIAL_VALUES)
        style.font_config = svg.font_config
        style["font_family"] = [name.strip("\"' ") for name in node.get("font-family", "sans-serif").split(",")]
        style["font_style"] = node.get("font-style", "normal")
        style["font_weight"] = _weight(node.get("font-weight"))
        style["font_size"] = font_size
        style["direction"] = "rtl" if _right_to_left(node.text) else "ltr"
        layout, _, _, width, height, baseline = split_first_line(node.text, style, svg.context, inf, 0)
        x = size(node.attrib["x"], font_size, svg.inner_width) if "x" in node.attrib else svg.cursor_position[0]
        y = size(node.attrib["y"], font_size, svg.inner_height) if "y" in node.attrib else svg.cursor_position[1]
        svg.cursor_position = x + width, y
        top = y - baseline
        node.text_bounding_box = extend_bounding_box(node.text_bounding_box, ((x, top), (x + width, top + height)))
        svg.stream.push_state()
        fill, stroke = svg.set_graphical_state(node, font_size)
        svg.stream.begin_text()
        layout.reactivate(style)
        svg.fill_stroke(fill, stroke, text=True)
        box = svg_text.TextBox(layout, style)
        box.baseline = baseline
        draw_first_line(svg.stream, box, "none", "none", Matrix(d=-1, e=x, f=y))
        svg.stream.end_text()
        svg.stream.pop_state()

    # The package compares drawers by identity to find text nodes (text-anchor).
    svg_package.text = whole_line  # type: ignore[attr-defined]  # replaced, not declared
    for tag, drawer in list(svg_package.TAGS.items()):
        if drawer is letter_by_letter:
            svg_package.TAGS[tag] = whole_line
    _installed = True
