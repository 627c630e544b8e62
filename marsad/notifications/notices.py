"""A notice: one thing that happened or is owed, and who should hear of it.

Reminders (from dates) and events (from the audit log) are both notices. Who hears of
one is decided here, once: the active focal points of the entities it concerns — but
only of those entities that may read the record (`scope.entities_reading`), so nobody
hears of another ministry's private records — and, where the notice says so, the
programme office and the committee's members. The person who did the thing is not
told of it.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from marsad.accounts.models import Role, User


@dataclass(frozen=True)
class Notice:
    kind: str
    key: str  # the event and its record and date: one notice per person, ever
    entities: frozenset = frozenset()
    data: dict = field(default_factory=dict, hash=False, compare=False)
    url: str = ""
    programme_office: bool = False
    committee: bool = False
    # The entities that may read the record; None: everyone signed in may.
    readers: frozenset | None = None
    actor_id: int | None = None


def named(record, **more) -> dict:
    """What a notice's text names, in both languages."""
    return {"name_ar": record.name_ar, "name_en": record.name_en or record.name_ar, **more}


def recipients(notices: list[Notice]) -> dict[Notice, list[int]]:
    """Who hears of each notice (three queries, however many notices and people)."""
    entity_ids = {entity_id for notice in notices for entity_id in notice.entities}
    focal = defaultdict(set)
    links = User.entities.through.objects.filter(
        entity_id__in=entity_ids, user__role=Role.FOCAL_POINT, user__is_active=True
    ).values_list("entity_id", "user_id")
    for entity_id, user_id in links:
        focal[entity_id].add(user_id)
    wanted = {Role.PMO} if any(notice.programme_office for notice in notices) else set()
    wanted |= {Role.COMMITTEE} if any(notice.committee for notice in notices) else set()
    office = defaultdict(set)
    for user_id, role in User.objects.filter(role__in=wanted, is_active=True).values_list("pk", "role"):
        office[role].add(user_id)
    found = {}
    for notice in notices:
        told = notice.entities if notice.readers is None else notice.entities & notice.readers
        people = {user_id for entity_id in told for user_id in focal.get(entity_id, ())}
        if notice.programme_office:
            people |= office[Role.PMO]
        if notice.committee:
            people |= office[Role.COMMITTEE]
        people.discard(notice.actor_id)
        found[notice] = sorted(people)
    return found
