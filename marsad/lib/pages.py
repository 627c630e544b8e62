import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.views.decorators.http import require_safe

from marsad.accounts import scope


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
