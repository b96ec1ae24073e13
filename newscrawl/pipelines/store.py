"""Store pipeline: every emitted item into the embedded article store (``newscrawl.store``).

Runs after validation and de-duplication, so the store holds exactly what the feeds get:
a new article, or a new version of a known one. Counted as ``newscrawl/store/<outcome>``
(``new``, ``updated``, ``unchanged``).
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from newscrawl.pipelines.dedupe import band_keys, body_signature
from newscrawl.store import ArticleStore


class StorePipeline:
    def __init__(self, crawler: Crawler, store: ArticleStore) -> None:
        self.crawler = crawler
        self.store = store

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler, ArticleStore.for_crawler(crawler))

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        # The signature is stored even with near-duplicate detection off: a later run that
        # turns it on can compare against everything stored before.
        signature = body_signature(item.get("body") or "")
        outcome = self.store.save(item, signature, band_keys(signature, item.get("site") or ""))
        self.crawler.stats.inc_value(f"newscrawl/store/{outcome}")
        return item

    def close_spider(self) -> None:
        self.store.commit()
