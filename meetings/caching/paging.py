"""Paginators for long lists (the web's and the API's): the count kept by ``caching.count``,
and each page read by its ids first.

A page in one step makes the database join every related table and evaluate every per-row
expression for each matching row before it sorts and cuts (a counterpart with thousands of
matches); by its ids first, only for the fifty it shows.

Where the count is not kept yet, a list in its own order (an index's) first reads the ids of
up to ``FEW_MATCHES`` matches: where that is all of them (a counterpart's commitments
searched for a word), their number is the count and the page is cut from them, one query
instead of a count and a page (10 ms on such a first visit at ten years of data,
``bench/MECHANISMS.md``); where more match, the count is a query of its own.
"""

from collections.abc import Iterable

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from meetings import caching

# A list in its own order whose count is not kept reads this many of its matches first.
FEW_MATCHES = 2_000


class CountedPaginator(Paginator):
    """``Paginator`` whose count is cached under ``scopes``, the scopes its query reads.

    With ``lean_fields`` (``("version",)``) a page holds instances with only the id and those
    fields loaded, for views that render each row from ``caching.rows`` and fetch in full only
    the rows the cache lacks.
    """

    lean_fields: tuple[str, ...] = ()

    def __init__(self, object_list, per_page, *, scopes: Iterable[str], **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.scopes = tuple(scopes)
        self._matches: list | None = None  # every match, where ``_count`` read them all

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            return caching.count(self.object_list, scopes=self.scopes, compute=self._count)
        return super().count

    def _count(self) -> int:
        rows = self.object_list
        if self.lean_fields and not rows.query.order_by:
            matches = list(rows.values_list(*self._lean_names())[: FEW_MATCHES + 1])
            if len(matches) <= FEW_MATCHES:
                self._matches = matches
                return len(matches)
        return rows.count()

    def _lean_names(self) -> list[str]:
        return [self.object_list.model._meta.pk.attname, *self.lean_fields]

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        if self.lean_fields:
            names = self._lean_names()
            if self._matches is not None:
                lean = self._matches[bottom:top]
            else:
                lean = rows.values_list(*names)[bottom:top]
            return self._get_page(
                [rows.model.from_db(rows.db, names, values) for values in lean], number, self
            )
        ids = list(rows.values_list("pk", flat=True)[bottom:top])
        # The same query (so the same order), narrowed to those ids.
        return self._get_page(list(rows.filter(pk__in=ids)), number, self)


class VersionedPaginator(CountedPaginator):
    """A page of commitments holding only each one's id and version (``caching.rows``)."""

    lean_fields = ("version",)
