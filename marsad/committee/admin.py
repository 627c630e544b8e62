from django.contrib import admin

from marsad.committee.models import Committee
from marsad.web.admin import ScopedAdmin


# Committees formed by a decision appear here too; this is where an administrator
# corrects a committee's members or chair. Meetings, decisions and tasks are kept on
# their pages, where applying and annulling go through the decision service.
@admin.register(Committee)
class CommitteeAdmin(ScopedAdmin):
    list_display = ["code", "name_ar", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name_ar", "name_en"]
    filter_horizontal = ["members"]
    readonly_fields = ["formed_by"]
