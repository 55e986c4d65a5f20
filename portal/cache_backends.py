"""Redis cache that fails open, and fast: when Redis is unreachable, reads miss and writes
are dropped instead of raising, so Wagtail, sessions (cached_db) and the page cache keep
working from the database. After one failed call the cache is skipped outright for
CACHE_CIRCUIT_SECONDS, so a request during an outage pays for one connection attempt at
most, not one per cache call. `incr` still raises, so callers that count (rate limits,
cache generations) can tell that nothing was counted.
"""

import base64
import logging
import pickle
import time

from django.conf import settings
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import connections, router, transaction
from django.utils import timezone

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
_state = {"open_until": 0.0, "last_warning": 0.0}


def _circuit_open():
    return time.monotonic() < _state["open_until"]


def _trip(operation):
    now = time.monotonic()
    _state["open_until"] = now + getattr(settings, "CACHE_CIRCUIT_SECONDS", 5)
    if now - _state["last_warning"] > 30:  # once per 30 s, not once per request
        _state["last_warning"] = now
        logger.warning("Redis cache unavailable (%s); continuing without it", operation)


def reset_circuit():
    _state["open_until"] = 0.0


def _fail_open(default):
    """Run the real operation unless the circuit is open; on an outage, return `default`
    (a value, or a function of the call's arguments)."""
    def decorator(method):
        def fallback(args, kwargs):
            return default(args, kwargs) if callable(default) else default

        def wrapper(self, *args, **kwargs):
            if _circuit_open():
                return fallback(args, kwargs)
            try:
                return method(self, *args, **kwargs)
            except UNAVAILABLE:
                _trip(method.__name__)
                return fallback(args, kwargs)
        wrapper.__name__ = method.__name__
        return wrapper
    return decorator


def _get_default(args, kwargs):
    return kwargs.get("default", args[1] if len(args) > 1 else None)


def _set_many_default(args, kwargs):
    return list(kwargs.get("data", args[0] if args else []))


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django makes a new redis.Redis object per cache call, and building one copies ~170
    response callbacks: a fifth of a page-cache hit. redis.Redis is thread-safe over its
    pool, so one per pool is kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write))
        return client


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    @_fail_open(default=_get_default)
    def get(self, key, default=None, version=None):
        return super().get(key, default, version)

    @_fail_open(default={})
    def get_many(self, keys, version=None):
        return super().get_many(keys, version)

    @_fail_open(default=None)
    def set(self, *args, **kwargs):
        return super().set(*args, **kwargs)

    @_fail_open(default=_set_many_default)
    def set_many(self, *args, **kwargs):
        return super().set_many(*args, **kwargs)

    @_fail_open(default=False)
    def add(self, *args, **kwargs):
        return super().add(*args, **kwargs)

    @_fail_open(default=False)
    def delete(self, *args, **kwargs):
        return super().delete(*args, **kwargs)

    @_fail_open(default=None)
    def delete_many(self, *args, **kwargs):
        return super().delete_many(*args, **kwargs)

    @_fail_open(default=False)
    def has_key(self, *args, **kwargs):
        return super().has_key(*args, **kwargs)

    def incr(self, key, delta=1, version=None):
        if _circuit_open():
            raise RedisConnectionError("Redis cache unavailable (circuit open)")
        try:
            return super().incr(key, delta, version)
        except UNAVAILABLE:
            _trip("incr")
            raise


class RateLimitDatabaseCache(DatabaseCache):
    """The rate-limit store when there is no Redis: one table every web process shares
    (created by portal migration 0003), so a limit of 10 is 10 whatever WEB_CONCURRENCY.

    Django's DatabaseCache.incr is get-then-set: two processes counting at once both
    write n+1, and the expiry is reset to the default timeout. Here the row is read
    under a lock (FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions take the
    write lock up front) and only its value is rewritten, keeping the window's expiry."""

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        qn = connection.ops.quote_name
        table = qn(self._table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {qn('value')} FROM {table} "  # noqa: S608 - quoted table name
                f"WHERE {qn('cache_key')} = %s AND {qn('expires')} > %s{lock}",
                [key, connection.ops.adapt_datetimefield_value(timezone.now())])
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            value = pickle.loads(base64.b64decode(row[0].encode())) + delta  # noqa: S301 - our own rows
            stored = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {qn('value')} = %s "  # noqa: S608 - quoted table name
                f"WHERE {qn('cache_key')} = %s", [stored, key])
        return value
