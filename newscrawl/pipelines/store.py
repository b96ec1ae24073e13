"""Store pipeline: every emitted item into the article ledger (``newscrawl.ledger``).

Runs after validation and de-duplication, so the store holds exactly what the feeds get:
a new article, or a new version of a known one. Counted as ``newscrawl/store/<outcome>``
(``new``, ``updated``, ``unchanged``). Stored is not yet delivered: the feed exporter marks
an article delivered once the feeds wrote it (``newscrawl.extensions.feeds``).
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newscrawl.ledger import CrawlLedger, Ledger, LedgerError, ledger_failed
from newscrawl.pipelines.dedupe import band_keys, body_signature


class StorePipeline:
    def __init__(self, crawler: Crawler, store: Ledger) -> None:
        self.crawler = crawler
        self.store = store

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler, CrawlLedger.of(crawler))

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        # The signature is stored even with near-duplicate detection off: a later run that
        # turns it on can compare against everything stored before.
        signature = body_signature(item.get("body") or "")
        try:
            outcome = self.store.save(item, signature,
                                      band_keys(signature, item.get("site") or ""))
        except LedgerError as exc:
            ledger_failed(self.crawler, self.store, exc)
            raise DropItem(f"not stored ({exc}); the next run fetches it again: "
                           f"{item['url']}") from None
        self.crawler.stats.inc_value(f"newscrawl/store/{outcome}")
        return item

    def close_spider(self) -> None:
        try:
            self.store.commit()
        except LedgerError as exc:
            ledger_failed(self.crawler, self.store, exc)
