"""The incremental state in Redis: every worker of a site reads and records the same articles."""

from __future__ import annotations

import redis

from newscrawl.cleaning import canonical_key
from newscrawl.distributed.keys import RedisKeys
from newscrawl.state import unchanged, utc


class RedisSeenArticles:
    """``SeenArticles`` in one Redis hash (key → version emitted), kept across crawls,
    with a set of the keys whose crawl has not finished yet."""

    def __init__(self, server: redis.Redis, key: str) -> None:
        self._server = server
        self._key = key
        self._pending = f"{key}:pending"
        known, pending = server.hkeys(key), server.smembers(self._pending)
        self._at_start = frozenset(field.decode() for field in set(known) - pending)

    @classmethod
    def from_settings(cls, url: str, prefix: str, site: str) -> RedisSeenArticles:
        return cls(redis.Redis.from_url(url), RedisKeys(prefix, site).seen)

    def __len__(self) -> int:
        return self._server.hlen(self._key)

    def is_known(self, url: str, lastmod: str | None = None) -> bool:
        version = self._server.hget(self._key, canonical_key(url))
        return version is not None and unchanged(utc(version.decode() or None), lastmod)

    def known_at_start(self, url: str) -> bool:
        return canonical_key(url) in self._at_start

    def add(self, url: str, version: str | None = None) -> None:
        key = canonical_key(url)
        with self._server.pipeline() as pipe:
            pipe.hset(self._key, key, version or "")
            pipe.sadd(self._pending, key)
            pipe.execute()

    def mark_finished(self) -> None:
        # A worker finishes only when the shared queue stayed empty: the crawl is done.
        self._server.delete(self._pending)

    def close(self) -> None:
        self._server.close()
