"""Redis going away under a running worker: noticed once, retried with back-off, reported.

A worker talks to Redis from the crawl's own thread (redis-py is blocking), many times a
second. While Redis is away, every component keeps what it would have written (requests
found, leases to release, articles seen) and only the scheduler's heartbeat knocks, at
growing intervals; the first call that fails logs the outage, the first that succeeds ends
it. Stats: ``newscrawl/redis/unavailable`` (outages), ``…/reconnected``, ``…/failed_calls``,
``…/outage_seconds``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)

STATS = "newscrawl/redis"


def connect(url: str, timeout: float) -> redis.Redis:
    """A client whose calls fail within about ``2 * timeout`` when Redis is away.

    redis-py's defaults retry a failed call ten times with sleeps in between and scrapy-redis
    waits 30 s for a connection: each would freeze the whole crawl, shutdown included. One
    retry stays, for a pooled connection that went stale while Redis restarted.
    """
    return redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout,
                                retry=Retry(NoBackoff(), 1))


def server_label(server: Any) -> str:
    """host:port/db (or the socket path) of a client, without its password, for logs."""
    kwargs = server.connection_pool.connection_kwargs
    where = kwargs.get("path") or f"{kwargs.get('host', '?')}:{kwargs.get('port', '?')}"
    return f"{where}/{kwargs.get('db', 0)}"


class RedisHealth:
    """Whether Redis answers, as this worker last saw it, and when to knock again."""

    def __init__(self, label: str, stats: Any = None, first_retry: float = 0.5,
                 max_retry: float = 10.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.label = label
        self.stats = stats
        self.first_retry = first_retry
        self.max_retry = max_retry
        self.clock = clock
        self._down_since: float | None = None
        self._retry_in = first_retry
        self._next_try = 0.0
        self._counted_to = float("-inf")

    @property
    def down(self) -> bool:
        return self._down_since is not None

    def outage(self) -> float:
        """Seconds since the current outage began; 0 while Redis answers."""
        return 0.0 if self._down_since is None else self.clock() - self._down_since

    def due(self) -> bool:
        """Whether to call Redis now: always while it answers, else once the back-off ran."""
        return self._down_since is None or self.clock() >= self._next_try

    def failed(self, exc: Exception) -> None:
        now = self.clock()
        self._inc("failed_calls")
        if self._down_since is None:
            self._down_since = now
            self._retry_in = self.first_retry
            self._inc("unavailable")
            # One line per outage: the calls that fail meanwhile are only counted.
            logger.warning("Redis unavailable at %s (%s: %s): this worker keeps its work and "
                           "retries every %.1f-%.0f s", self.label, type(exc).__name__, exc,
                           self.first_retry, self.max_retry)
        else:
            self._retry_in = min(self._retry_in * 2, self.max_retry)
        self._next_try = now + self._retry_in

    def succeeded(self) -> None:
        if self._down_since is None:
            return
        outage = self.outage()
        self.count_outage()
        self._down_since = None
        self._inc("reconnected")
        logger.info("Redis back at %s after %.1f s", self.label, outage)

    def count_outage(self) -> None:
        """Add the outage's seconds not counted yet to the stats (also when the worker stops
        during an outage, before the stats are written)."""
        if self._down_since is None:
            return
        now = self.clock()
        counted_from = max(self._down_since, self._counted_to)
        self._counted_to = now
        if self.stats is not None and now > counted_from:
            self.stats.inc_value(f"{STATS}/outage_seconds", round(now - counted_from, 3))

    def _inc(self, event: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"{STATS}/{event}")
