"""De-duplication pipeline: one item per canonical URL within a run."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newscrawl.cleaning import canonical_key


class DedupePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler)

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        key = canonical_key(item["url"])
        if key in self._seen:
            self.crawler.stats.inc_value("newscrawl/dedupe/duplicate_url")
            raise DropItem(f"duplicate of an article already emitted: {item['url']}")
        self._seen.add(key)
        return item
