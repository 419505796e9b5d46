"""The speed layer: the only code that builds cache keys or invalidates them.

Six things are cached, each because it pays at ten years of data (``docs/performance.md``
has the measurements):

- ``cached``: a value computed from the record, such as the dashboard's figures (most of a
  second of group-bys at ten years of data; three milliseconds from the cache);
- ``count``: a list's number of matching rows (a count over 200,000 commitments costs 40 ms);
- ``rows``: a list's rendered rows, each kept per commitment ``version`` (10 to 20 ms a page);
- ``rendered``: HTML drawn from reference data, such as a form's ``<select>`` of people or
  parties (``ChoicesRenderedOnce``), kept per value;
- ``offered``: choices drawn from reference data that a form offers, such as the later
  meetings offered for a commitment made at a given meeting;
- ``person``, ``permissions`` and ``roles``: the signed-in person with their account, their
  permissions and roles (four queries on every request otherwise), kept until anyone's
  account, groups or permissions change (``PEOPLE``, moved by any door:
  ``meetings/signals.py``), and ``top_bar``, the saved filters every page lists for them
  (their writes move ``PEOPLE`` too).

Everything cached is keyed by the tokens of the *scopes* it reads (``versions``). The services
say, with ``changed(...)``, which scopes each write touches, and the tokens move when the
write commits: a cached value is never stale and nothing needs deleting. Nothing cached here
depends on who looks at it, but a person's own snapshot, keyed by who they are.

The rest of the code calls these functions; it never names a cache or builds a key.
"""

import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches
from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from meetings.caching.versions import (
    ACTIVITY,
    FIGURES,
    PEOPLE,
    REFERENCE,
    SCOPES,
    changed,
    current,
)

__all__ = [
    "ACTIVITY",
    "FIGURES",
    "PEOPLE",
    "REFERENCE",
    "SCOPES",
    "ChoicesRenderedOnce",
    "cached",
    "changed",
    "count",
    "offered",
    "permissions",
    "person",
    "rendered",
    "roles",
    "rows",
    "top_bar",
]

# Keyed by the scopes' tokens, nothing cached is stale while the tokens move with every
# write. The timeouts bound how long an entry nobody asks for keeps room in the cache, and how
# long anything could outlive a token that failed to move (the database gone between a
# write's commit and the move): ten minutes, at the cost of one recomputation per entry.
VALUE_SECONDS = 10 * 60
COUNT_SECONDS = 10 * 60


def _key(kind: str, scopes: Iterable[str], *parts: Any) -> str:
    return _keys(kind, scopes)(*parts)


def _keys(kind: str, scopes: Iterable[str]) -> Callable[..., str]:
    """The keys of ``kind`` under ``scopes`` now, by what else each depends on: what they
    share is described once (a page's fifty rows make fifty keys)."""
    tokens = current()
    # The language: names and labels are translated. The day: "overdue", "stale" and the
    # dashboard's windows move with the date, and so with the stale threshold and our party.
    context = (
        get_language() or "",
        timezone.localdate().isoformat(),
        settings.STALE_AFTER_DAYS,
        settings.HOME_PARTY,
    )
    shared = hashlib.sha256(repr((*(tokens[scope] for scope in sorted(scopes)), *context)).encode())

    def key(*parts: Any) -> str:
        described = shared.copy()
        described.update(repr(parts).encode())
        return f"{kind}:{described.hexdigest()}"

    return key


def cached(
    kind: str,
    compute: Callable[[], Any],
    *,
    scopes: Iterable[str],
    varies_with: tuple = (),
    wait: float = 10.0,
) -> Any:
    """``compute()``, kept until a write touches one of ``scopes``.

    Computed by one request at a time: those arriving while it runs (after a status move,
    every dashboard view for most of a second) wait for its result instead of taking the
    cores with the same group-bys, and compute it themselves only if it does not come.
    """
    key = _key(kind, scopes, *varies_with)
    value = cache.get(key)
    if value is not None:
        return value
    lock = f"{key}:computing"
    mine = cache.add(lock, True, int(wait) * 3)
    if not mine:
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            time.sleep(0.05)
            value = cache.get(key)
            if value is not None:
                return value
            if cache.get(lock) is None:  # the other request failed: no use waiting
                break
    try:
        value = compute()
        cache.set(key, value, VALUE_SECONDS)
        return value
    finally:
        if mine:
            cache.delete(lock)


def count(
    queryset: QuerySet,
    *,
    scopes: Iterable[str],
    compute: Callable[[], int] | None = None,
) -> int:
    """``queryset.count()`` (or ``compute()``, which must give the same number), kept until a
    write touches one of ``scopes`` (the caller knows which its filters read)."""
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # ``none()``, or a filter on an empty list: nothing to ask
        return 0
    key = _key("count", scopes, queryset.db, sql, params)
    return _kept(cache, key, compute or queryset.count, COUNT_SECONDS)


def rows(
    kind: str,
    records: Sequence[Any],
    *,
    build: Callable[[list[int]], dict[int, Any]],
    varies_with: tuple = (),
) -> list[Any]:
    """The rendered rows of ``records`` (each with ``pk`` and ``version``), in their order.

    ``build(ids)`` renders the rows the cache lacks and returns them by id. A row is kept per
    commitment version (every change a service makes raises it) and per ``REFERENCE`` token
    (what rows show of other records: meetings, parties, topics, divisions, users), in each
    server process's memory, or in Redis shared by them all where Redis is the cache.
    """
    store = caches["rows"]
    key = _keys(kind, [REFERENCE])
    keys = {record.pk: key(record.pk, record.version, *varies_with) for record in records}
    found = store.get_many(list(keys.values()))
    missing = [pk for pk, key in keys.items() if key not in found]
    if missing:
        built = {keys[pk]: row for pk, row in build(missing).items()}
        store.set_many(built)
        found.update(built)
    return [found[keys[record.pk]] for record in records if keys[record.pk] in found]


def rendered(kind: str, render: Callable[[], str], *, varies_with: tuple) -> str:
    """HTML that depends on reference data and on ``varies_with`` alone (the language and the
    day are in every key): ``render()`` once, kept until reference data changes, where rows
    are kept."""
    return _of_reference(kind, render, varies_with)


def offered(kind: str, compute: Callable[[], list], *, varies_with: tuple) -> list:
    """The choices a form offers from reference data, such as the later meetings offered for
    a commitment made at a given meeting (pairs of id and label), as ``compute()`` lists
    them for ``varies_with``, kept until reference data changes, where rows are kept."""
    return _of_reference(kind, compute, varies_with)


def _of_reference(kind: str, compute: Callable[[], Any], varies_with: tuple) -> Any:
    store = caches["rows"]
    return _kept(store, _key(kind, [REFERENCE], *varies_with), compute, store.default_timeout)


def person(pk: int, load: Callable[[], Any]) -> Any:
    """The signed-in person ``pk``, as ``load()`` returns them (None: nobody who may sign in,
    which is not kept), until anyone's account, groups or permissions change."""
    return _of_person("person", pk, load)


def permissions(pk: int, load: Callable[[], set[str]]) -> set[str]:
    """What the person ``pk`` may do (``load()``: their permissions' names), until anyone's
    groups or permissions change."""
    return _of_person("permissions", pk, load)


def roles(pk: int, load: Callable[[], frozenset[str]]) -> frozenset[str]:
    """The roles the person ``pk`` holds (``load()``), until anyone's groups change."""
    return _of_person("roles", pk, load)


def top_bar(pk: int, load: Callable[[], list]) -> list:
    """What every page's top bar lists for the person ``pk`` (``load()``: their saved filters
    and those shared with their divisions), until anyone's account or saved filters change,
    or the names of reference data."""
    return _kept(cache, _key("top-bar", [PEOPLE, REFERENCE], pk), load, VALUE_SECONDS)


def _of_person(kind: str, pk: int, load: Callable[[], Any]) -> Any:
    return _kept(cache, _key(kind, [PEOPLE], pk), load, VALUE_SECONDS)


def _kept(store, key: str, compute: Callable[[], Any], seconds: float) -> Any:
    """What ``store`` keeps under ``key``, else ``compute()``, kept for ``seconds`` (None,
    which the caches cannot tell from nothing kept, is never kept)."""
    found = store.get(key)
    if found is None:
        found = compute()
        if found is not None:
            store.set(key, found, seconds)
    return found


from meetings.caching.fields import ChoicesRenderedOnce  # noqa: E402 (it calls ``rendered``)
