from typing import Any

from babel.dates import get_month_names
from django import forms
from django.utils.translation import gettext_lazy as _

from marsad.lib.dates import day_first_as_iso
from marsad.lib.formatting import babel_locale


class DateInput(forms.DateInput):
    """Day/month/year, never month first: a plain field showing 11/06/2027, whatever
    the browser's own locale (a browser's date picker shows mm/dd/yyyy to an English
    Chromium, and a Syrian reader takes 06/11 for the 6th of November). It accepts
    day/month/year with "/", "-" or "." and Arabic-Indic digits, and the ISO form the
    API and bookmarks use; `date-words.js` writes the date in words beside it, with
    the Levantine month names in Arabic, so a slip shows before saving."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None, **kwargs: Any) -> None:
        base = {"inputmode": "numeric", "autocomplete": "off", "dir": "ltr", "data-date": "", "class": "form-control"}
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y")

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]["attrs"]
        widget.setdefault("placeholder", str(_("dd/mm/yyyy")))
        widget["data-invalid"] = str(_("Not a date: write the day, then the month, then the year."))
        months = get_month_names("wide", locale=babel_locale())
        widget["data-months"] = "|".join(months[number] for number in range(1, 13))
        return context

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        raw = super().value_from_datadict(data, files, name)
        # ISO, blank or wrong stays as typed: the date field says which.
        return day_first_as_iso(raw) if isinstance(raw, str) else raw
