from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from marsad.notifications.models import Mail, MailStatus


@admin.register(Mail)
class MailAdmin(admin.ModelAdmin):
    """The outbox: what was sent, what waits, and what failed and why. Mails are written
    by the notifier alone; an administrator may only ask for failed ones to be tried again."""

    list_display = ["created_at", "to", "subject", "kind", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject", "last_error"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Mail._meta.fields]
    actions = ["try_again"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Try the failed ones again"), permissions=["view"])
    def try_again(self, request, queryset):
        count = queryset.filter(status=MailStatus.FAILED).update(
            status=MailStatus.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        self.message_user(
            request,
            ngettext("%(count)d mail will be tried again.", "%(count)d mails will be tried again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
