import hashlib

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from marsad.imports.models import ImportBatch
from marsad.imports.registry import importer_class
from marsad.imports.uploads import UploadRefused, check_upload
from marsad.jobs import services as jobs
from marsad.web.pages import pages_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Workbook (.xlsx) or CSV file"),
        widget=forms.FileInput(attrs={"class": "form-control", "accept": ".xlsx,.csv"}),
    )


def _importer(request, kind):
    importer = importer_class(kind)
    if importer is None:
        raise Http404
    # Whoever may write some records of the kind may import; each row is then checked
    # against the record it names.
    if not importer.may_import(request.user):
        raise PermissionDenied
    return importer(request.user)


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@pages_view
def template(request, kind):
    importer = _importer(request, kind)
    response = HttpResponse(importer.template(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="marsad-{kind}.xlsx"'
    return response


@pages_view(writes=True)
def upload(request, kind):
    """Upload a workbook; a background job checks it (nothing is written yet) and its
    page shows the progress, then what an import would do."""
    importer = _importer(request, kind)
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"kind": kind, "form": form, "importer": importer}
    too_large = request.method == "POST" and getattr(request, "upload_too_large", None)
    if too_large:  # the file was not read (upload_limits): say why, not "required"
        form.is_valid()
        form.errors["file"] = form.error_class([too_large])
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_upload(upload)
        except UploadRefused as refusal:
            form.add_error("file", str(refusal))
        else:
            batch = ImportBatch(
                kind=kind, file_name=upload.name[:255], sha256=_sha256(upload), uploaded_by=request.user
            )
            batch.file.save(f"{kind}.dat", upload, save=False)
            batch.save()
            job = jobs.start(
                "imports.check",
                user=request.user,
                title=_("Checking %(file)s") % {"file": batch.file_name},
                batch=batch.pk,
            )
            return redirect(job)
    context["recent"] = ImportBatch.objects.filter(uploaded_by=request.user, kind=kind)[:5]
    return render(request, "imports/upload.html", context)


@pages_view(writes=True)
@require_POST
def apply(request, batch_id):
    """Write a checked workbook, as a background job: every row in one transaction, or none."""
    batch = get_object_or_404(ImportBatch, pk=batch_id, uploaded_by=request.user)
    _importer(request, batch.kind)  # may this person still import this kind?
    if batch.status == ImportBatch.Status.APPLIED:
        messages.info(request, _("This workbook was already imported."))
        return redirect("imports:upload", kind=batch.kind)
    if batch.status != ImportBatch.Status.CHECKED:
        # Refused by its check, or kept too long unapplied (its file is gone).
        messages.error(request, _("This file can no longer be imported; upload it again."))
        return redirect("imports:upload", kind=batch.kind)
    job = jobs.start(
        "imports.apply", user=request.user, title=_("Importing %(file)s") % {"file": batch.file_name}, batch=batch.pk
    )
    return redirect(job)
