"""The incremental state in Redis: every worker of a site reads and records the same articles.

While Redis is away (``newscrawl.distributed.health``) a worker keeps the articles it
delivered in memory and records them once Redis answers; an article it cannot look up is
taken as new (fetched, at worst delivered once more), never as known (skipped, lost).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime

import redis

from newscrawl.cleaning import canonical_key
from newscrawl.distributed.health import RedisHealth, connect, server_label
from newscrawl.distributed.keys import RedisKeys
from newscrawl.state import unchanged, utc

logger = logging.getLogger(__name__)

# Seconds a Redis connect or reply may take: NEWSCRAWL_REDIS_TIMEOUT's default.
TIMEOUT = 5.0


class RedisSeenArticles:
    """``SeenArticles`` in one Redis hash (key → version emitted), kept across crawls,
    with a set of the keys whose crawl has not finished yet."""

    def __init__(self, server: redis.Redis, key: str, health: RedisHealth | None = None) -> None:
        self._server = server
        self._key = key
        self._pending = f"{key}:pending"
        # When this crawl started: the first worker's start, which later workers keep.
        self._run_started = f"{key}:run_started"
        self._finished_start = f"{key}:finished_run_started"
        # The scheduler hands over its own (with the crawl's stats) once the crawl opens.
        self.health = health or RedisHealth(server_label(server))
        self._unrecorded: dict[str, str] = {}
        known, pending = server.hkeys(key), server.smembers(self._pending)
        self._at_start = frozenset(field.decode() for field in set(known) - pending)
        server.set(self._run_started, datetime.now(UTC).isoformat(), nx=True)
        finished = server.get(self._finished_start)
        self._last_finished_start = utc(finished.decode()) if finished else None

    @classmethod
    def from_settings(cls, url: str, prefix: str, site: str,
                      timeout: float = TIMEOUT) -> RedisSeenArticles:
        return cls(connect(url, timeout), RedisKeys(prefix, site).seen)

    def __len__(self) -> int:
        return self._server.hlen(self._key)

    def is_known(self, url: str, lastmod: str | None = None) -> bool:
        key = canonical_key(url)
        if key in self._unrecorded:
            return unchanged(utc(self._unrecorded[key] or None), lastmod)
        if self.health.down:
            return False
        try:
            version = self._server.hget(self._key, key)
        except redis.RedisError as exc:
            self.health.failed(exc)
            return False
        return version is not None and unchanged(utc(version.decode() or None), lastmod)

    def known_at_start(self, url: str) -> bool:
        return canonical_key(url) in self._at_start

    def add(self, url: str, version: str | None = None) -> None:
        self.add_all([(url, version)])

    def add_all(self, articles: Iterable[tuple[str, str | None]]) -> None:
        for url, version in articles:
            self._unrecorded[canonical_key(url)] = version or ""
        if self.health.down:
            return  # recorded by flush() once Redis answers
        try:
            self.flush()
        except redis.RedisError as exc:
            self.health.failed(exc)

    def flush(self) -> None:
        """Record the articles delivered while Redis was away; Redis errors propagate."""
        if not self._unrecorded:
            return
        with self._server.pipeline() as pipe:
            pipe.hset(self._key, mapping=self._unrecorded)
            pipe.sadd(self._pending, *self._unrecorded)
            pipe.execute()
        self._unrecorded.clear()

    def mark_finished(self, complete: bool = True) -> None:
        # A worker finishes only when the shared queue stayed empty: the crawl is done.
        try:
            self.flush()
            with self._server.pipeline() as pipe:
                pipe.delete(self._pending)
                if complete:
                    pipe.copy(self._run_started, self._finished_start, replace=True)
                pipe.delete(self._run_started)
                pipe.execute()
        except redis.RedisError as exc:
            self.health.failed(exc)

    @property
    def last_finished_start(self) -> datetime | None:
        return self._last_finished_start

    def close(self) -> None:
        try:
            self.flush()
        except redis.RedisError as exc:
            self.health.failed(exc)
            # Delivered, so not lost: the next crawl fetches and delivers them once more.
            logger.warning("%d delivered articles not recorded as seen: Redis is away",
                           len(self._unrecorded))
        self._server.close()
