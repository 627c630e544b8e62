"""The entry grid: one period's values of an indicator, a cell per breakdown."""

import itertools
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from marsad.lib.numbers import NotANumber, parse_number

Cell = tuple[str, str, str]  # the breakdown's codes, blank past the indicator's dimensions


def cells_of(dimensions) -> list[tuple[Cell, list[str]]]:
    """Every cell of the breakdown, as (codes, names), in the dimensions' order."""
    if not dimensions:
        return [(("", "", ""), [])]
    choices = [[(value.code, value.name) for value in dimension.values.all()] for dimension in dimensions]
    cells = []
    for combination in itertools.product(*choices):
        codes = [code for code, _name in combination]
        codes += [""] * (3 - len(codes))
        cells.append((tuple(codes), [name for _code, name in combination]))
    return cells


def plain(value: Decimal | None) -> str:
    """A stored value as it is typed back: 120, 12.5 (no trailing zeros)."""
    if value is None:
        return ""
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f").rstrip("0")


class NumberField(forms.CharField):
    """A number as people type it (`lib.numbers`); blank is None."""

    def to_python(self, value):
        try:
            return parse_number(super().to_python(value))
        except NotANumber as refused:
            raise ValidationError(str(refused)) from None


class MeasurementGridForm(forms.Form):
    """Cells `cell-N`, each sent with `was-N`, the value it showed when the page was
    opened: the save then refuses to overwrite a value someone changed meanwhile
    (`services.grid_save`)."""

    def __init__(self, data=None, *, indicator, stored: dict[Cell, Decimal]):
        super().__init__(data)
        self.indicator, self.stored = indicator, stored
        self.dimensions = list(indicator.dimensions.all())
        self.cells = cells_of(self.dimensions)
        for index, (_cell, names) in enumerate(self.cells):
            self.fields[f"cell-{index}"] = NumberField(required=False, label=" · ".join(names) or indicator.name)
            self.fields[f"was-{index}"] = forms.CharField(required=False)

    def problems(self) -> list[str]:
        """Each refused cell, named: `Web portal · Damascus: Enter a number.`"""
        return [
            _("%(cell)s: %(problem)s") % {"cell": self.fields[name].label, "problem": message}
            for name, messages in self.errors.items()
            for message in messages
        ]

    def entries(self) -> dict[Cell, Decimal | None]:
        return {cell: self.cleaned_data.get(f"cell-{index}") for index, (cell, _names) in enumerate(self.cells)}

    def opened(self) -> dict[Cell, Decimal | None]:
        """What each cell showed when opened (a value we wrote into the page; nonsense is none)."""
        found = {}
        for index, (cell, _names) in enumerate(self.cells):
            try:
                found[cell] = parse_number(self.cleaned_data.get(f"was-{index}"))
            except NotANumber:
                found[cell] = None
        return found

    def names_of(self, cells) -> list[str]:
        names = dict(self.cells)
        return [" · ".join(names[cell]) or self.indicator.name for cell in cells]

    # --- the grid as the page lays it out: rows by the first dimensions, columns by the last

    def columns(self) -> list[str]:
        if not self.dimensions:
            return [_("Value")]
        return [value.name for value in self.dimensions[-1].values.all()]

    def row_header(self) -> str:
        return " · ".join(dimension.name for dimension in self.dimensions[:-1])

    def rows(self) -> list[dict]:
        width = len(self.columns())
        rows = []
        for start in range(0, len(self.cells), width):
            group = self.cells[start : start + width]
            if len(self.dimensions) > 1:
                label = " · ".join(group[0][1][:-1])
            else:
                label = "" if self.dimensions else self.indicator.name
            rows.append(
                {"label": label, "cells": [self._cell(start + offset, *cell) for offset, cell in enumerate(group)]}
            )
        return rows

    def _cell(self, index: int, cell: Cell, names: list[str]) -> dict:
        shown = plain(self.stored.get(cell))
        typed = (self.data.get(f"cell-{index}") or "").strip() if self.is_bound else None
        return {"index": index, "value": shown if typed is None else typed, "was": shown, "name": " · ".join(names)}
