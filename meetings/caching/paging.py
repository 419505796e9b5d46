"""Paginators for long lists (the web's and the API's): the count kept by ``caching.count``,
and each page read by its ids first.

A page in one step makes the database join every related table and evaluate every per-row
expression for each matching row before it sorts and cuts (a counterpart with thousands of
matches); by its ids first, only for the fifty it shows.
"""

from collections.abc import Iterable

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from meetings import caching


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

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            return caching.count(self.object_list, scopes=self.scopes)
        return super().count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
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


class VersionedPaginator(CountedPaginator):
    """A page of commitments holding only each one's id and version (``caching.rows``)."""

    lean_fields = ("version",)
