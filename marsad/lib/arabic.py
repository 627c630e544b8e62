"""Folding Arabic text the way people really type it, so that searches match.

People write "اتمتة" for "أتمتة", "الفوتره" for "الفوترة", "الصحى" for "الصحي", with or
without diacritics and tatweel, with Arabic-Indic or Western digits. `fold` maps every
such variant to one form; the search index stores folded text and folds the query the
same way, so both sides always agree.

`fold_with_positions` also says where each folded character came from, so that a match
found in the folded text can be highlighted in the original.
"""

import functools
import re
import unicodedata

# One character for another.
_SAME = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",  # alef wasla
    "ٲ": "ا",
    "ٳ": "ا",
    "ؤ": "و",
    "ئ": "ي",
    "ى": "ي",  # alef maqsura
    "ی": "ي",  # Persian yeh, as Windows keyboards type it
    "ک": "ك",  # Persian kaf
    "ة": "ه",  # taa marbuta
    "ۀ": "ه",
    **{chr(0x0660 + n): str(n) for n in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + n): str(n) for n in range(10)},  # Extended (Persian) digits
}
# Dropped: tatweel, the harakat and Quranic marks, superscript alef.
_DROPPED = {
    0x0640,
    *range(0x0610, 0x061B),
    *range(0x064B, 0x0660),
    0x0670,
    *range(0x06D6, 0x06EE),
}

# A word of folded text: letters and digits (no underscore).
WORD = re.compile(r"[^\W_]+")


@functools.cache
def _fold_char(char: str) -> str:
    """What one character of the text becomes (cached: a text uses few distinct characters)."""
    # NFKC turns presentation forms (ﻻ, ﺍ…) into the letters they show.
    return "".join(
        "" if ord(part) in _DROPPED else _SAME.get(part, part).casefold()
        for part in unicodedata.normalize("NFKC", char)
    )


def fold_with_positions(text: str) -> tuple[str, list[int]]:
    """`text` folded, and for each folded character the index in `text` it came from."""
    folded: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text or ""):
        out = _fold_char(char)
        if out:
            folded.append(out)
            positions += [index] * len(out)
    return "".join(folded), positions


def fold(text: str) -> str:
    """The one form every spelling of `text` shares."""
    return fold_with_positions(text)[0]


# The definite article and the particles written joined to it: "الحكومة", "والحكومة",
# "بالحكومة", "للحكومة". A word is also indexed without them, so "حكومة" finds "الحكومة".
_ARTICLES = ("وال", "بال", "فال", "كال", "لل", "ال")


def bare(word: str) -> str:
    """A folded word without its article (the word itself if it has none)."""
    for article in _ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 2:
            return word[len(article) :]
    return word


# The one-letter particles written joined to the next word: "وتسديدها", "فالمشروع",
# "بنظام", "لتطوير", "كمرحلة". A word of five letters or more starting with one is also
# indexed without it, so "تسديدها" finds "…وتسديدها…" on every database alike.
_CLITICS = "وفبلك"
_CLITIC_MIN = 5


def forms(word: str) -> list[str]:
    """A folded word as the index also holds it: without its article, and without a
    joined particle (a form that is not a word costs nothing: nobody searches it)."""
    found = [bare(word)]
    if word[:1] in _CLITICS and len(word) >= _CLITIC_MIN:
        found += [word[1:], bare(word[1:])]
    return [form for form in dict.fromkeys(found) if form != word]


def indexed(text: str) -> str:
    """The folded text a search index holds: `fold(text)`, then its words' other forms."""
    folded = fold(text)
    extra = [form for word in WORD.findall(folded) for form in forms(word)]
    return " ".join([folded, *dict.fromkeys(extra)]).strip()


def words(text: str) -> list[str]:
    """The folded words of `text`, in order, each once."""
    return list(dict.fromkeys(WORD.findall(fold(text))))
