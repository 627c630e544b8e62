import subprocess
import unicodedata

import pytest


class PdfText(str):
    """The text of a PDF, as `pdftotext -enc UTF-8` reads it (logical order).

    `phrase in text` compares letters and digits only, in their order: pdftotext
    breaks lines where the page does, now and then reads a gap inside an Arabic word
    where a ligature's width meets its neighbour's ("الضر يبية"), puts a full stop
    after a number on its left (".2027"), and lifts vowel marks off their letters. The
    page shows none of these; the letters, digits and their order must all be there."""

    def __contains__(self, phrase: str) -> bool:
        return _letters(phrase) in _letters(self)


def _letters(text: str) -> str:
    return "".join(char for char in text if unicodedata.category(char)[0] in "LN")


def pdf_pages(data: bytes) -> list[PdfText]:
    """Each page's text (pdftotext ends every page with a form feed)."""
    return [PdfText(page) for page in pdf_text(data, joined=False).split("\f")[:-1]]


def pdf_text(data: bytes, joined: bool = True) -> PdfText:
    out = subprocess.run(  # noqa: S603 — poppler's pdftotext, fixed arguments
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        check=True,  # noqa: S607
    ).stdout.decode()
    # pdftotext marks right-to-left runs with bidi embedding characters; a reader never sees them.
    for mark in "\u202a\u202b\u202c\u202d\u202e\u200e\u200f":
        out = out.replace(mark, "")
    return PdfText(" ".join(out.split()) if joined else out)


def read(document) -> bytes:
    with document.file.open("rb") as stored:
        return stored.read()


@pytest.fixture
def public_obstacle_world(world):
    """A public project of the Ministry of Finance (every focal point reads it) with an
    obstacle only Finance may read."""
    from marsad.obstacles.models import Obstacle

    world.tax.is_public = True
    world.tax.save()
    world.private_obstacle = Obstacle.objects.create(
        project=world.tax,
        title="خلاف على ملكية خوادم الضرائب",
        category="infrastructure",
        raised_on=world.today,
    )
    return world
