"""HTML to PDF with WeasyPrint: the self-hosted Arabic font, page numbers and the
document's name on every page (the templates' `@page` rules), and nothing fetched
from anywhere but the font folder (a document never reaches the network)."""

import logging
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.template.loader import render_to_string

from marsad.documents import svg_text
from marsad.lib import digits

# fontTools reports every table it subsets at INFO: thousands of lines per pack.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT_FOLDER = "@fontsource/ibm-plex-sans-arabic/files"
# Separate families for the Arabic and Latin files: one family split by unicode-range
# draws garbage glyphs in WeasyPrint when a line mixes Arabic and Latin digits.
FONT_FACES = [
    ("Plex Arabic", "arabic", 400),
    ("Plex Arabic", "arabic", 700),
    ("Plex Latin", "latin", 400),
    ("Plex Latin", "latin", 700),
]


def font_folder() -> Path:
    return Path(settings.NODE_MODULES) / FONT_FOLDER


def font_faces() -> list[dict]:
    folder = font_folder()
    return [
        {
            "family": family,
            "weight": weight,
            "url": (folder / f"ibm-plex-sans-arabic-{subset}-{weight}-normal.woff2").as_uri(),
        }
        for family, subset, weight in FONT_FACES
    ]


class _FontsOnly:
    """WeasyPrint's fetcher, limited to the font files and the charts' SVG: the HTML is
    ours and its text the users', but a document must never make the server fetch
    anything else."""

    def __new__(cls):
        from weasyprint.urls import URLFetcher

        class FontsOnly(URLFetcher):
            def fetch(self, url, headers=None):
                if url.startswith("data:image/svg+xml;"):  # the charts, drawn by `charts`
                    return super().fetch(url, headers)
                parsed = urlparse(url)
                path = Path(unquote(parsed.path)).resolve()
                if parsed.scheme != "file" or font_folder().resolve() not in path.parents:
                    raise ValueError(f"documents fetch only their fonts, not {url}")
                return super().fetch(url, headers)

        return FontsOnly(allowed_protocols=["file", "data"], allow_redirects=False)


_UCS_CMAP = b"/CMapName /Adobe-Identity-UCS def"


def _arabic_ligatures_read_in_order(document, pdf) -> None:
    """A PDF finisher: the text a reader copies (or `pdftotext` extracts) keeps its
    Arabic ligatures in logical order.

    A glyph that stands for several characters (lam-alef لا, a letter with its vowel
    mark) is mapped to them in logical order, as the PDF specification says. But
    extractors read a right-to-left line by reversing the glyphs drawn left to right,
    and reverse each glyph's characters with them: "الإدارة" came out "اإلدارة"
    (poppler and Chromium's own PDFs do the same). Mapping such glyphs to their
    characters reversed makes the extracted text read as written.
    """
    import pydyf

    for found in pdf.objects:
        if not isinstance(found, pydyf.Stream) or _UCS_CMAP not in found.stream:
            continue
        found.stream[:] = [_reversed_if_rtl_cluster(line) for line in found.stream]


def _reversed_if_rtl_cluster(line: bytes) -> bytes:
    """`<glyph> <utf-16 hex>` of a glyph for several characters starting right to left: reversed."""
    parts = line.split(b" ")
    if len(parts) != 2 or not parts[0].startswith(b"<") or len(parts[1]) <= 6:
        return line
    try:
        text = bytes.fromhex(parts[1][1:-1].decode()).decode("utf-16-be")
    except ValueError:
        return line
    if len(text) < 2 or unicodedata.bidirectional(text[0]) not in ("AL", "R"):
        return line
    return parts[0] + b" <" + text[::-1].encode("utf-16-be").hex().encode() + b">"


def html(template: str, context: dict) -> str:
    """The document's markup in the active digits (lib.digits): its text, and the page
    numbers WeasyPrint counts (a CSS counter style, out of reach of the text's pass)."""
    numbers = ", arabic-indic" if digits.active() == digits.ARABIC_INDIC else ""
    return render_to_string(template, {**context, "font_faces": font_faces(), "page_numbers": numbers})


def pdf(markup: str) -> tuple[bytes, int]:
    """The PDF of `markup` and its number of pages."""
    from weasyprint import HTML

    svg_text.install()
    document = HTML(string=markup, url_fetcher=_FontsOnly()).render()
    return document.write_pdf(finisher=_arabic_ligatures_read_in_order), len(document.pages)
