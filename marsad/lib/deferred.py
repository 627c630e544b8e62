"""Work a write leaves for the end of its transaction, done once.

Accepting a report saves each of its project's phases, the project and the report, and
each of those changes the project's stored figures. Refreshing them after every save
would compute the same project N+2 times in one transaction. Instead a save *marks*
what it made out of date (`mark(kind, keys)`), and the write's end does each kind's
work once, for every key marked, still inside the transaction, so a reader never sees
the records without their figures.

`writing()` is a write: an atomic block that collects the marks; the outermost one
does the work when its block ends. `record_save` is a write, so is every service that
saves several records. A mark made outside any write is done at once.

Each kind's work is a handler registered by the app that owns it, in its `ready()`
(`handle(kind, handler)`), so a model can mark what it changed without importing the
code that recomputes it.
"""

import threading
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager

from django.db import transaction

Handler = Callable[[set[Hashable]], None]

_handlers: dict[str, Handler] = {}
_state = threading.local()  # one write at a time per thread, like its connection


def handle(kind: str, handler: Handler) -> None:
    """`handler(keys)` does the work of `kind` for every key marked in a write."""
    _handlers[kind] = handler


def mark(kind: str, keys: Iterable[Hashable | None]) -> None:
    """Note that `keys` need `kind`'s work: at the end of the write, or now outside one."""
    found = {key for key in keys if key is not None}
    if not found:
        return
    pending = _pending()
    if pending is None:
        _handlers[kind](found)
    else:
        pending.setdefault(kind, set()).update(found)


def _pending() -> dict[str, set[Hashable]] | None:
    return getattr(_state, "pending", None)


@contextmanager
def writing() -> Iterator[None]:
    """An atomic block whose marks are worked off once, when the outermost write ends.

    (A rolled-back savepoint inside a write keeps its marks: the work is then done for
    records that did not change after all, which recomputes what they already hold.)"""
    if _pending() is not None:
        with transaction.atomic():
            yield
        return
    _state.pending = {}
    try:
        with transaction.atomic():
            yield
            flush()
    finally:
        _state.pending = None


def flush() -> None:
    """Do the work marked so far in this write now (a service that must read what the
    work computes before its write ends); work marked by the handlers is done too."""
    pending = _pending()
    while pending:
        kind = next(iter(pending))
        _handlers[kind](pending.pop(kind))
