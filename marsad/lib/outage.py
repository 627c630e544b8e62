"""What an outage looks like from a request, in one place: the database away (the
error pages answer 503 with Retry-After) or no room to store files (507), each said in
one log line.

Imports nothing but django.db: the logging configuration loads it before the apps."""

import errno
import logging

from django.db import InterfaceError, OperationalError

# How long a client is told to wait before trying again (seconds).
RETRY_AFTER = 30


def is_database_outage(exception: BaseException | None) -> bool:
    """The database could not be reached or could not answer (connection refused or
    lost, the server shutting down, a lock or statement timeout): nothing the person
    sent is wrong, and the same request later may well succeed."""
    return isinstance(exception, OperationalError | InterfaceError)


class QueueUnavailable(Exception):
    """The job queue (Redis) could not be reached to start a job. The job is recorded
    and the periodic sweep puts it on the queue once it answers again."""


# No room (disk or quota full) or no writing at all (a read-only volume).
_STORAGE_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}


def is_storage_full(exception: BaseException | None) -> bool:
    return isinstance(exception, OSError) and exception.errno in _STORAGE_FULL


def first_line(exception: BaseException) -> str:
    return (str(exception).strip().splitlines() or [type(exception).__name__])[0]


class OutageLogFilter(logging.Filter):
    """A failed request during an outage is one log line naming the cause, not the
    hundred lines of a chained traceback (a 20-second outage under load was 71,187)."""

    def filter(self, record: logging.LogRecord) -> bool:
        exception = record.exc_info[1] if record.exc_info else None
        cause = None
        if is_database_outage(exception):
            cause = "database unavailable"
        elif is_storage_full(exception):
            cause = "no room to store files"
        if exception is not None and cause:
            record.msg = f"{record.getMessage()} ({cause}: {first_line(exception)})"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True
