"""The rollouts matrix from a spreadsheet: one line per institution's row to move,
checked by the same `services.check_row` as the API's bulk update and saved by the
same `services.save`; every line or none."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marsad.accounts import scope
from marsad.audit.models import AuditAction
from marsad.audit.services import audit_record
from marsad.imports.spreadsheet import Column, Importer, Problem, date, text
from marsad.rollouts import services
from marsad.rollouts.models import Participant, Rollout

FIELD_COLUMNS = {"institution": "institution", "stage": "stage", "version": "institution"}


class RolloutRowsImporter(Importer):
    kind = "rollout-rows"
    model = Participant
    title = gettext_lazy("Update rollouts from Excel")
    help = gettext_lazy(
        "One row per institution whose stage, forecast or evidence changes. The template holds the rows you "
        "may update as they stand: change what moved and leave the rest. Nothing is written until you confirm, "
        "and then every row is written or none."
    )
    sheet_title = "rollouts"
    columns = [
        Column("rollout", gettext_lazy("Rollout code"), text, required=True, width=18),
        Column("institution", gettext_lazy("Institution code"), text, required=True, width=18),
        Column("stage", gettext_lazy("Stage (number or name)"), text, width=18),
        Column("stage_reached_on", gettext_lazy("Stage reached on (YYYY-MM-DD)"), date, width=20),
        Column("forecast_live", gettext_lazy("Forecast go-live (YYYY-MM-DD)"), date, width=20),
        Column("evidence", gettext_lazy("Evidence"), text, width=36),
        Column("notes", gettext_lazy("Notes"), text, width=36),
    ]

    @classmethod
    def may_import(cls, user) -> bool:
        return scope.may_change_some(user, Participant)

    def header(self, name: str) -> str:
        key = FIELD_COLUMNS.get(name, name)
        return next((str(c.header) for c in self.columns if c.key == key), "")

    def template(self) -> bytes:
        """The empty template, filled with the rows the user may update as they stand."""
        import io

        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(super().template()))
        sheet = book[self.sheet_title]
        rows = (
            scope.readable(self.user, Participant.objects.for_matrix().select_related("entity"))
            .order_by("rollout__code", "entity__code")
            .iterator(chunk_size=1000)
        )
        for number, row in enumerate((r for r in rows if scope.can_change(self.user, r)), 2):
            values = [row.rollout.code, row.entity.code, row.stage.name, row.stage_reached_on, row.forecast_live,
                      row.evidence, row.notes]  # fmt: skip
            for column, value in enumerate(values, 1):
                sheet.cell(row=number, column=column, value=value)
        output = io.BytesIO()
        book.save(output)
        return output.getvalue()

    def check(self, rows, problems):
        found = []
        bad = {p.row for p in problems}
        codes = {row.get("rollout") for row in rows if row.get("rollout")}
        rollouts = {r.code: r for r in scope.readable(self.user, Rollout.objects.filter(code__in=codes))}
        stages = {}
        for rollout in rollouts.values():
            stages[rollout.pk] = list(rollout.stages.order_by("order"))
        wanted = Q(pk__in=[])
        for row in rows:
            if row.get("rollout") in rollouts and row.get("institution"):
                wanted |= Q(rollout=rollouts[row["rollout"]], entity__code=row["institution"])
        by_rollout = {}
        in_reach = scope.readable(self.user, Participant.objects.filter(wanted))
        for participant in in_reach.select_related("entity", "stage", "rollout"):
            by_rollout.setdefault(participant.rollout_id, {})[participant.entity.code] = participant
        seen = {}
        for row in rows:
            number = row["_row"]
            if number in bad:
                continue
            rollout = rollouts.get(row.get("rollout"))
            if rollout is None:
                found.append(Problem(number, self.header("rollout"), _("No rollout has this code.")))
                continue
            values = {"institution": row["institution"]}
            values |= {name: row[name] for name in services.ROW_FIELDS if row.get(name) not in (None, "")}
            result = services.check_row(
                values,
                by_rollout.get(rollout.pk, {}),
                stages[rollout.pk],
                self.user,
                number,
                seen.setdefault(rollout.pk, {}),
            )
            if isinstance(result, dict):
                found += [
                    Problem(number, self.header(name) or name, message)
                    for name, messages in result.items()
                    for message in messages
                ]
            else:
                row["_prepared"] = result
        return found

    def write(self, rows):

        changed = 0
        for row in rows:
            prepared = row.get("_prepared")
            if prepared is None:
                continue  # the line repeats what is stored
            participant, version, before = prepared
            services.save(participant, self.user, version=version, moved_from=before)
            changed += 1
        audit_record(
            action=AuditAction.CHANGED,
            user=self.user,
            detail=_("Imported from a spreadsheet: rollout rows, %(changed)s changed.") % {"changed": changed},
        )
        return len(rows)
