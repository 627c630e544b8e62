from django.contrib import admin

from marsad.indicators.models import Dimension, DimensionValue, Indicator, Target
from marsad.search.admin_search import FoldedSearch
from marsad.web.admin import ScopedAdmin


class DimensionInline(admin.TabularInline):
    model = Dimension
    extra = 0
    fields = ["position", "code", "name_ar", "name_en"]
    show_change_link = True


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ["period", "value"]


@admin.register(Indicator)
class IndicatorAdmin(FoldedSearch, ScopedAdmin):
    """Definitions: the programme office's. Values are entered on the indicator's page,
    imported, or sent through the API."""

    list_display = ["code", "name_ar", "owner", "unit", "frequency", "aggregation", "is_headline", "locked_through"]
    list_filter = ["unit", "frequency", "aggregation", "is_headline", "is_public"]
    search_fields = ["code", "name_ar", "name_en"]
    list_select_related = ["owner"]
    raw_id_fields = ["owner", "strategy", "numerator", "denominator"]
    filter_horizontal = ["projects", "feed_tokens"]
    readonly_fields = ["locked_through"]
    inlines = [DimensionInline, TargetInline]


class DimensionValueInline(admin.TabularInline):
    model = DimensionValue
    extra = 0
    fields = ["order", "code", "name_ar", "name_en"]


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ["indicator", "position", "code", "name_ar"]
    list_select_related = ["indicator"]
    raw_id_fields = ["indicator"]
    inlines = [DimensionValueInline]
