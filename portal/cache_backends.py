"""Redis cache that fails open: when Redis is unreachable, reads miss and writes are
dropped instead of raising, so Wagtail, sessions (cached_db) and the page cache keep
working from the database. `incr` still raises, so callers that count (rate limits,
cache generations) can tell that nothing was counted.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
_last_warning = [0.0]


def _warn(operation):
    now = time.monotonic()
    if now - _last_warning[0] > 30:  # once per 30 s, not once per request
        _last_warning[0] = now
        logger.warning("Redis cache unavailable (%s); continuing without it", operation)


class FailOpenRedisCache(RedisCache):
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNAVAILABLE:
            _warn("get")
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except UNAVAILABLE:
            _warn("get_many")
            return {}

    def set(self, *args, **kwargs):
        try:
            return super().set(*args, **kwargs)
        except UNAVAILABLE:
            _warn("set")
            return None

    def set_many(self, data, *args, **kwargs):
        try:
            return super().set_many(data, *args, **kwargs)
        except UNAVAILABLE:
            _warn("set_many")
            return list(data)

    def add(self, *args, **kwargs):
        try:
            return super().add(*args, **kwargs)
        except UNAVAILABLE:
            _warn("add")
            return False

    def delete(self, *args, **kwargs):
        try:
            return super().delete(*args, **kwargs)
        except UNAVAILABLE:
            _warn("delete")
            return False

    def delete_many(self, *args, **kwargs):
        try:
            return super().delete_many(*args, **kwargs)
        except UNAVAILABLE:
            _warn("delete_many")
            return None

    def has_key(self, *args, **kwargs):
        try:
            return super().has_key(*args, **kwargs)
        except UNAVAILABLE:
            _warn("has_key")
            return False
