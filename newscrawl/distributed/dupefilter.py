"""The shared duplicate filter: scrapy-redis' Redis set, with Scrapy's fingerprints and a TTL.

Two changes to ``scrapy_redis.dupefilter.RFPDupeFilter``:

* a request's key is the project's (``newscrawl.dupefilter.CanonicalDupeFilter``: method
  + canonical URL, tracking parameters ignored), not scrapy-redis' own sha1 of method +
  ``canonicalize_url`` + body: one worker or five, the same URLs count as the same page;
* the set expires: ``touch()`` (called by the scheduler while the crawl runs) keeps it
  ``ttl`` seconds ahead, and ``close()`` does not delete it (other workers still use it;
  the last worker of a finished crawl removes it, see ``WorkerRegistry.leave``).
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy_redis.dupefilter import RFPDupeFilter

from newscrawl.cleaning import canonical_key
from newscrawl.distributed.health import connect
from newscrawl.distributed.keys import RedisKeys
from newscrawl.meta import crawl_site


class RedisDupeFilter(RFPDupeFilter):
    def __init__(self, server: Any, key: str, crawler: Crawler, ttl: int,
                 debug: bool = False) -> None:
        super().__init__(server, key=key, debug=debug)
        self.crawler = crawler
        self.ttl = ttl
        # Renew often enough that a worker killed right after a renewal leaves a set that
        # still expires about ``ttl`` later.
        self.refresh_every = min(ttl / 10, 10.0)
        self._touched = float("-inf")

    @classmethod
    def from_crawler(cls, crawler: Crawler, server: Any = None) -> RedisDupeFilter:
        """``server``: the scheduler's client (one connection pool per worker)."""
        settings = crawler.settings
        keys = RedisKeys(settings.get("NEWSCRAWL_REDIS_KEY_PREFIX"), crawl_site(crawler).name)
        if server is None:
            server = connect(settings.get("NEWSCRAWL_REDIS_URL"),
                             settings.getfloat("NEWSCRAWL_REDIS_TIMEOUT"))
        return cls(
            server,
            key=keys.dupefilter,
            crawler=crawler,
            ttl=settings.getint("NEWSCRAWL_REDIS_STATE_TTL"),
            debug=settings.getbool("DUPEFILTER_DEBUG"),
        )

    @classmethod
    def from_spider(cls, spider: Spider) -> RedisDupeFilter:
        return cls.from_crawler(spider.crawler)

    def request_fingerprint(self, request: Request) -> str:
        key = f"{request.method} {canonical_key(request.url)}"
        # Hashed: a set of 20-byte digests instead of whole URLs, whatever their length.
        return hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()

    def request_seen(self, request: Request) -> bool:
        seen = super().request_seen(request)
        self.touch()
        return seen

    def touch(self, force: bool = False) -> None:
        """Push the expiry ``ttl`` ahead (at most every ``refresh_every`` s unless forced)."""
        now = time.monotonic()
        # EXPIRE on a missing key does nothing and returns 0: retry until the set exists.
        if (force or now - self._touched > self.refresh_every) and self.server.expire(
            self.key, self.ttl
        ):
            self._touched = now

    def close(self, reason: str = "") -> None:
        # scrapy-redis deletes the set here: with several workers that erases the memory
        # of every other worker's crawl. Keep it; it expires or the last worker removes it.
        self.touch(force=True)
