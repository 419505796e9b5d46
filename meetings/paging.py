"""Pagination whose row count is computed once per data version, not once per page view.

Counting every matching row is the costliest part of a list page at ten years of data (a
COUNT over 200,000 commitments on every page of the list and the API). The count of a given
query changes only when the data does, so it is cached under the query and the data versions
(``meetings.versions``): any write that could change it moves the key, and the next page view
counts again. Queries that read a commitment's activity (stale, changed since) are keyed by
the activity version too, which every recorded note moves; the others are not, so a note
recorded elsewhere leaves their counts cached.
"""

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from . import versions

# Columns only activity moves; a query that reads one is keyed by the activity version too.
ACTIVITY_COLUMNS = ('"last_activity_on"', '"updated_at"')
COUNT_CACHE_SECONDS = 10 * 60


def count_key(queryset: QuerySet) -> str:
    """The cache key of ``queryset``'s row count under the current data versions."""
    # Only the rows' ids: the filters and joins that decide the count, not what a row shows.
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    tokens = versions.current()
    activity = tokens[versions.ACTIVITY] if any(c in sql for c in ACTIVITY_COLUMNS) else ""
    digest = hashlib.sha256(
        "\n".join([queryset.db, sql, repr(params), tokens[versions.FIGURES], activity]).encode()
    ).hexdigest()
    return f"count:{digest}"


def cached_count(queryset: QuerySet) -> int:
    key = count_key(queryset)
    count = cache.get(key)
    if count is None:
        count = queryset.count()
        cache.set(key, count, COUNT_CACHE_SECONDS)
    return count


class CachedCountPaginator(Paginator):
    """``Paginator`` with the count of a queryset taken from ``cached_count``."""

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            return cached_count(self.object_list)
        return super().count
