import hashlib

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from marsad.accounts import scope
from marsad.imports.models import ImportBatch
from marsad.imports.registry import importer_class
from marsad.imports.spreadsheet import ImportRefused
from marsad.imports.uploads import UploadRefused, check_spreadsheet
from marsad.lib.pages import pages_view
from marsad.reports.models import ProgressReport

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Workbook (.xlsx)"),
        widget=forms.FileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
    )


def _importer(request, kind):
    importer = importer_class(kind)
    if importer is None:
        raise Http404
    # Importing writes reports: whoever may write some report may import; each row is
    # then checked against the project it names.
    if not scope.may_create_some(request.user, ProgressReport):
        raise PermissionDenied
    return importer(request.user)


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
    context = {"kind": kind, "form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = check_spreadsheet(upload)
        except UploadRefused as refusal:
            form.add_error("file", str(refusal))
        else:
            result = importer.read(data)
            context["result"] = result
            if result.ok:
                context["batch"] = ImportBatch.objects.create(
                    kind=kind,
                    file_name=upload.name[:255],
                    content=data,
                    sha256=hashlib.sha256(data).hexdigest(),
                    uploaded_by=request.user,
                    row_count=len(result.rows),
                )
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
            count = importer.apply(bytes(batch.content))
        except ImportRefused as refused:
            # Something changed since the dry run (a report was submitted meanwhile…).
            return render(
                request,
                "imports/upload.html",
                {"kind": batch.kind, "form": UploadForm(), "result": refused},
                status=409,
            )
        batch.status, batch.applied_at = ImportBatch.Status.APPLIED, timezone.now()
        batch.save(update_fields=["status", "applied_at"])
    messages.success(request, _("%(count)s rows were imported.") % {"count": count})
    return redirect("imports:upload", kind=batch.kind)
