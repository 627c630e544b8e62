"""Rate limits counted where every worker sees the same number: the database on one
machine, Redis when MARSAD_REDIS_URL is set (several machines). A counter kept in a
worker's own memory lets N workers allow N times the limit."""

import functools
import time

from django.conf import settings
from django.db import connection, transaction

from marsad.audit.models import RequestCount


@functools.cache
def _redis(url: str):  # type: ignore[no-untyped-def]  # redis-py's client has no stubs here
    import redis  # noqa: PLC0415 — only when Redis is configured

    return redis.Redis.from_url(url, socket_timeout=2)


def hit(key: str, *, seconds: int = 60) -> tuple[int, int]:
    """Count one request under `key` in the current window of `seconds`; returns the
    count so far (this one included) and the seconds until the window ends."""
    now = time.time()
    window = int(now // seconds)
    left = seconds - int(now % seconds)
    if settings.MARSAD_REDIS_URL:
        name = f"marsad:rate:{key}:{window}"
        with _redis(settings.MARSAD_REDIS_URL).pipeline() as pipe:
            count, _ = pipe.incr(name).expire(name, seconds + 1).execute()
        return int(count), left
    return _count_in_database(key, window), left


def _count_in_database(key: str, window: int) -> int:
    table = connection.ops.quote_name(RequestCount._meta.db_table)
    # One statement, atomic on SQLite and PostgreSQL alike: no read-then-write race
    # between workers.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO {table} ("key", "slot", "count") VALUES (%s, %s, 1) '  # noqa: S608 — our table name
            f'ON CONFLICT ("key", "slot") DO UPDATE SET "count" = {table}."count" + 1 RETURNING "count"',
            [key, window],
        )
        (count,) = cursor.fetchone()
        if count == 1:  # a new window for this key: forget the windows that have ended
            RequestCount.objects.filter(slot__lt=window - 1).delete()
    return int(count)
