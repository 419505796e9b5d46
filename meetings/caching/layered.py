"""A cache in two tiers for rendered rows: each process's memory in front of a shared cache.

A rendered row (``meetings.rows``) is the same in every server process: kept only in process
memory, a page new to a process is rendered again there, four times over with four gunicorn
processes and again on every app server. The shared tier (Redis) lets one process render a
row for all of them; the near tier keeps the lookups of a page a process has shown at memory
speed. The keys carry the record and data versions, so neither tier can serve a stale row and
nothing needs to be deleted from both at once.

A shared tier that fails (Redis restarting, say) costs speed, not pages: the rows are rendered
in the process as if the shared tier held none, and the failure is logged.
"""

import logging
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache

logger = logging.getLogger(__name__)

_MISSING = object()


class LayeredCache(BaseCache):
    """``CACHES`` entry: ``{"BACKEND": "meetings.caching.layered.LayeredCache", "LOCATION": name,
    "OPTIONS": {"SHARED": "<alias of the shared cache>", "MAX_ENTRIES": ...}}``.

    The near tier is a ``LocMemCache`` made from the same settings; the shared tier is the
    ``CACHES`` entry named by ``SHARED``, with its own timeout and key prefix.
    """

    def __init__(self, name: str, params: dict) -> None:
        options = dict(params.get("OPTIONS") or {})
        self._shared_alias = options.pop("SHARED")
        near_params = {**params, "OPTIONS": options}
        super().__init__(near_params)
        self.near = LocMemCache(name, near_params)

    @property
    def shared(self) -> BaseCache:
        return caches[self._shared_alias]

    def _from_shared(self, action: str, call, fallback):
        try:
            return call()
        except Exception as error:  # any backend's connection error; the near tier still works
            logger.warning("Shared cache %r failed to %s: %s", self._shared_alias, action, error)
            return fallback

    # Reads: the near tier first; what only the shared tier holds is copied near.

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        value = self.near.get(key, _MISSING, version=version)
        if value is _MISSING:
            value = self._from_shared(
                "read", lambda: self.shared.get(key, _MISSING, version=version), _MISSING
            )
            if value is _MISSING:
                return default
            self.near.set(key, value, version=version)
        return value

    def get_many(self, keys, version: int | None = None) -> dict:
        found = self.near.get_many(keys, version=version)
        missing = [key for key in keys if key not in found]
        if missing:
            shared = self._from_shared(
                "read", lambda: self.shared.get_many(missing, version=version), {}
            )
            if shared:
                self.near.set_many(shared, version=version)
                found.update(shared)
        return found

    def has_key(self, key: str, version: int | None = None) -> bool:
        return self.near.has_key(key, version=version) or self._from_shared(
            "read", lambda: self.shared.has_key(key, version=version), False
        )

    # Writes go to both tiers.

    def set(
        self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        self.near.set(key, value, timeout=timeout, version=version)
        self._from_shared(
            "write", lambda: self.shared.set(key, value, timeout=timeout, version=version), None
        )

    def set_many(self, data: dict, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None):
        self.near.set_many(data, timeout=timeout, version=version)
        return self._from_shared(
            "write",
            lambda: self.shared.set_many(data, timeout=timeout, version=version),
            [],
        )

    def add(
        self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        if self.has_key(key, version=version):
            return False
        self.set(key, value, timeout=timeout, version=version)
        return True

    def touch(self, key: str, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        near = self.near.touch(key, timeout=timeout, version=version)
        shared = self._from_shared(
            "write", lambda: self.shared.touch(key, timeout=timeout, version=version), False
        )
        return near or shared

    def delete(self, key: str, version: int | None = None) -> bool:
        near = self.near.delete(key, version=version)
        shared = self._from_shared(
            "delete", lambda: self.shared.delete(key, version=version), False
        )
        return near or shared

    def clear(self) -> None:
        self.near.clear()
        self._from_shared("clear", lambda: self.shared.clear(), None)
