from django.contrib import admin

from marsad.lib.admin import ScopedAdmin
from marsad.public.models import Disclosure


@admin.register(Disclosure)
class DisclosureAdmin(ScopedAdmin):
    list_display = ["kind", "object_id", "shown", "updated_at", "updated_by"]
    list_filter = ["kind"]
    readonly_fields = ["updated_at", "updated_by"]
