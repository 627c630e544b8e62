from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """`?page=2&page_size=100`; large enough pages for scripts, bounded for the server."""

    page_size_query_param = "page_size"
    max_page_size = 500
