"""The weekly digest: one mail a week instead of twenty.

Each focal point gets their entities' week: what falls due, what is late, what changed
and what the committee decided; the programme office and the committee's members get
the same for the whole country. Everything is read once for everybody (the reminders
owed today, the audit log's week turned into events) and then sorted by entity, so
the queries do not grow with the number of people.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marsad.notifications import events, reminders
from marsad.notifications.choices import Kind
from marsad.notifications.notices import Notice

DUE = frozenset(
    {Kind.REPORT_DUE_SOON, Kind.REPORT_DUE_TODAY, Kind.TASK_DUE_SOON, Kind.GO_LIVE_NEAR, Kind.PHASE_END_NEAR}
)
LATE = frozenset(
    {Kind.REPORT_OVERDUE, Kind.TASK_OVERDUE, Kind.GO_LIVE_MISSED, Kind.PHASE_END_MISSED, Kind.ROLLOUT_OVERDUE}
)
PARTS = [
    ("awaiting", _("Awaiting the committee's decision")),
    ("due", _("Falling due")),
    ("late", _("Late")),
    ("changed", _("What changed this week")),
    ("decided", _("What the committee decided")),
]
SHOWN = 25  # items per part; the rest are counted, with a link to the page that lists them


def week_key(today: datetime.date) -> str:
    """The digest's week, named by its digest day (MARSAD_DIGEST_WEEKDAY) on or before
    `today`: a digest written late in the week is still that week's, and sent once."""
    day = today - datetime.timedelta(days=(today.weekday() - settings.MARSAD_DIGEST_WEEKDAY) % 7)
    return f"digest:{day.isoformat()}"


def part_of(notice: Notice) -> str:
    if notice.kind == Kind.OBSTACLE_AWAITING:
        return "awaiting"
    if notice.kind in DUE:
        return "due"
    if notice.kind in LATE:
        return "late"
    return "decided" if notice.kind == Kind.DECISION else "changed"


@dataclass
class Week:
    """A week's notices, as of its last day, sorted into the digest's parts."""

    today: datetime.date
    by_entity: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    national: dict = field(default_factory=lambda: defaultdict(list))

    @property
    def first_day(self) -> datetime.date:
        return self.today - datetime.timedelta(days=6)

    def parts(self, entity_id=None) -> dict[str, list[Notice]]:
        found = self.national if entity_id is None else self.by_entity.get(entity_id, {})
        return {name: sorted(found.get(name, []), key=_order) for name, _ in PARTS}


def _order(notice: Notice):
    """By the date it is about, then as it happened (an event's key ends with its audit row)."""
    last = notice.key.rsplit(":", 1)[-1]
    return (notice.data.get("date") or notice.data.get("on") or "", int(last) if last.isdigit() else 0, notice.key)


def gather(today: datetime.date) -> Week:
    """Everything the week's digests tell, read once."""
    week = Week(today=today)
    start = timezone.make_aware(datetime.datetime.combine(week.first_day, datetime.time.min))
    end = start + datetime.timedelta(days=7)
    done = events.audit_rows().filter(occurred_at__gte=start, occurred_at__lt=end)
    for notice in [*reminders.due(today), *events.interpret(done)]:
        part = part_of(notice)
        week.national[part].append(notice)
        told = notice.entities if notice.readers is None else notice.entities & notice.readers
        for entity_id in told:
            week.by_entity[entity_id][part].append(notice)
    return week
