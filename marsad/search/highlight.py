"""Marking the searched words in a record's own text, whatever spelling either side used.

The text is folded with positions (`fold_with_positions`); a word of the query matches
the start of a folded word, and the span it covers is mapped back to the original
characters, diacritics and tatweel included, so "الفوتره" marks "الفوتَرة" whole.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from marsad.lib.arabic import WORD, bare, fold_with_positions


def _spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    folded, positions = fold_with_positions(text)
    starts = tuple({*words, *(bare(word) for word in words)})
    spans = []
    for found in WORD.finditer(folded):
        word_found = found.group()
        if word_found.startswith(starts) or bare(word_found).startswith(starts):
            spans.append((positions[found.start()], positions[found.end() - 1] + 1))
    return spans


def highlight(text: str, words: list[str]) -> SafeString:
    """`text`, escaped, with every word that starts with one of `words` in <mark>."""
    out, last = [], 0
    for start, end in _spans(text, words):
        # A word's trailing diacritics belong to it.
        while end < len(text) and re.match(r"[\u064B-\u065F\u0670\u0640]", text[end]):
            end += 1
        out += [escape(text[last:start]), "<mark>", escape(text[start:end]), "</mark>"]
        last = end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 — every piece of the text is escaped above


def snippet(text: str, words: list[str], width: int = 180) -> SafeString | None:
    """About `width` characters of `text` around its first match (None: no match)."""
    spans = _spans(text, words)
    if not spans:
        return None
    first = spans[0][0]
    start = max(0, first - width // 3)
    if start:
        # Start at a word's beginning.
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + width)
    piece = highlight(text[start:end], words)
    return mark_safe(("… " if start else "") + piece + (" …" if end < len(text) else ""))  # noqa: S308
