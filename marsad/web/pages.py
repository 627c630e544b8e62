import datetime
import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from marsad.accounts import scope
from marsad.lib import deferred
from marsad.lib.formatting import format_date
from marsad.lib.forms import add_errors
from marsad.lib.records import StepRefused
from marsad.lib.versioning import StaleVersion


def pages_view(view=None, *, writes=False):
    """Signed-in people who may use the pages (not data-feed accounts).

    Pages answer GET and HEAD only, unless they take `writes=True` (forms).
    """

    def decorate(view):
        @functools.wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not scope.can_use_pages(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped if writes else require_safe(wrapped)

    return decorate(view) if view is not None else decorate


STALE = gettext_lazy(
    "Someone else changed this record after you opened it; nothing was saved. Here it is as it stands."
)


def refusal_text(invalid: ValidationError) -> str:
    """A service's refusal as one line for a message."""
    return " ".join(str(message) for message in invalid.messages)


def run_step(request, step, *, done, stale=STALE, **kwargs) -> bool:
    """Take one step (a service call) and tell the person what happened: `done` when it
    went through; why not when the record changed meanwhile, the step does not apply
    to its present state, or a rule refused it. True when it went through."""
    try:
        with deferred.writing():
            step(user=request.user, **kwargs)
    except StaleVersion:
        messages.error(request, stale)
    except StepRefused as refusal:
        messages.error(request, str(refusal))
    except ValidationError as invalid:
        messages.error(request, refusal_text(invalid))
    else:
        messages.success(request, done)
        return True
    return False


def save_or_show_again(request, form, template: str, context: dict, save=None):
    """Save a model form through the one write path (`form.save_if_current()`, or the
    service `save()` when the record is written with others); if someone saved the
    record since the form was opened, show it again with what they changed (409); if a
    rule refuses the record, show it again with the messages under their fields.
    Returns (saved record or None, response to send or None)."""
    try:
        saved = (save or form.save_if_current)()
    except StaleVersion as stale:
        return None, render(
            request, template, {**context, "form": form, "conflict": form.conflict(stale.current)}, status=409
        )
    except ValidationError as invalid:
        add_errors(form, invalid)
        return None, render(request, template, {**context, "form": form})
    warn_of_past_forecasts(request, form)
    return saved, None


def warn_of_past_forecasts(request, form) -> None:
    """A forecast date typed in the past is saved (it may be a late correction) but
    said plainly, naming the field: a forecast is about what is still to come. One whose
    actual date is given beside it (`forecast_go_live` and `actual_go_live`) is history."""
    today = timezone.localdate()
    for name in form.changed_data:
        value = form.cleaned_data.get(name)
        if not name.startswith("forecast_") or not isinstance(value, datetime.date) or value >= today:
            continue
        if form.cleaned_data.get(name.replace("forecast_", "actual_", 1)):
            continue
        messages.warning(
            request,
            _("“%(field)s” is %(date)s, which has already passed. It was saved; check that it is what you meant.")
            % {"field": form.fields[name].label, "date": format_date(value)},
        )
