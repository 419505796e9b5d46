"""Rendered rows kept per record version, in each process's memory (``CACHES["rows"]``).

A list page renders fifty rows; most of them look exactly as they did on the last view. Each
rendered row (the web list's table row, the API's representation) is kept under a key made of
the record's id and ``version`` (which the services raise with every change they make), the
reference data version (``versions.REFERENCE``: its meeting, parties, topics, divisions,
users, and any save of a commitment that does not raise its version) and the day ("overdue"
and "stale" move with the date). A change therefore gives the row a new key: a stale row is
never served, and only the rows a page lacks are fetched and rendered. A status move raises
one commitment's version and leaves every other row cached.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import caches
from django.utils.translation import get_language

from meetings.caching import versions


def cached_rows(
    kind: str,
    records: Iterable[Any],
    *,
    salt: tuple = (),
    build: Callable[[list[int]], dict[int, Any]],
) -> list[Any]:
    """The rendered rows of ``records`` (each with ``pk`` and ``version``), in their order.

    ``build(ids)`` renders the rows the cache lacks and returns them by id. Every key holds
    the data version and the language; ``salt`` holds whatever else the rendering depends on
    (the day, the stale threshold, the site's address).
    """
    store = caches["rows"]
    keys = {record.pk: _key(kind, record.pk, record.version, *salt) for record in records}
    found = store.get_many(list(keys.values()))
    missing = [pk for pk, key in keys.items() if key not in found]
    if missing:
        built = {keys[pk]: row for pk, row in build(missing).items()}
        store.set_many(built)
        found.update(built)
    return [found[key] for key in keys.values() if key in found]


def cached_value(kind: str, *, salt: tuple = (), build: Callable[[], Any]) -> Any:
    """One value that depends only on reference rows (a choice list, a user and their
    permissions), kept under the reference version and the language as the rows are; a value
    that depends on more puts its own version in ``salt`` (the dashboard's grid, its figures
    version), as ``cached_rows`` does the day. ``None`` is never kept."""
    store = caches["rows"]
    key = _key(kind, *salt)
    value = store.get(key)
    if value is None:
        value = build()
        if value is not None:
            store.set(key, value)
    return value


def _key(kind: str, *parts) -> str:
    return ":".join(
        str(part) for part in (kind, *parts, versions.current()[versions.REFERENCE], get_language())
    )
