"""The documents' pages: a meeting's packs (make one, issue one), a project's
one-pager and an entity's scorecard (made by a job, or served again when nothing
changed since), and the download every document goes through (scope, audit, and a
check that the file is still the one made)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marsad.accounts import scope
from marsad.audit.models import AuditAction
from marsad.audit.services import audit_record, audit_refusal
from marsad.committee.models import Meeting
from marsad.documents import jobs, services
from marsad.documents.models import Document, DocumentKind
from marsad.portfolio.models import Entity, Project
from marsad.web.pages import pages_view, refusal_text


def _readable_meeting(request, meeting_id) -> Meeting:
    return scope.get_readable_or_404(request.user, Meeting.objects.select_related("committee"), pk=meeting_id)


def meeting_documents(request, window, today) -> dict:
    """The meeting page's part: the issued packs (the record of what the committee was
    given) and whether the reader may make one."""
    issued = scope.documents(request.user, Document.objects.of_subject(DocumentKind.PACK, window.meeting).issued())
    return {"issued_packs": list(issued.select_related("issued_by")), "documents_shown": True}


def project_links(request, project, today) -> dict:
    """The project page's link to its one-pager (later apps add to the core's pages)."""
    return {
        "document_links": [{"label": _("One-pager (PDF)"), "url": reverse("documents:one_pager", args=[project.code])}]
    }


def entity_links(request, entity, today) -> dict:
    return {
        "document_links": [{"label": _("Scorecard (PDF)"), "url": reverse("documents:scorecard", args=[entity.code])}]
    }


@pages_view(writes=True)
def meeting_pack(request, meeting_id):
    meeting = _readable_meeting(request, meeting_id)
    if request.method == "POST":
        return jobs.start(request, DocumentKind.PACK, meeting)
    packs = scope.documents(request.user, Document.objects.of_subject(DocumentKind.PACK, meeting))
    return render(
        request,
        "documents/meeting_pack.html",
        {
            "meeting": meeting,
            "packs": packs.select_related("requested_by", "issued_by").order_by("-version"),
            "may_issue": scope.can_issue_documents(request.user),
            "complete": scope.reads_everything(request.user),
        },
    )


@require_POST
@pages_view(writes=True)
def pack_issue(request, document_id):
    document = get_object_or_404(
        scope.documents(request.user, Document.objects.select_related("meeting")), pk=document_id
    )
    if document.kind != DocumentKind.PACK:
        raise Http404
    try:
        services.issue(document, request.user)
    except ValidationError as refused:
        messages.error(request, refusal_text(refused))
    else:
        audit_record(action=AuditAction.ISSUED, obj=document, detail=f"sha256 {document.sha256}")
        messages.success(
            request, _("Version %(version)s was issued: it is kept as it is.") % {"version": document.version}
        )
    return redirect("documents:meeting_pack", document.meeting_id)


def _made_or_making(request, kind, subject):
    kept = services.current_copy(kind, subject, request.user)
    if kept is not None:
        return _serve(request, kept)
    return jobs.start(request, kind, subject)


@pages_view
def project_one_pager(request, code):
    project = scope.get_readable_or_404(request.user, Project.objects.all(), code=code)
    return _made_or_making(request, DocumentKind.ONE_PAGER, project)


@pages_view
def entity_scorecard(request, code):
    entity = scope.get_readable_or_404(request.user, Entity.objects.all(), code=code)
    return _made_or_making(request, DocumentKind.SCORECARD, entity)


@pages_view
def download(request, document_id):
    found = scope.documents(request.user, Document.objects.select_related("meeting__committee", "project", "entity"))
    document = found.filter(pk=document_id).first()
    if document is None:
        if Document.objects.filter(pk=document_id).exists():
            audit_refusal(reason=f"document {document_id} outside scope")
        raise Http404
    return _serve(request, document)


def _serve(request, document: Document):
    if not services.unchanged(document):
        # The file on disk is not the one made (tampered with, or damaged): never hand it out.
        raise Http404(_("This document's file no longer matches what was made."))
    audit_record(action=AuditAction.DOWNLOADED, obj=document, detail=f"sha256 {document.sha256}")
    response = FileResponse(
        document.file.open("rb"), as_attachment=False, filename=document.filename, content_type="application/pdf"
    )
    response["X-Content-SHA256"] = document.sha256
    return response
