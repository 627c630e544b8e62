from django.contrib import admin

from marsad.accounts import scope
from marsad.documents.models import Document


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Documents are made by jobs and never edited: the admin lists and shows them.
    A document not issued may be deleted one at a time; an issued one never."""

    list_display = ["title", "kind", "version", "language", "pages", "data_as_of", "requested_by", "issued_at"]
    list_filter = ["kind", "language", ("issued_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "sha256"]
    actions = None  # no bulk delete: it would reach issued documents

    def get_queryset(self, request):
        return scope.documents(request.user, super().get_queryset(request))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return obj is not None and not obj.is_issued and scope.can_issue_documents(request.user)
