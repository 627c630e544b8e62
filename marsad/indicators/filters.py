import django_filters
from django.utils.translation import gettext_lazy as _

from marsad.indicators.choices import Frequency
from marsad.indicators.models import Indicator
from marsad.lib.filters import StyledFilterSet
from marsad.portfolio.models import Entity, Strategy


class IndicatorFilter(StyledFilterSet):
    owner = django_filters.ModelChoiceFilter(
        label=_("Owner entity"), queryset=Entity.objects.all(), to_field_name="code", empty_label=_("All")
    )
    strategy = django_filters.ModelChoiceFilter(
        label=_("Strategy"), queryset=Strategy.objects.all(), to_field_name="code", empty_label=_("All")
    )
    frequency = django_filters.ChoiceFilter(label=_("Frequency"), choices=Frequency.choices, empty_label=_("All"))

    class Meta:
        model = Indicator
        fields = ["owner", "strategy", "frequency"]
