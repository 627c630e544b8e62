import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from marsad.accounts import scope
from marsad.lib import paging
from marsad.lib.attachments import AttachmentRefused
from marsad.lib.exports import FORMATS, respond
from marsad.portfolio import extensions
from marsad.portfolio.models import Project
from marsad.reports import exports, services
from marsad.reports.forms import PhaseUpdateFormSet, ReportForm, ReturnForm, StepForm
from marsad.reports.models import ProgressReport, ReportAttachment
from marsad.reports.worklist import owed_reports, returned_reports
from marsad.web.pages import pages_view, run_step, save_or_show_again

STALE_MESSAGE = gettext_lazy(
    "Someone else changed this report after you opened it; nothing was saved. Here it is as it stands."
)


def _report(request, report_id) -> ProgressReport:
    return scope.get_readable_or_404(
        request.user, ProgressReport.objects.select_related("project__owner", "created_by", "reviewed_by"), pk=report_id
    )


@pages_view
def my_work(request):
    """A focal point's work: each project's report for this period (and any overdue),
    returned ones to fix, and — from the apps above — the rollout rows, obstacles,
    requirements and the committee's open tasks of their entities, each with its date."""
    found = _my_work(request)
    # Paged: an entity with hundreds of projects owes hundreds of reports (the export has them all).
    found["owed_page"] = paging.paginate(request, found["owed"])
    found["query"] = paging.query_without_page(request)
    return render(request, "reports/my_work.html", found)


@pages_view
def my_work_export(request, fmt):
    if fmt not in FORMATS:
        raise Http404
    return respond(exports.my_work_rows(_my_work(request)), "my-work", fmt)


def _my_work(request) -> dict:
    today = timezone.localdate()
    owed = owed_reports(request.user, today)
    return {
        "owed": owed,
        "returned": returned_reports(request.user, owed),
        # The apps above: rollout rows, obstacles and requirements, the committee's open tasks.
        **extensions.page_sections("my_work", request, None, today),
        "today": today,
        # A viewer follows the same list but writes nothing: no buttons that would refuse.
        "may_write": scope.may_create_some(request.user, ProgressReport),
    }


@pages_view
def review_queue(request):
    """Submitted reports waiting for the programme office, oldest first."""
    if not scope.can_review(request.user, None):
        raise PermissionDenied
    reports = scope.readable(request.user, ProgressReport.objects.review_queue())
    return render(request, "reports/review_queue.html", {"reports": reports, "now": timezone.now()})


@pages_view
def review_queue_export(request, fmt):
    if fmt not in FORMATS:
        raise Http404
    if not scope.can_review(request.user, None):
        raise PermissionDenied
    reports = scope.readable(request.user, ProgressReport.objects.review_queue())
    return respond(exports.review_rows(reports), "review-queue", fmt)


@pages_view(writes=True)
@require_POST
def report_new(request, code):
    """Start (or open) the report for a project's period: the current one unless `period` says."""
    project = scope.get_readable_or_404(request.user, Project.objects.all(), code=code)
    try:
        period = datetime.date.fromisoformat(request.POST.get("period", "")) if request.POST.get("period") else None
    except ValueError:
        period = None
    try:
        report = services.report_start(project=project, user=request.user, period_start=period)
    except ValidationError as invalid:  # a period outside the years reports cover
        messages.error(request, " ".join(invalid.messages))
        return redirect(project)
    return redirect("reports:report_edit", report_id=report.pk)


@pages_view
def report_detail(request, report_id):
    report = _report(request, report_id)
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "updates": report.phase_updates.select_related("phase"),
            "attachments": report.attachments.all(),
            "can_write": report.is_editable and scope.can_change(request.user, report),
            "can_review": report.status == "submitted" and scope.can_review(request.user, report),
            "return_form": ReturnForm(initial={"version": report.version}),
        },
    )


@pages_view(writes=True)
def report_edit(request, report_id):
    report = _report(request, report_id)
    scope.change_or_403(request.user, report)
    if not report.is_editable:
        messages.info(request, _("Only a draft or returned report can be changed."))
        return redirect(report)
    form = ReportForm(request.POST or None, instance=report)
    phase_forms = PhaseUpdateFormSet(
        request.POST or None, queryset=report.phase_updates.select_related("phase"), prefix="phases"
    )
    context = {"report": report, "phase_forms": phase_forms}
    if request.method == "POST" and form.is_valid() and phase_forms.is_valid():
        submit = "submit" in request.POST
        saved, response = save_or_show_again(
            request,
            form,
            "reports/report_form.html",
            context,
            save=lambda: services.report_save(
                report=report,
                user=request.user,
                values=form.cleaned_data,
                phases=[{**update.cleaned_data, "phase": update.instance.phase} for update in phase_forms.forms],
                version=form.cleaned_data["version"],
                submit=submit,
            ),
        )
        if response is not None:
            return response
        messages.success(request, _("The report was submitted for review.") if submit else _("The draft was saved."))
        return redirect(report)
    return render(request, "reports/report_form.html", {**context, "form": form})


def _step(request, report, step, done_message, **kwargs):
    """Take a step of the report cycle and come back to the report with what happened."""
    run_step(request, step, done=done_message, stale=STALE_MESSAGE, report=report, **kwargs)
    return redirect(report)


def _version(request) -> int:
    form = StepForm(request.POST)
    if not form.is_valid():
        raise PermissionDenied
    return form.cleaned_data["version"]


@pages_view(writes=True)
@require_POST
def report_submit(request, report_id):
    report = _report(request, report_id)
    return _step(
        request, report, services.report_submit, _("The report was submitted for review."), version=_version(request)
    )


@pages_view(writes=True)
@require_POST
def report_accept(request, report_id):
    report = _report(request, report_id)
    if not scope.can_review(request.user, report):
        raise PermissionDenied
    return _step(
        request,
        report,
        services.report_accept,
        _("The report was accepted and the project updated."),
        version=_version(request),
    )


@pages_view(writes=True)
@require_POST
def report_return(request, report_id):
    report = _report(request, report_id)
    if not scope.can_review(request.user, report):
        raise PermissionDenied
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the report is returned, so the entity can fix it."))
        return redirect(report)
    return _step(
        request,
        report,
        services.report_return,
        _("The report was returned to the entity."),
        version=form.cleaned_data["version"],
        reason=form.cleaned_data["reason"],
    )


@pages_view(writes=True)
@require_POST
def report_attach(request, report_id):
    report = _report(request, report_id)
    scope.change_or_403(request.user, report)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to attach."))
        return redirect(report)
    try:
        services.report_attach(report=report, user=request.user, upload=upload)
    except AttachmentRefused as refusal:
        messages.error(request, str(refusal))
    except services.InvalidTransition as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The file was attached."))
    return redirect(report)


@pages_view
def attachment_download(request, attachment_id):
    """An evidence file, for whoever may read its report."""
    attachment = scope.get_readable_or_404(
        request.user, ReportAttachment.objects.select_related("report__project"), pk=attachment_id
    )
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.name, content_type=attachment.content_type
    )
