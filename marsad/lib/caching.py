"""What a page computes once and keeps a while, under a key that says what it was made
from (a list's key holds the portfolio's counter, the day and the reader's scope:
`portfolio.freshness.list_key`), so a changed input makes a new key rather than a
stale answer."""

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")

CACHE_SECONDS = 300


def cached(key: str, build: Callable[[], T]) -> T:
    """What `key` holds, else `build()`, kept under `key` for CACHE_SECONDS."""
    found: T | None = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, CACHE_SECONDS)
    return found
