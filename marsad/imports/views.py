import hashlib

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from marsad.imports.models import ImportBatch
from marsad.imports.registry import importer_class
from marsad.imports.spreadsheet import ImportRefused
from marsad.imports.uploads import UploadRefused, check_upload
from marsad.lib.pages import pages_view

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
    """Upload a workbook and see what an import would do (nothing is written yet)."""
    importer = _importer(request, kind)
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"kind": kind, "form": form, "importer": importer}
    if request.method == "POST" and form.is_valid():
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
            with batch.file.open("rb") as stream:
                result = importer.read(stream)
            context["result"] = result
            if result.ok:
                batch.row_count = result.count
                batch.save()
                context["batch"] = batch
            else:
                batch.file.delete(save=False)
    return render(request, "imports/upload.html", context)


@pages_view(writes=True)
@require_POST
def apply(request, batch_id):
    """Write a checked workbook: every row in one transaction, or none."""
    with transaction.atomic():
        batch = get_object_or_404(ImportBatch.objects.select_for_update(), pk=batch_id, uploaded_by=request.user)
        if batch.status == ImportBatch.Status.APPLIED:
            messages.info(request, _("This workbook was already imported."))
            return redirect("imports:upload", kind=batch.kind)
        importer = _importer(request, batch.kind)
        try:
            with batch.file.open("rb") as stream:
                count = importer.apply(stream)
        except ImportRefused as refused:
            # Something changed since the dry run (a report was submitted meanwhile…).
            return render(
                request,
                "imports/upload.html",
                {"kind": batch.kind, "form": UploadForm(), "result": refused, "importer": importer},
                status=409,
            )
        batch.status, batch.applied_at = ImportBatch.Status.APPLIED, timezone.now()
        batch.save(update_fields=["status", "applied_at"])
    messages.success(
        request, ngettext("%(count)s row was imported.", "%(count)s rows were imported.", count) % {"count": count}
    )
    return redirect("imports:upload", kind=batch.kind)
