"""Records whose writes make the portfolio's kept figures and cached lists out of date.

A save marks what it changed (`marsad.lib.deferred`); the write's end does the work
once: each marked project's stored figures recomputed (`figures.refresh_now`), the
lists' counter moved (`freshness.bump`), the tally recounted after a deletion. The
handlers are registered by `PortfolioConfig.ready()`, so the models import none of
that code (it reads them).
"""

from django.db import models

from marsad.lib import deferred

FIGURES = "portfolio.figures"  # keys: ids of projects whose stored figures are out of date
LISTS = "portfolio.lists"  # keys: "records" (anything lists show), "projects" (a project itself)
TALLY = "portfolio.tally"  # key: "recount" (projects were deleted: count afresh on the next read)


class FeedsProjectFigures(models.Model):
    """A record a project's figures are computed from (the project itself, a phase, a
    report, an obstacle): saving or deleting it marks that project's figures, and the
    figures of the project it belonged to before, if it moved."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        with deferred.writing():
            super().save(*args, **kwargs)
            deferred.mark(FIGURES, [self.figures_project_id(), getattr(self, "_figures_read_for", None)])
        self._figures_read_for = self.figures_project_id()

    def delete(self, *args, **kwargs):
        project_id = self.figures_project_id()
        with deferred.writing():
            deleted = super().delete(*args, **kwargs)
            deferred.mark(FIGURES, [project_id])
        return deleted

    def figures_project_id(self) -> int | None:
        return self.__dict__.get("project_id")

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._figures_read_for = instance.figures_project_id()
        return instance


class ChangesPortfolio:
    """For records whose saves change what portfolio lists show (entities, programmes…)."""

    def save(self, *args, **kwargs):
        with deferred.writing():
            super().save(*args, **kwargs)
            deferred.mark(LISTS, ["records"])

    def delete(self, *args, **kwargs):
        with deferred.writing():
            deleted = super().delete(*args, **kwargs)
            deferred.mark(LISTS, ["records"])
        return deleted


def projects_deleted() -> None:
    """Projects are being deleted: lists and past comparisons change, and the tally is
    counted afresh (their figures' rows go with them; deletions are rare)."""
    deferred.mark(LISTS, ["projects"])
    deferred.mark(TALLY, ["recount"])
