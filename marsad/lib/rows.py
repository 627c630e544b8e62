"""A row or two read on every request, without the ORM's query compiler.

For a lookup by a unique key, compiling the queryset costs more than the query itself
(half of an API request served from the cache went to compiling the token's lookup).
Here the SQL is written by hand once, and each row is turned into model instances with
the converters the ORM itself applies (SQLite's timestamps made aware, and so on), so
what comes back is what the queryset would have given.
"""

from collections.abc import Sequence
from functools import cache
from typing import Any

from django.db import connection, models


def columns(model: type[models.Model], alias: str) -> str:
    """`alias.col1, alias.col2, …`: every concrete column of `model`, in field order."""
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(field.column)}" for field in model._meta.concrete_fields)


@cache
def _converters(model: type[models.Model], vendor: str) -> list[tuple[Any, list[Any]]]:
    found = []
    for field in model._meta.concrete_fields:
        column = field.get_col(model._meta.db_table)
        found.append((column, connection.ops.get_db_converters(column) + column.get_db_converters(connection)))
    return found


def fetch_one(sql: str, params: Sequence[Any], models_in_row: Sequence[type[models.Model]]) -> list[Any] | None:
    """Run `sql` (whose SELECT lists `columns(model, …)` for each of `models_in_row`, in
    that order) and return one instance of each from its first row, or None."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    instances, position = [], 0
    for model in models_in_row:
        values = []
        for column, converters in _converters(model, connection.vendor):
            value = row[position]
            position += 1
            for converter in converters:
                value = converter(value, column, connection)
            values.append(value)
        names = [field.attname for field in model._meta.concrete_fields]
        instances.append(model.from_db(connection.alias, names, values))
    return instances
