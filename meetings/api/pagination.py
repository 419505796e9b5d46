import functools

from rest_framework.pagination import PageNumberPagination

from meetings import caching
from meetings.caching.paging import CountedPaginator, VersionedPaginator


class PageNumberWithSize(PageNumberPagination):
    """``?page=2&page_size=100``: 50 a page unless asked, at most 200. The count is cached
    under the scopes the view's query reads (``count_scopes()`` of its FilterSet, or what
    the view says), as on the web list."""

    paginator_class = CountedPaginator

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset, request, view=None):
        scopes = view.count_scopes() if hasattr(view, "count_scopes") else caching.SCOPES
        self.django_paginator_class = functools.partial(self.paginator_class, scopes=scopes)
        return super().paginate_queryset(queryset, request, view)


class VersionedPageNumberWithSize(PageNumberWithSize):
    """The same pages, holding only each row's id and version: the view renders each row
    through ``caching.rows`` and fetches in full only the rows it lacks."""

    paginator_class = VersionedPaginator


class HistoryPagination(PageNumberPagination):
    """A record's history, newest first: 50 entries a page unless asked, at most 200. Not
    cached: every change adds an entry."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
