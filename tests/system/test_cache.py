"""The shared cache (rate-limit counters): Redis for every process, and this process's
memory while Redis is unreachable, so a Redis outage never turns a request into an error."""

from __future__ import annotations

import os
import socket
import time

from factcheck.cache import SharedCache


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_two_processes_see_one_count_in_redis() -> None:
    url = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")
    prefix = f"test-shared-{os.getpid()}-{time.monotonic_ns()}"
    first = SharedCache(url, {"KEY_PREFIX": prefix})
    second = SharedCache(url, {"KEY_PREFIX": prefix})
    first.set("hits", [1, 2, 3], 60)
    assert second.get("hits") == [1, 2, 3]
    second.delete("hits")


def test_with_redis_unreachable_it_falls_back_to_local_memory_quickly() -> None:
    cache = SharedCache(f"redis://127.0.0.1:{closed_port()}/0", {})
    started = time.monotonic()
    cache.set("hits", [1], 60)
    assert cache.get("hits") == [1]
    assert cache.add("other", 1, 60)
    assert cache.get("missing", "default") == "default"
    assert time.monotonic() - started < 2


def test_clearing_the_cache_leaves_the_brokers_keys_in_the_same_database() -> None:
    import redis

    url = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")
    client = redis.Redis.from_url(url)
    broker_key = f"test-broker-queue-{os.getpid()}"
    client.set(broker_key, "a queued task")
    cache = SharedCache(url, {"KEY_PREFIX": f"test-clear-{os.getpid()}"})
    cache.set("hits", [1], 60)
    cache.clear()
    assert cache.get("hits") is None
    assert client.get(broker_key) == b"a queued task"
    client.delete(broker_key)
