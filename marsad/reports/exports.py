"""The programme office's review queue as a spreadsheet."""

from django.utils import timezone
from django.utils.translation import gettext as _


def review_rows(reports):
    yield [
        _("Project code"), _("Project"), _("Owner entity"), _("Period"), _("Execution %"), _("Submitted at"),
        _("Days waiting"),
    ]  # fmt: skip
    now = timezone.now()
    for r in reports.iterator(chunk_size=1000):
        yield [
            r.project.code, r.project.name, r.project.owner.name, r.period_start, r.percent_complete, r.submitted_at,
            (now - r.submitted_at).days if r.submitted_at else None,
        ]  # fmt: skip
