"""Numbers as people type them, read one way by the API, the entry grid, CSV and Excel.

A clerk in Damascus types "3,615,100", "٣٬٦١٥٬١٠٠", "12٫5" or "42%"; a spreadsheet
hands over 3615100 or 42.5. All of them are read here, so a value accepted by one way
in is accepted by every other, with the same result, and refused with the same words:

- digits: Western (0-9), Arabic-Indic (٠-٩) and Eastern Arabic-Indic (۰-۹);
- thousands separators "," and the Arabic "٬", only between groups of three digits (so
  "1,5", a European decimal comma, is refused rather than read as 15);
- decimal separators "." and the Arabic "٫";
- a trailing percent sign "%" or "٪" says the number is a percentage: "42%" is 42;
- a sign, an exponent (Excel writes 1E+06 into CSV), and the direction marks Arabic
  text carries when copied.

Anything else is refused with `NotANumber`, whose message names no field: each way in
puts it against its own field, cell or row.
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

# Arabic-Indic and Eastern Arabic-Indic digits, the Arabic separators, the minus sign,
# and the invisible direction marks (LRM, RLM, ALM) dropped.
_TRANSLATION = str.maketrans(
    {
        **{chr(0x0660 + n): str(n) for n in range(10)},
        **{chr(0x06F0 + n): str(n) for n in range(10)},
        "٬": ",",
        "٫": ".",
        "٪": "%",
        "−": "-",
        "\u200e": None,
        "\u200f": None,
        "\u061c": None,
        "\u2066": None,
        "\u2067": None,
        "\u2068": None,
        "\u2069": None,
    }
)
_DIGITS = str.maketrans(
    {**{chr(0x0660 + n): str(n) for n in range(10)}, **{chr(0x06F0 + n): str(n) for n in range(10)}}
)
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
MESSAGE = _("Enter a number.")


class NotANumber(ValueError):
    """What was typed is not a number; `str()` is the message for the person."""

    def __init__(self) -> None:
        super().__init__(str(MESSAGE))

    def __str__(self) -> str:
        return str(MESSAGE)  # in the language active when it is shown


def digits_to_latin(text: str) -> str:
    """`text` with Arabic-Indic and Eastern Arabic-Indic digits written 0-9."""
    return text.translate(_DIGITS)


def parse_number(raw: object) -> Decimal | None:
    """The number `raw` holds, None when it is blank, or NotANumber."""
    if raw is None or isinstance(raw, bool):
        if raw is None:
            return None
        raise NotANumber
    number: Decimal | None
    if isinstance(raw, Decimal | int):
        number = Decimal(raw)
    elif isinstance(raw, float):
        number = Decimal(repr(raw))  # 0.1 stays 0.1, not its binary neighbour
    else:
        number = _parse_text(str(raw))
    if number is not None and not number.is_finite():
        raise NotANumber
    return number


def _parse_text(text: str) -> Decimal | None:
    text = text.translate(_TRANSLATION).strip()
    if not text:
        return None
    if text.endswith("%"):
        text = text[:-1].rstrip()
    if "," in text:
        if not _GROUPED.fullmatch(text):
            raise NotANumber
        text = text.replace(",", "")
    # (Decimal itself would take "1_000" and inner spaces; people's numbers do not.)
    if not text or "_" in text or any(char.isspace() for char in text):
        raise NotANumber
    try:
        return Decimal(text)
    except InvalidOperation:
        raise NotANumber from None
