"""Strict readers for configuration from the environment.

A typo in a deployment's environment must stop the app at start, naming the variable,
rather than silently fall back to a default.
"""

import os

from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool = False) -> bool:
    """Read 0/1 (also false/true, no/yes); anything else is a configuration error."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 0 or 1, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str) -> list[str]:
    """Comma-separated list; blanks dropped."""
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_int_list(name: str, default: list[int], *, length: int | None = None) -> list[int]:
    """Comma-separated whole numbers, e.g. `0,30,90,180`; `length` of them when given."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return list(default)
    try:
        values = [int(item) for item in raw.split(",")]
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be comma-separated whole numbers, not {raw!r}") from None
    if length is not None and len(values) != length:
        raise ImproperlyConfigured(f"{name} must have {length} numbers, not {raw!r}")
    return values
