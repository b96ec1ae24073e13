"""Store pipeline: every emitted item into the embedded article store (``newscrawl.store``).

Runs after validation and de-duplication, so the store holds exactly what the feeds get:
a new article, or a new version of a known one. Counted as ``newscrawl/store/<outcome>``
(``new``, ``updated``, ``unchanged``). Stored is not yet delivered: the feed exporter marks
an article delivered once the feeds wrote it (``newscrawl.extensions.feeds``).
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_from_coro

from newscrawl.pipelines.dedupe import band_keys, body_signature
from newscrawl.store import ArticleStore

logger = logging.getLogger(__name__)

FAILED_REASON = "store_write_failed"


class StorePipeline:
    def __init__(self, crawler: Crawler, store: ArticleStore) -> None:
        self.crawler = crawler
        self.store = store
        self._failed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler, ArticleStore.for_crawler(crawler))

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        # The signature is stored even with near-duplicate detection off: a later run that
        # turns it on can compare against everything stored before.
        signature = body_signature(item.get("body") or "")
        try:
            outcome = self.store.save(item, signature,
                                      band_keys(signature, item.get("site") or ""))
        except sqlite3.Error as exc:
            self._fail(exc)
            raise DropItem(f"not stored ({exc}); the next run fetches it again: "
                           f"{item['url']}") from None
        self.crawler.stats.inc_value(f"newscrawl/store/{outcome}")
        return item

    def _fail(self, exc: sqlite3.Error) -> None:
        """A store that cannot be written (disk full, read-only) fails the run: nothing
        unstored may reach the feeds, since the next run would not know to deliver it."""
        self.crawler.stats.inc_value("newscrawl/store/write_failed")
        if self._failed:
            return
        self._failed = True
        self.crawler.stats.set_value("newscrawl/store/error", f"{self.store.path}: {exc}")
        logger.error("newscrawl: cannot write the store %s: %s; the crawl stops, and the "
                     "next run fetches what was not stored", self.store.path, exc)
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason=FAILED_REASON))

    def close_spider(self) -> None:
        self.store.commit()
