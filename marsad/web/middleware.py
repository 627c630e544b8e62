from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from marsad.audit.services import audit_refusal
from marsad.lib import digits
from marsad.web.errors import NulInRequest, bad_request, refused_input


class ArabicFirstLocaleMiddleware:
    """Activate the language the user chose (cookie), otherwise Arabic.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a
    minister on an English-language browser would land in English. Marsad is Arabic
    first: only an explicit choice through the language switch changes it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response


def _has_nul(values) -> bool:
    return any("\x00" in key or any("\x00" in value for value in found) for key, found in values.lists())


class RefuseNulMiddleware:
    """A NUL character in the address, the query string or a form's fields is refused
    with 400.

    No code, id, name or filter value can contain one (nobody can type it), and
    PostgreSQL refuses it in text with an error: checked once here rather than in every
    lookup, filter and form.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A form's body: the API parses its own JSON (and refuses NUL there itself).
        form = request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        )
        if "\x00" in request.path or _has_nul(request.GET) or form and _has_nul(request.POST):
            return bad_request(request, NulInRequest("NUL character in the request"))
        return self.get_response(request)


class RefusalAuditMiddleware:
    """Every refused page action (PermissionDenied) goes to the audit log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            audit_refusal(request=request, reason=str(exception))
        if isinstance(exception, ValidationError):  # a rule no page caught: its words, 400
            return refused_input(request, exception)
        return None


class DigitsMiddleware:
    """Every page in its reader's digits (lib.digits): the person's choice, else the
    site's. Set for the whole request, so what renders it (templates, `<html
    data-digits>` for the charts) knows it; then the page's text is written in it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        system = digits.for_user(getattr(request, "user", None))
        with digits.override(system):
            response = self.get_response(request)
        if (
            response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
            or response.get("Content-Encoding")
        ):
            return response
        charset = response.charset or "utf-8"
        written = digits.localise_html(response.content.decode(charset, errors="surrogateescape"), system)
        response.content = written.encode(charset, errors="surrogateescape")
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response
