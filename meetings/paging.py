"""Pagination for long lists: the row count computed once per data version, and each page
fetched by its ids first.

Counting every matching row is the costliest part of a list page at ten years of data (a
COUNT over 200,000 commitments on every page of the list and the API). The count of a given
query changes only when the data does, so it is cached under the query and the data versions
(``meetings.versions``): any write that could change it moves the key, and the next page view
counts again. Queries that read a commitment's activity (stale, changed since) are keyed by
the activity version too, which every recorded note moves; the others are not, so a note
recorded elsewhere leaves their counts cached.

A page is fetched in two steps: the ids of its rows (the filters, the order, the offset, and
nothing else), then those rows with everything they show. In one step the database joins
every related table and evaluates every per-row subquery for each matching row before it
sorts and cuts (a counterpart with thousands of matches), not for the fifty it shows.

Where the count is not cached yet and PostgreSQL plans to read and sort every match anyway
(a counterpart's commitments searched for a word), the page's ids and the count come from
one query (``COUNT(*) OVER ()``) instead of two that each read every match; where it can
walk an index in the list's order and stop at the page (the unfiltered list), the count is
a query of its own as before.
"""

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Count, QuerySet, Window
from django.utils.functional import cached_property

from . import versions

# Columns only activity moves; a query that reads one is keyed by the activity version too.
ACTIVITY_COLUMNS = ('"last_activity_on"', '"updated_at"')
# Keyed by the data versions (and the day, for queries that read it), a count is never stale;
# the timeout only bounds how long an unused one takes room in the cache.
COUNT_CACHE_SECONDS = 24 * 60 * 60


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
    return count if count is not None else _kept(key, queryset.count())


def _kept(key: str, count: int) -> int:
    cache.set(key, count, COUNT_CACHE_SECONDS)
    return count


# What the planner answered per query shape (its SQL without the values), in this process:
# the filters a person combines decide the plan, the values hardly ever do, and asking costs a
# few milliseconds of planning. A shape whose answer does not fit other values costs speed
# (a count apart, or a sort the page did not need), never a wrong count.
_SORTS_BY_SHAPE: dict[tuple[str, str], bool] = {}
_SHAPES_KEPT = 500


def sorts_every_match(queryset: QuerySet) -> bool:
    """Whether PostgreSQL plans to read and sort every row ``queryset`` matches before it cuts
    a page (a counterpart's commitments searched for a word), rather than walk an index in
    the list's order and stop at the page's last row (the unfiltered list).

    The plan is made, nothing is run, once per query shape and process."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return False
    sql, params = queryset.query.sql_with_params()
    shape = (queryset.db, sql)
    if shape not in _SORTS_BY_SHAPE:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
            plan = cursor.fetchone()[0][0]["Plan"]
        if len(_SORTS_BY_SHAPE) >= _SHAPES_KEPT:
            _SORTS_BY_SHAPE.clear()
        _SORTS_BY_SHAPE[shape] = (
            plan["Node Type"] == "Limit" and plan["Plans"][0]["Node Type"] == "Sort"
        )
    return _SORTS_BY_SHAPE[shape]


class ListPaginator(Paginator):
    """``Paginator`` with the count from ``cached_count`` and pages fetched ids first.

    With ``lean_fields`` (say ``("version",)``) a page holds instances with only the id and
    those fields loaded (others load on access), for views that render each row from a cache
    keyed by them (``meetings.rows``) and fetch in full only the rows it lacks.
    """

    lean_fields: tuple[str, ...] = ()

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            return cached_count(self.object_list)
        return super().count

    def get_page(self, number):
        return self._page_counting_its_query(number or 1) or super().get_page(number)

    def page(self, number):
        counted = self._page_counting_its_query(number)
        if counted is not None:
            return counted
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        if not isinstance(rows, QuerySet):
            return self._get_page(rows[bottom:top], number, self)
        if self.lean_fields:
            model = rows.model
            names = [model._meta.pk.attname, *self.lean_fields]
            lean = rows.values_list(*names)[bottom:top]
            return self._get_page(
                [model.from_db(rows.db, names, values) for values in lean], number, self
            )
        ids = list(rows.values_list("pk", flat=True)[bottom:top])
        # The same query (so the same order), narrowed to those ids.
        return self._get_page(list(rows.filter(pk__in=ids)), number, self)

    def _page_counting_its_query(self, number):
        """The page and the query's count in one query, where the count is not cached yet and
        the database reads every match to sort them anyway: counting them apart read them
        all twice. ``None`` where it does not pay (or the page is not one to fetch)."""
        if not (self.lean_fields and isinstance(self.object_list, QuerySet)):
            return None
        if "count" in self.__dict__:
            return None
        key = count_key(self.object_list)
        count = cache.get(key)
        if count is not None:
            self.__dict__["count"] = count
            return None
        try:
            number = int(number)
        except (TypeError, ValueError):
            return None
        if number < 1:
            return None
        model = self.object_list.model
        names = [model._meta.pk.attname, *self.lean_fields]
        bottom = (number - 1) * self.per_page
        if not sorts_every_match(self.object_list.values_list(*names)[: self.per_page]):
            # Counted apart, as usual, but under the key already made and read.
            self.__dict__["count"] = _kept(key, self.object_list.count())
            return None
        counted = self.object_list.annotate(matches=Window(Count("*")))
        rows = list(counted.values_list(*names, "matches")[bottom : bottom + self.per_page])
        if not rows:
            if bottom == 0:  # nothing matches: the usual empty first page, counted
                self.__dict__["count"] = _kept(key, 0)
            return None  # past the end: the usual way, which counts and refuses or clamps
        self.__dict__["count"] = count = _kept(key, rows[0][-1])
        if self.orphans and bottom + self.per_page + self.orphans >= count:
            return None  # the last page takes the orphans: fetch it the usual way
        return self._get_page(
            [model.from_db(self.object_list.db, names, row[:-1]) for row in rows], number, self
        )


class VersionedPaginator(ListPaginator):
    """A page of commitments (or anything with a ``version``) for row caches."""

    lean_fields = ("version",)
