from rest_framework.pagination import PageNumberPagination

from meetings.caching.paging import ListPaginator, VersionedPaginator


class PageNumberWithSize(PageNumberPagination):
    """``?page=2&page_size=100``: 50 a page unless asked, at most 200; the count is cached
    per data version, as on the web list."""

    django_paginator_class = ListPaginator

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class VersionedPageNumberWithSize(PageNumberWithSize):
    """The same pages, holding only each row's id and version: the view renders each row
    from the row cache (``meetings.rows``) and fetches in full only the rows it lacks."""

    django_paginator_class = VersionedPaginator
