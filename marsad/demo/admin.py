from django.contrib import admin

from marsad.demo.models import DemoLoad


@admin.register(DemoLoad)
class DemoLoadAdmin(admin.ModelAdmin):
    list_display = ["loaded_on", "meeting_date"]
