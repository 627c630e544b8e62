"""Documents are made by a background job (`jobs`): the page shows sections done of
all, then the laying out of pages; the result links to the PDF."""

from django.db import models
from django.shortcuts import redirect

from marsad.committee.models import Meeting
from marsad.documents import services
from marsad.documents.models import DocumentKind
from marsad.jobs import registry
from marsad.jobs import services as jobs
from marsad.jobs.models import Job
from marsad.portfolio.models import Entity, Project

KIND = "documents.pdf"
SUBJECTS: dict[str, type[models.Model]] = {
    DocumentKind.PACK: Meeting,
    DocumentKind.ONE_PAGER: Project,
    DocumentKind.SCORECARD: Entity,
}


def start(request, kind: str, subject):
    """Start making `kind` of `subject` for the person asking, or follow the same
    request already under way; the job's page shows its progress."""
    params = {"document_kind": kind, "subject": subject.pk}
    running = (
        Job.objects.of(request.user)
        .unfinished()
        .filter(kind=KIND, params__document_kind=kind, params__subject=subject.pk)
        .first()
    )
    if running is None:
        running = jobs.start(KIND, user=request.user, title=services.title_of(kind, subject), **params)
    return redirect(running)


def run(job, tracker) -> dict:
    kind = job.params["document_kind"]
    subject = SUBJECTS[kind]._default_manager.get(pk=job.params["subject"])
    document = services.make(kind, subject, job.user, tracker)
    return {"document": document.pk, "pages": document.pages, "title": document.title}


def register() -> None:
    """The documents' kind of job (from `DocumentsConfig.ready()`)."""
    registry.register(registry.JobKind(KIND, run=run, result_template="documents/_job_result.html"))
