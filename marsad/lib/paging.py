"""A list's pages: the one asked for (`?page=`), and the rest of the query for the
links to the others (`_pagination.html`)."""

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PER_PAGE = 50


def paginate(
    request: HttpRequest, rows: Sequence[Any] | QuerySet[Any], per_page: int = PER_PAGE, *, count: int | None = None
) -> Page[Any]:
    """The page of `rows` the request asks for (the last one past the end, the first on
    nonsense). `count`: the number of rows when it is already known (kept counts)."""
    paginator = Paginator(rows, per_page)
    if count is not None:
        paginator.count = count
    return paginator.get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    """The request's query string less `page`: the filters every page link keeps."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
