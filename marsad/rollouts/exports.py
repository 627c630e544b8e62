"""CSV and Excel of the rollouts' rows, of what the reader may read."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marsad.lib import exports as lib_exports
from marsad.rollouts import filters


def row_rows(rows):
    yield [
        _("Rollout code"), _("Rollout"), _("Leading entity"), _("Deadline"), _("Institution code"),
        _("Institution"), _("Kind of institution"), _("Stage"), _("Stage number"), _("Stage reached on"),
        _("Forecast go-live"), _("Evidence"), _("Notes"),
    ]  # fmt: skip
    rows = rows.select_related("rollout__lead_entity", "entity", "stage").order_by("rollout__code", "entity__code")
    for p in rows.iterator(chunk_size=1000):
        yield [
            p.rollout.code, p.rollout.name, p.rollout.lead_entity.name, p.rollout.target_date, p.entity.code,
            p.entity.name, p.entity.get_kind_display(), p.stage.name, p.stage.order, p.stage_reached_on,
            p.forecast_live, p.evidence, p.notes,
        ]  # fmt: skip


def register() -> None:
    """The rollouts' rows, for `lib.exports` (from `RolloutsConfig.ready()`)."""
    lib_exports.register(
        lib_exports.filtered_list("rollouts", gettext_lazy("Rollouts"), filters.filtered_rows, row_rows)
    )
