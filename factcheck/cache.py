"""The cache every web process shares: rate-limit counters must be counted once, not per
gunicorn worker. Redis when one is configured (see settings: CACHE_URL, or the broker's
Redis), with this process's memory as a fallback while Redis is unreachable, so an outage
of Redis costs the limits their sharing for a while, never a request."""

from __future__ import annotations

import logging
import time
from typing import Any

import redis
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# After a failure, Redis is left alone this long: a request does not wait for it each time.
RETRY_AFTER_SECONDS = 5.0
_UNREACHABLE = (redis.ConnectionError, redis.TimeoutError)
_LOCAL_NAMES = {"_clear_own_keys": "clear"}


class SharedCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = params.setdefault("OPTIONS", {})
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, params)
        self._local = LocMemCache(f"fallback-{id(self)}", {"TIMEOUT": params.get("TIMEOUT")})
        self._down_until = 0.0

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() >= self._down_until:
            try:
                # RedisCache's own method: this class's overrides only route to it.
                method = getattr(RedisCache, name, None) or getattr(SharedCache, name)
                return method(self, *args, **kwargs)
            except _UNREACHABLE as exc:
                self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
                logger.warning("The cache's Redis is unreachable (%s); using local memory.", exc)
        return getattr(self._local, _LOCAL_NAMES.get(name, name))(*args, **kwargs)

    def add(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("add", *args, **kwargs)

    def get(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("get", *args, **kwargs)

    def set(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("set", *args, **kwargs)

    def touch(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("touch", *args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("delete_many", *args, **kwargs)

    def clear(self) -> Any:
        return self._call("_clear_own_keys")

    def _clear_own_keys(self) -> None:
        # Only this cache's keys: the Redis database may be the broker's too, and Django's
        # own clear() would flush its queues with it.
        client = self._cache.get_client(write=True)
        batch: list[Any] = []
        for key in client.scan_iter(match=f"{self.key_prefix}:*", count=1000):
            batch.append(key)
            if len(batch) == 1000:
                client.delete(*batch)
                batch.clear()
        if batch:
            client.delete(*batch)
