import datetime
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from marsad.accounts import two_factor

SIGNED_IN_AT = "marsad_signed_in_at"


class SessionLimitsMiddleware:
    """The 12-hour absolute session limit, and no caching of signed-in pages.

    (Idle expiry is the session's own age, renewed on every request.)
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = request.session.get(SIGNED_IN_AT)
        if (
            request.user.is_authenticated
            and started is not None
            and timezone.now() - datetime.datetime.fromisoformat(started) > settings.MARSAD_SESSION_MAX_AGE
        ):
            logout(request)
            messages.info(request, _("Your session reached its time limit. Please sign in again."))
            return redirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")
        response = self.get_response(request)
        if request.user.is_authenticated:
            # Stamped on the response that signed the user in (login() starts a fresh
            # session), so the limit counts from the sign-in itself. Token-authenticated
            # API calls have no session and get none.
            if SIGNED_IN_AT not in request.session and SESSION_KEY in request.session:
                request.session[SIGNED_IN_AT] = timezone.now().isoformat()
            patch_cache_control(response, no_store=True, private=True)
        return response


# Paths an unverified user may still reach: signing in or out, the second factor
# itself, the language switch, static files. The API checks on its own (api_auth).
_OPEN_PATHS = (
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/two-factor/",
    "/i18n/",
    "/static/",
    "/favicon.ico",
    "/api/",
)


class TwoFactorMiddleware:
    """Send a user who still owes a second factor to verify it (or to enrol)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(_OPEN_PATHS) and two_factor.must_verify(request.user):
            target = "two_factor_verify" if two_factor.has_device(request.user) else "two_factor_enrol"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


RENEWED_AT = "marsad_renewed_at"


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's sessions, written only when something in them changed or the idle
    timeout is due for renewal.

    A read does not write the session: the idle timeout (the session's expiry,
    SESSION_COOKIE_AGE) is renewed by the first request after MARSAD_SESSION_RENEW_SECONDS
    have passed since the last renewal, so a person at work costs one session write every
    few minutes rather than a transaction on every page. A person who stops is signed
    out between SESSION_COOKIE_AGE minus that interval and SESSION_COOKIE_AGE after
    their last request, never later.

    A page's automatic refresh (a job's progress polled every half second) is not the
    person's activity: it never renews the idle timeout — a page left open would
    otherwise keep a session alive for ever."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        session = getattr(request, "session", None)
        if (
            session is not None
            and not getattr(request, "automatic_refresh", False)
            and SESSION_KEY in session
            # Written anyway (a sign-in, a message): the renewal rides along.
            and (session.modified or _renewal_due(session.get(RENEWED_AT)))
        ):
            session[RENEWED_AT] = int(timezone.now().timestamp())
        return super().process_response(request, response)


def _renewal_due(renewed_at: int | None) -> bool:
    if renewed_at is None:
        return True
    return timezone.now().timestamp() - renewed_at >= settings.MARSAD_SESSION_RENEW_SECONDS
