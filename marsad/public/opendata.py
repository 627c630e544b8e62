"""The public content as open data: CSV and JSON files under stable addresses, described
by a Frictionless Data Package (https://specs.frictionlessdata.io/data-package/).

Every file is built from the rows of `content`, so a field masked for a record is an
empty cell in the CSV and an absent key in the JSON.
"""

import datetime
import itertools
import json
from collections.abc import Iterator

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext as _

from marsad.lib import exports
from marsad.public import fields

# Column -> Frictionless type; anything not named is a string.
TYPES = {
    "execution_percent": "number",
    "funding_allocated": "number",
    "funding_spent": "number",
    "latest_value": "number",
    "target_value": "number",
    "cumulative": "number",
    "value": "number",
    "target": "number",
    "open_obstacles": "integer",
    "number": "integer",
    "public_projects": "integer",
    "start_year": "integer",
    "end_year": "integer",
    "expected_go_live": "date",
    "actual_go_live": "date",
    "baseline_go_live": "date",
    "latest_period": "date",
    "period": "date",
    "date": "date",
    "adopted_on": "date",
    "validated": "boolean",
}


def _resources():
    """name -> (title, columns, primary key, rows picked from the content)."""
    return {
        "strategies": (
            _("Strategies"),
            ["code", "name_ar", "name_en", "description", "start_year", "end_year", "adopted_on"],
            ["code"],
            lambda content: content["strategies"],
        ),
        "programmes": (
            _("Programmes"),
            ["strategy", "code", "name_ar", "name_en", "description", "public_projects"],
            ["code"],
            lambda content: [programme for strategy in content["strategies"] for programme in strategy["programmes"]],
        ),
        "projects": (_("Projects"), fields.all_columns("project"), ["code"], lambda content: content["projects"]),
        "indicators": (
            _("Indicators"),
            fields.all_columns("indicator"),
            ["code"],
            lambda content: content["indicators"],
        ),
        "indicator-values": (
            _("Indicator values per period"),
            ["indicator", "period", "value", "target", "validated"],
            ["indicator", "period"],
            lambda content: content["values"],
        ),
        "decisions": (
            _("Published decisions of the committee"),
            fields.all_columns("decision"),
            ["meeting", "number"],
            lambda content: content["decisions"],
        ),
    }


NAMES = ("strategies", "programmes", "projects", "indicators", "indicator-values", "decisions")


def rows(name: str, content: dict) -> tuple[list[str], list[dict]]:
    _title, columns, _key, pick = _resources()[name]
    return columns, pick(content)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return str(value)


def csv_chunks(name: str, content: dict) -> Iterator[bytes]:
    """Through the one CSV writer (marsad.lib.exports), which neutralises text a
    spreadsheet would run as a formula: a focal point's "=HYPERLINK(…)" stays text.
    Written as the rows are read (`content.everything(streamed=True)`)."""
    columns, found = rows(name, content)
    table = itertools.chain([columns], ([_cell(row.get(column)) for column in columns] for row in found))
    return exports.csv_chunks(table, byte_order_mark=False)


def json_chunks(name: str, content: dict) -> Iterator[bytes]:
    """A JSON array of the records, written a record at a time."""
    columns, found = rows(name, content)
    yield b"["
    for index, row in enumerate(found):
        # A masked field is absent from its record, not null: null means "not known".
        record = {column: row[column] for column in columns if column in row}
        text = json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
        yield (("," if index else "") + "\n" + text).encode()
    yield b"\n]\n"


def as_csv(name: str, content: dict) -> str:
    return b"".join(csv_chunks(name, content)).decode()


def as_json(name: str, content: dict) -> str:
    return b"".join(json_chunks(name, content)).decode()


def package(content: dict, built_at: datetime.datetime) -> dict:
    licence = settings.MARSAD_OPEN_DATA_LICENCE
    resources = []
    for name in NAMES:
        title, columns, key, _pick = _resources()[name]
        resources.append(
            {
                "name": name,
                "title": str(title),
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [{"name": column, "type": TYPES.get(column, "string")} for column in columns],
                    "primaryKey": key,
                    "missingValues": [""],
                },
                # The same rows as JSON, at the same address with .json.
                "alternates": [{"path": f"{name}.json", "format": "json", "mediatype": "application/json"}],
                "last_updated": built_at.isoformat(),
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "marsad-public",
        "title": str(_("Digital transformation: public follow-up data")),
        "description": str(
            _(
                "The national digital-transformation strategy, its public projects and indicators and the "
                "committee's published decisions, as the programme office publishes them. A field the programme "
                "office does not publish for a record is left empty."
            )
        ),
        "licenses": [licence],
        "created": built_at.isoformat(),
        "last_updated": built_at.isoformat(),
        "resources": resources,
    }


def built_now() -> datetime.datetime:
    return timezone.now().replace(microsecond=0)


def title(name: str) -> str:
    """A file's title in the reader's language ("Projects"), as its description says."""
    return str(_resources()[name][0])
