"""The duplicate filter: one request per canonical URL, tracking parameters ignored.

It is deliberately not persisted in ``JOBDIR``: after a crash, a persisted fingerprint may
name a request that was queued but never fetched. What a crawl already emitted is known
durably from the ledger instead (``newscrawl.ledger``).
"""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.dupefilters import BaseDupeFilter

from newscrawl.cleaning import canonical_key

logger = logging.getLogger(__name__)


class CanonicalDupeFilter(BaseDupeFilter):
    def __init__(self, crawler: Crawler | None = None) -> None:
        self.crawler = crawler
        self._seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CanonicalDupeFilter:
        return cls(crawler)

    def request_seen(self, request: Request) -> bool:
        key = f"{request.method} {canonical_key(request.url)}"
        if key in self._seen:
            return True
        self._seen.add(key)
        return False

    def log(self, request: Request, spider: object = None) -> None:
        if self.crawler is not None:
            self.crawler.stats.inc_value("dupefilter/filtered")
