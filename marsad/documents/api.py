from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from marsad.accounts import scope
from marsad.audit.models import AuditAction
from marsad.audit.services import audit_record
from marsad.documents import services
from marsad.documents.models import Document
from marsad.documents.serializers import DocumentSerializer


class DocumentViewSet(viewsets.ReadOnlyModelViewSet):
    """Generated documents (meeting packs, one-pagers, scorecards) you may open: those
    made for you and, if you read everything, the issued packs. Documents are made
    from the pages (a background job); here they are listed, and `issue` marks a pack
    as the one given to the committee. Nothing here changes or deletes a document."""

    serializer_class = DocumentSerializer
    scope_model = Document
    filterset_fields = ["kind", "meeting", "language"]

    def get_queryset(self):
        found = Document.objects.select_related("project", "entity", "requested_by", "issued_by")
        return scope.documents(self.request.user, found).order_by("-created_at", "-pk")

    @extend_schema(request=None, responses=DocumentSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None, **kwargs):
        """Issue this meeting pack to the committee (programme office): it is then kept as it is."""
        document = self.get_object()
        if not scope.can_issue_documents(request.user):
            raise PermissionDenied
        try:
            services.issue(document, request.user)
        except ValidationError as refused:
            from rest_framework.exceptions import ValidationError as Refused

            raise Refused({"issued_at": refused.messages}) from None
        audit_record(action=AuditAction.ISSUED, obj=document, detail=f"sha256 {document.sha256}")
        return Response(self.get_serializer(document).data)
