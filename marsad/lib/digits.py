"""One digit system on everything a person reads: Latin (0-9, the default) or
Arabic-Indic (٠-٩), chosen for the site (MARSAD_DIGITS) and by each person (their
profile), DESIGN §5.

Numbers are written once, by `lib.formatting`, in Latin digits; the pages, the PDFs
(their charts too) and the mails are then passed through `localise_html`/`localise_text`
for their reader's system, so no template or formatter has to know about it and no
number can slip through in the other system — text people typed included ("١٤ مصرفاً"
reads "14 مصرفاً" on a Latin page). Only what a person reads changes: the markup's
attributes (addresses, form values, ids) stay as they are, and so do `<code>`, `<pre>`,
`<kbd>`, `<samp>`, `<textarea>` (tokens, codes, what someone is editing) and anything
marked `data-keep-digits`. The web charts (drawn in the browser from JSON) read the
page's system from `<html data-digits>`; the API, the exports and the open data keep
numbers as numbers.
"""

import contextlib
import contextvars
import re
from collections.abc import Iterator

from django.conf import settings
from django.utils.translation import gettext_lazy as _

LATIN, ARABIC_INDIC = "latn", "arab"
CHOICES = [(LATIN, _("Latin digits (0123)")), (ARABIC_INDIC, _("Arabic-Indic digits (٠١٢٣)"))]
SYSTEMS = {LATIN, ARABIC_INDIC}

_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("marsad_digits", default=None)


def site_system() -> str:
    return settings.MARSAD_DIGITS


def for_user(user: object) -> str:
    """The person's own choice, else the site's."""
    chosen = getattr(user, "digits", "") or ""
    return chosen if chosen in SYSTEMS else site_system()


def active() -> str:
    """The system of what is being written now (a request, a document, a mail)."""
    return _current.get() or site_system()


@contextlib.contextmanager
def override(system: str) -> Iterator[None]:
    token = _current.set(system if system in SYSTEMS else None)
    try:
        yield
    finally:
        _current.reset(token)


# A number as written: digits with the separators between them. In Arabic-Indic the
# separators and the percent sign are Arabic too (CLDR: ٬ groups, ٫ decimals, ٪), as
# a native reader writes them.
_LATIN_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)*%?")
_ARABIC_NUMBER = re.compile(r"[\u0660-\u0669\u06f0-\u06f9]+(?:[\u066b\u066c.,][\u0660-\u0669\u06f0-\u06f9]+)*\u066a?")
_TO_ARABIC = str.maketrans(
    {**{str(n): chr(0x0660 + n) for n in range(10)}, ".": "\u066b", ",": "\u066c", "%": "\u066a"}
)
_TO_LATIN = str.maketrans(
    {
        **{chr(0x0660 + n): str(n) for n in range(10)},
        **{chr(0x06F0 + n): str(n) for n in range(10)},
        "\u066b": ".",
        "\u066c": ",",
        "\u066a": "%",
    }
)
_ANY_ARABIC_DIGIT = re.compile(r"[\u0660-\u0669\u06f0-\u06f9]")


# An address written out ("https://marsad.example/meetings/12/") is followed, not read.
_ADDRESS = re.compile(r"(https?://\S+)")


def localise_text(text: str, system: str | None = None) -> str:
    """Plain text (a mail's text part, a chart's label) in `system`'s digits; the
    addresses in it stay as they are."""
    system = system or active()
    if "://" in text:
        return "".join(part if index % 2 else _numbers(part, system) for index, part in enumerate(_ADDRESS.split(text)))
    return _numbers(text, system)


def _numbers(text: str, system: str) -> str:
    if system == ARABIC_INDIC:
        return _LATIN_NUMBER.sub(lambda m: m.group().translate(_TO_ARABIC), text)
    if not _ANY_ARABIC_DIGIT.search(text):
        return text
    return _ARABIC_NUMBER.sub(lambda m: m.group().translate(_TO_LATIN), text)


# The markup split into what is left alone — comments, the elements whose text is not
# prose, and tags (whose quoted attribute values may hold ">") — and the text between.
_KEPT = "script|style|textarea|pre|code|kbd|samp"
_MARKUP = re.compile(
    rf"<!--.*?-->"
    rf"|<({_KEPT})\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>.*?</\1\s*>"
    rf"|<([a-zA-Z][\w:-]*)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*\bdata-keep-digits\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>.*?</\2\s*>"
    r"|<[!/?a-zA-Z](?:[^>\"']|\"[^\"]*\"|'[^']*')*>",
    re.S | re.I,
)
# Attributes a person reads (a tooltip, a screen reader's label, a field's hint).
_READ_ATTRIBUTE = re.compile(r"(\s(?:title|aria-label|placeholder|alt)=\")([^\"]*)(\")", re.I)
# Character references ("&#x27;") are markup, not numbers.
_REFERENCE_OR_TEXT = re.compile(r"&#?[0-9a-zA-Z]+;|[^&]+|&")


def _text(chunk: str, system: str) -> str:
    if "&" not in chunk:
        return localise_text(chunk, system)
    return "".join(
        part if part.startswith("&") and part.endswith(";") else localise_text(part, system)
        for part in _REFERENCE_OR_TEXT.findall(chunk)
    )


def _tag(tag: str, system: str) -> str:
    if "=" not in tag or tag.startswith(("</", "<!")):
        return tag
    return _READ_ATTRIBUTE.sub(lambda m: m.group(1) + _text(m.group(2), system) + m.group(3), tag)


def localise_html(markup: str, system: str | None = None) -> str:
    """HTML or SVG whose text (and read attributes) is in `system`'s digits."""
    system = system or active()
    if system == LATIN and not _ANY_ARABIC_DIGIT.search(markup):
        return markup  # the default, and nothing to change: the common case costs one scan
    out: list[str] = []
    position = 0
    for found in _MARKUP.finditer(markup):
        if found.start() > position:
            out.append(_text(markup[position : found.start()], system))
        whole = found.group()
        out.append(whole if found.group(1) or found.group(2) else _tag(whole, system))
        position = found.end()
    out.append(_text(markup[position:], system))
    return "".join(out)
