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

Where the count is not cached yet, up to ``FEW_MATCHES`` matching rows are read first. Where
that is every match (a counterpart's commitments searched for a word), their number is the
count: in the list's own order they are the page too, in one query (PostgreSQL finds so few
rows through its indexes and sorts them, where a page alone walks the list's order past the
many rows that do not match); sorted by a column a person chose, they are read in no order
and the page is sorted from among them, so that where many match nothing is sorted in vain.
Where more match (the unfiltered list), the read stopped early, the count is a query of its
own and the page is fetched as usual.
"""

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from meetings.caching import versions

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


# A query whose count is not cached reads up to this many of its rows first: where that is
# all of them, they are its count and its page is taken from among them.
FEW_MATCHES = 2_000


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
        """The page and the query's count from the ids of its matches, where the count is not
        cached yet and at most ``FEW_MATCHES`` rows match (a counterpart's commitments
        searched for a word). Otherwise the count is a query of its own, as usual. ``None``
        where the page is to be fetched the usual way."""
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
        model = self.object_list.model
        names = [model._meta.pk.attname, *self.lean_fields]
        chosen_order = bool(self.object_list.query.order_by)
        if chosen_order:
            # A column chosen to sort by, most without an index: the ids in no order, so that
            # where many match the database stops at the limit instead of sorting them all.
            ids = self.object_list.order_by().values_list("pk", flat=True)
            matches: list = list(ids[: FEW_MATCHES + 1])
        else:
            # The list's own order, which an index holds: the ids and versions in it, so that
            # few matches are the count and the page in one query.
            matches = list(self.object_list.values_list(*names)[: FEW_MATCHES + 1])
        if len(matches) > FEW_MATCHES:
            self.__dict__["count"] = _kept(key, self.object_list.count())
            return None
        self.__dict__["count"] = count = _kept(key, len(matches))
        bottom = (number - 1) * self.per_page
        orphaned = self.orphans and bottom + self.per_page + self.orphans >= count
        if number < 1 or bottom >= count or orphaned:
            return None  # refused, clamped, or the last page with its orphans: the usual way
        if chosen_order:  # sorted from among those few only
            among = self.object_list.filter(pk__in=matches).values_list(*names)
            rows = list(among[bottom : bottom + self.per_page])
        else:
            rows = matches[bottom : bottom + self.per_page]
        return self._get_page(
            [model.from_db(self.object_list.db, names, row) for row in rows], number, self
        )


class VersionedPaginator(ListPaginator):
    """A page of commitments (or anything with a ``version``) for row caches."""

    lean_fields = ("version",)
