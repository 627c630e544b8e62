"""One log format for every process (gunicorn's master and workers, Django, the job
workers, commands): the time in UTC with its offset, the level, the request id (or
"-"), the logger and the message — or the same as one JSON object per line when
MARSAD_LOG_JSON=1, for a log collector.

Nothing here imports Django: gunicorn's master loads it (deploy/gunicorn.conf.py)."""

import datetime
import json
import logging
from typing import Any

PLAIN = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"


def _utc(record: logging.LogRecord) -> str:
    moment = datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC)
    return moment.isoformat(timespec="milliseconds")  # 2026-12-01T21:14:57.123+00:00


class UtcFormatter(logging.Formatter):
    def __init__(self, fmt: str = PLAIN, *args: Any, **kwargs: Any) -> None:
        super().__init__(fmt, *args, **kwargs)

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802 — logging's name
        return _utc(record)

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = "-"
        return super().format(record)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": _utc(record),
            "level": record.levelname,
            "request_id": getattr(record, "request_id", "-"),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def logging_config(*, level: str = "INFO", as_json: bool = False) -> dict[str, Any]:
    """The `LOGGING` dict (Django) and `logconfig_dict` (gunicorn) alike."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "marsad.audit.context.RequestIdLogFilter"},
            "outage": {"()": "marsad.lib.outage.OutageLogFilter"},
        },
        "formatters": {
            "marsad": {"()": "marsad.lib.logs.JsonFormatter" if as_json else "marsad.lib.logs.UtcFormatter"}
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "marsad"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # The audit log already records every sign-in; axes need only report trouble.
            "axes": {"level": "WARNING"},
            # A request that failed because the database is away or the disk is full: one
            # line naming the cause, no traceback.
            "django.request": {"filters": ["outage"]},
            # gunicorn's own loggers, through the same handler (no second copy of each line).
            "gunicorn.error": {"handlers": ["console"], "level": level, "propagate": False},
            "gunicorn.access": {"handlers": ["console"], "level": level, "propagate": False},
        },
    }
