from django.db import models


class IndicatorQuerySet(models.QuerySet):
    def for_list(self):
        """With what a list of indicators shows: owner, strategy and formula terms."""
        return self.select_related("owner", "strategy", "numerator", "denominator")

    def for_ingest(self):
        """With the dimensions and their allowed values, to check incoming values."""
        return self.prefetch_related("dimensions__values")

    def measured(self):
        """Indicators that take values (not computed by a formula)."""
        return self.filter(numerator__isnull=True)


class MeasurementQuerySet(models.QuerySet):
    def between(self, first=None, last=None):
        """Values of periods starting from `first` through `last` (either may be open)."""
        qs = self
        if first is not None:
            qs = qs.filter(period__gte=first)
        if last is not None:
            qs = qs.filter(period__lte=last)
        return qs
