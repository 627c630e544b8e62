"""Reads over progress reports."""

from django.db import models


class ProgressReportQuerySet(models.QuerySet):
    def accepted(self):
        return self.filter(status="accepted")

    def review_queue(self):
        """Submitted reports waiting for the programme office, oldest first."""
        return (
            self.filter(status="submitted")
            .select_related("project", "project__owner", "created_by")
            .order_by("submitted_at", "pk")
        )
