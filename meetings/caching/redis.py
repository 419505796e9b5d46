"""Django's Redis cache backend, less a cost it pays on every operation.

Django's client builds a new redis-py client for each read or write, and with it redis-py's
table of reply handlers (some 170 entries): about half of a small read's 0.13 ms on the
benchmark machine, and a page makes five to ten of them (``bench/RESULTS.md``). A redis-py
client is safe to share between threads (each command takes a connection from the pool),
so one is kept per connection pool.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _KeptClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}  # one per connection pool

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    """``django.core.cache.backends.redis.RedisCache`` keeping its redis-py clients."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _KeptClient
