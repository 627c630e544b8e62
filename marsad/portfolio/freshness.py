"""Is a cached portfolio list still current? One counter row, moved by every write.

`figures.refresh` (which every write to a project or its inputs runs) and saves of
entities, strategies and programmes (whose codes and names lists show) move the
counter in the writer's transaction, so a reader sees the new count exactly when it
sees the new data. Lists cache their output under the count, the day (health and the
stale flag move with the calendar) and the reader's scope; reading the count is one
primary-key lookup. Writers to the portfolio queue on this row until they commit,
which at the committee's write rates costs nothing measurable.
"""

import hashlib

from django.db import connection
from django.db.models import F
from django.utils import timezone, translation

from marsad.accounts import scope
from marsad.accounts.models import Role
from marsad.portfolio.models import PortfolioVersion


def bump(*, projects: bool = False) -> None:
    """Move the counter; `projects`: a project itself was saved or deleted, which also
    moves the counter of what comparisons of past days depend on (`projects_current`)."""

    moved = {"version": F("version") + 1}
    if projects:
        moved["projects_version"] = F("projects_version") + 1
    if not PortfolioVersion.objects.filter(pk=1).update(**moved):
        PortfolioVersion.objects.get_or_create(pk=1, defaults={"version": 1, "projects_version": 1})


def projects_current() -> int:

    return PortfolioVersion.objects.filter(pk=1).values_list("projects_version", flat=True).first() or 0


def current() -> int:

    # Read on every cached list: the plainest query (no ORDER BY, no model instance).
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version FROM {PortfolioVersion._meta.db_table} WHERE id = 1")  # noqa: S608
        row = cursor.fetchone()
    return row[0] if row else 0


def money_current() -> int:
    return PortfolioVersion.objects.filter(pk=1).values_list("money_version", flat=True).first() or 0


def list_key(request, name: str, *, past: bool = False, money: bool = False) -> str:
    """A cache key for list `name` as `request`'s reader sees it now; `past`: the list
    reads only what past days left (snapshots, history), so only a save of a project
    itself makes it old; `money`: it reads only the projects' money and programmes, so
    only a change to those (`money_version`) makes it old."""
    user = request.user
    role = scope.role_of(user)
    # Entities matter only to the roles whose reading they bound.
    entities = sorted(scope.entity_ids(user)) if role in (Role.FOCAL_POINT, Role.VIEWER) else []
    readers_scope = f"{role}:{','.join(map(str, entities))}"
    parts = [
        name,
        f"money:{money_current()}" if money else f"projects:{projects_current()}" if past else str(current()),
        timezone.localdate().isoformat(),
        translation.get_language() or "",
        readers_scope,
        request.get_host(),
        request.get_full_path(),
    ]
    # Hashed: any cache backend takes it, whatever the query string holds.
    return "list:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()
