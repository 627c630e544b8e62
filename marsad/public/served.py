"""Serving anonymous readers cheaply and fairly: a per-address rate limit counted where
every worker shares it (marsad.audit.rates), and a cache of whole responses, so a warm
public page costs one small write (the count) however many people read it."""

import functools

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from marsad.audit import rates
from marsad.audit.context import client_address


def _limited(request) -> int | None:
    """Seconds until the address may ask again, or None if it may now."""
    count, left = rates.hit(f"public:{client_address(request)}", seconds=60)
    return left if count > settings.MARSAD_PUBLIC_REQUESTS_PER_MINUTE else None


def _language(request) -> str:
    # `?lang=en` on a public address; else what the locale middleware chose (Arabic first).
    asked = request.GET.get("lang")
    return asked if asked in dict(settings.LANGUAGES) else translation.get_language()


# Pages of the public page's project list beyond this are served as the last (a
# bound on what an address can make the cache hold).
LAST_PAGE_NUMBER = 10_000


def page_number(request) -> int:
    """`?page=` as a page of the public page's projects: 1 unless a plain number."""
    asked = request.GET.get("page", "")
    return min(int(asked), LAST_PAGE_NUMBER) if asked.isascii() and asked.isdigit() and len(asked) < 7 else 1


def public_page(view):
    """For the public pages and files: rate-limited per address, answered from the cache
    (per path, language and page) when it holds them. Other query parameters are
    ignored, so they cannot be used to miss the cache."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        with translation.override(_language(request)):
            return _serve(view, request, *args, **kwargs)

    return wrapped


def _serve(view, request, *args, **kwargs):
    wait = _limited(request)
    if wait is not None:
        response = HttpResponse(
            _("Too many requests from your address. Try again in a minute."),
            status=429,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = str(wait)
        return response
    language = translation.get_language()
    key = f"public:page:{language}:{request.path}:{page_number(request)}"
    stored = cache.get(key)
    if stored is None:
        response = view(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        if response.streaming:
            # Written as it is read (not held whole in the cache), in the reader's language.
            response.streaming_content = _in_language(response.streaming_content, language)
            return _public(response, language)
        stored = (response.content, response["Content-Type"])
        cache.set(key, stored, settings.MARSAD_PUBLIC_CACHE_SECONDS)
    content, content_type = stored
    return _public(HttpResponse(content, content_type=content_type), language)


def _in_language(chunks, language: str):
    with translation.override(language):
        yield from chunks


def _public(response, language: str):
    response["Cache-Control"] = f"public, max-age={settings.MARSAD_PUBLIC_CACHE_SECONDS}"
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    response["Content-Language"] = language
    return response
