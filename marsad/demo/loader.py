"""Loads the demo data (marsad.demo.data) idempotently.

Every record is found by its code and written only when a value differs, so a second
run on the same day changes nothing, not even the change history.
"""

import datetime
from decimal import Decimal

from marsad.accounts.models import User
from marsad.demo import data
from marsad.demo.committee import EARLIER_MEETING, load_committee
from marsad.demo.indicators import load_indicators
from marsad.demo.models import DemoLoad
from marsad.demo.obstacles import load_obstacles
from marsad.demo.reports import load_report_history
from marsad.demo.rollouts import load_rollouts
from marsad.demo.upsert import upsert
from marsad.lib import deferred
from marsad.obstacles.services import escalate_aged
from marsad.portfolio.models import Entity, Phase, Programme, Project, Strategy

MEETING_DAYS_BEFORE_LOAD = 14


def _set_m2m(manager, wanted) -> None:
    wanted_ids = {obj.pk for obj in wanted}
    if set(manager.values_list("pk", flat=True)) != wanted_ids:
        manager.set(wanted_ids)


def _phase_rows(spec: dict, day) -> list[dict]:
    """Phase dates spread over the project's plan by weight; slippage grows with time."""
    if "custom_phases" in spec:
        rows = []
        for order, (name_ar, name_en, weight, percent, start, end, actual_end) in enumerate(spec["custom_phases"], 1):
            done = percent == 100
            rows.append(
                dict(
                    order=order,
                    name_ar=name_ar,
                    name_en=name_en,
                    weight=Decimal(weight),
                    percent_complete=Decimal(percent),
                    status="done" if done else ("in_progress" if percent else "not_started"),
                    baseline_start=day(start),
                    baseline_end=day(end),
                    forecast_start=day(start) if percent else day(start + (spec["forecast"] - spec["go_live"]) // 2),
                    forecast_end=day(actual_end) if done else day(end + spec["forecast"] - spec["go_live"]),
                    actual_start=day(start) if percent else None,
                    actual_end=day(actual_end) if done else None,
                )
            )
        return rows
    start, go_live, slip = spec["start"], spec["go_live"], spec["forecast"] - spec["go_live"]
    total_weight = sum(weight for _ar, _en, weight in data.STANDARD_PHASES)
    rows, done_weight = [], 0
    for order, ((name_ar, name_en, weight), percent) in enumerate(
        zip(data.STANDARD_PHASES, spec["phases"], strict=True), 1
    ):
        before, after = done_weight / total_weight, (done_weight + weight) / total_weight
        done_weight += weight
        planned_start = start + round((go_live - start) * before)
        planned_end = start + round((go_live - start) * after)
        forecast_start, forecast_end = planned_start + round(slip * before), planned_end + round(slip * after)
        finished = percent == 100
        rows.append(
            dict(
                order=order,
                name_ar=name_ar,
                name_en=name_en,
                weight=Decimal(weight),
                percent_complete=Decimal(percent),
                status="done" if finished else ("in_progress" if percent else "not_started"),
                baseline_start=day(planned_start),
                baseline_end=day(planned_end),
                forecast_start=day(forecast_start),
                forecast_end=day(forecast_end),
                actual_start=day(forecast_start) if percent else None,
                actual_end=day(min(forecast_end, -1 if spec["status"] != "in_service" else forecast_end))
                if finished
                else None,
            )
        )
    return rows


SECTIONS = 10  # what `load_demo` tells its progress: one step per kind of record


@deferred.writing()
def load_demo(*, today: datetime.date, progress=None) -> dict[str, int]:
    """Load or refresh the demo; returns how many records were written per kind.
    `progress(done, total)` is told as each kind of record is loaded."""
    meeting = today - datetime.timedelta(days=MEETING_DAYS_BEFORE_LOAD)
    steps = iter(range(1, SECTIONS + 1))

    def step():
        # Each kind of record is loaded from what the kinds before it left, stored
        # figures included: the work their saves marked is done before the next.
        deferred.flush()
        if progress:
            progress(next(steps), SECTIONS)

    def day(offset):
        return None if offset is None else meeting + datetime.timedelta(days=offset)

    written = {"entities": 0, "strategies": 0, "programmes": 0, "projects": 0, "phases": 0, "users": 0}

    entities: dict[str, Entity] = {}
    for code, name_ar, name_en, kind, parent in data.ENTITIES:
        entities[code], changed = upsert(
            Entity,
            {"code": code},
            {"name_ar": name_ar, "name_en": name_en, "kind": kind, "parent": entities.get(parent)},
        )
        written["entities"] += changed

    step()
    strategies = {}
    for spec in data.STRATEGIES:
        values = {**spec, "owner": entities[spec["owner"]], "adopted_on": day(spec["adopted_on"])}
        if spec["status"] == "draft" and Strategy.objects.filter(code=spec["code"]).exists():
            # Adopted by a committee decision: the decision owns its status from then on.
            del values["status"], values["adopted_on"]
        strategies[spec["code"]], changed = upsert(Strategy, {"code": values.pop("code")}, values)
        written["strategies"] += changed

    step()
    programmes = {}
    for code, name_ar, name_en, order in data.PROGRAMMES:
        programmes[code], changed = upsert(
            Programme,
            {"code": code},
            {"name_ar": name_ar, "name_en": name_en, "order": order, "strategy": strategies["NDTS"]},
        )
        written["programmes"] += changed

    step()
    for spec in data.PROJECTS:
        values = {
            "name_ar": spec["name_ar"],
            "name_en": spec["name_en"],
            "description": spec.get("description", ""),
            "owner": entities[spec["owner"]],
            "programme": programmes[spec["programme"]],
            "plan_year": spec.get("plan_year"),
            "is_priority": spec.get("priority", False),
            "status": spec["status"],
            "reported_percent": Decimal(spec["reported"]) if "reported" in spec else None,
            "original_baseline_start": day(spec["start"]),
            "original_baseline_go_live": day(spec["go_live"]),
            "baseline_start": day(spec["start"]),
            "baseline_go_live": day(spec["go_live"]),
            "forecast_start": day(spec["start"]),
            "forecast_go_live": day(spec["forecast"]),
            "actual_start": day(spec["start"]) if spec["start"] <= 0 else None,
            "actual_go_live": day(spec.get("actual")),
            "funding_currency": "SYP",
            "funding_allocated": Decimal(spec["funding"][0]) if "funding" in spec else None,
            "funding_spent": Decimal(spec["funding"][1]) if "funding" in spec else None,
            "owner_health": spec.get("own", ""),
            "pmo_health": spec.get("pmo", ""),
            "is_public": spec.get("public", False),
        }
        exists = Project.objects.filter(code=spec["code"]).exists()
        if spec.get("decided") and exists:
            # Included by a committee decision: the decision owns these fields now.
            for name in ("status", "plan_year", "funding_allocated", "funding_spent"):
                del values[name]
        if not exists:
            # First load: the project as it stood before the committee's previous
            # meeting, then as it stands now, so "changes since the last meeting" and
            # the portfolio as of a past date have something true to show.
            _first_load(spec, values, day)
            changed = True
        project, changed_now = upsert(Project, {"code": spec["code"]}, values)
        written["projects"] += changed or changed_now
        _set_m2m(project.participants, [entities[code] for code in spec.get("participants", [])])
        if "phases" in spec or "custom_phases" in spec:
            for row in _phase_rows(spec, day):
                order = row.pop("order")
                new = not Phase.objects.filter(project=project, order=order).exists()
                if new:
                    _phase_first_load(project, order, row, day)
                _phase, changed = upsert(Phase, {"project": project, "order": order}, row)
                written["phases"] += changed or new

    step()
    for username, first, last, role, entity_codes, staff in data.USERS:
        if not User.objects.filter(username=username).exists():
            User.objects.create_user(username=username, password=data.DEMO_PASSWORD)
        user, changed = upsert(
            User,
            {"username": username},
            {
                "first_name": first,
                "last_name": last,
                "role": role,
                "is_staff": staff,
                "is_superuser": staff,
                "is_active": True,
                # A reserved domain: the demo writes its mails to a folder, never sends them.
                "email": f"{username}@marsad.example",
            },
        )
        if not user.check_password(data.DEMO_PASSWORD):
            user.set_password(data.DEMO_PASSWORD)
            user.save(update_fields=["password"])
            changed = True
        _set_m2m(user.entities, [entities[code] for code in entity_codes])
        written["users"] += changed

    focal_points = User.objects.filter(role="focal_point", username__in=[row[0] for row in data.USERS])
    writers = {entity.pk: user for user in focal_points for entity in user.entities.all()}
    step()
    written["reports"] = load_report_history(today=today, reviewer=User.objects.get(username="pmo"), writers=writers)
    step()
    written["obstacles and requirements"] = load_obstacles(meeting=meeting, pmo=User.objects.get(username="pmo"))
    step()
    written["indicator values"] = load_indicators(
        meeting=meeting, feed_user=User.objects.get(username="feed.csc"), pmo=User.objects.get(username="pmo")
    )
    step()
    written["committee"] = load_committee(meeting=meeting, pmo=User.objects.get(username="pmo"))
    step()
    written["rollouts"] = load_rollouts(meeting=meeting, pmo=User.objects.get(username="pmo"))
    # As the daily job would have: no obstacle sits past its level's limit unescalated.
    deferred.flush()
    written["escalations"] = len(escalate_aged(today))
    upsert(DemoLoad, {"pk": 1}, {"loaded_on": today, "meeting_date": meeting})
    step()
    return written


# When the first load says the records were written: before the earlier meeting, and
# a week before the meeting (the last accepted reports).
BEFORE_EARLIER_MEETING = EARLIER_MEETING - 30
LAST_UPDATE = -7


def _first_load(spec, values, day) -> None:
    """Write the project as it stood before the earlier meeting, then as it is now."""
    earlier = dict(values)
    if "earlier_forecast" in spec:
        earlier["forecast_go_live"] = day(spec["earlier_forecast"])
    earlier["pmo_health"] = spec.get("earlier_pmo", values["pmo_health"])
    earlier["status"] = spec.get("earlier_status", values["status"])
    if values.get("reported_percent"):
        earlier["reported_percent"] = max(Decimal(0), values["reported_percent"] - 10)
    # Proposals came in shortly before the meeting that included them.
    written_on = day(-30) if spec.get("decided") else day(BEFORE_EARLIER_MEETING)
    upsert(Project, {"code": spec["code"]}, earlier, history_date=_moment(written_on))
    if not spec.get("decided"):
        upsert(Project, {"code": spec["code"]}, values, history_date=_moment(day(LAST_UPDATE)))


def _phase_first_load(project, order, row, day) -> None:
    """The phase as it stood before the earlier meeting: a phase finished since was
    still under way; one under way was some way behind where it is now."""
    earlier = dict(row)
    finished_since = row["actual_end"] is not None and row["actual_end"] > day(EARLIER_MEETING)
    if finished_since:
        earlier.update(percent_complete=Decimal(80), status="in_progress", actual_end=None)
    elif 0 < row["percent_complete"] < 100:
        percent = max(Decimal(0), row["percent_complete"] - 15)
        earlier.update(percent_complete=percent, status="in_progress" if percent else "not_started")
    upsert(Phase, {"project": project, "order": order}, earlier, history_date=_moment(day(BEFORE_EARLIER_MEETING)))
    upsert(Phase, {"project": project, "order": order}, row, history_date=_moment(day(LAST_UPDATE)))


def _moment(date: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(date, datetime.time(10, 0), tzinfo=datetime.UTC)
