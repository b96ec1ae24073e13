"""The baseline: bare Scrapy following the demo site's links, yielding URL and title only."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, start_url: str, stats_file: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_url = start_url
        self.stats_file = stats_file

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(self.start_url, callback=self.parse_listing)

    def parse_listing(self, response: scrapy.http.Response) -> Iterator[scrapy.Request]:
        yield from response.follow_all(css="nav.navigation-main .menu a[href*='/category/']",
                                       callback=self.parse_listing)
        yield from response.follow_all(css=".main-pagination a.next", callback=self.parse_listing)
        yield from response.follow_all(css=".loop .l-post .post-title a",
                                       callback=self.parse_article)

    def parse_article(self, response: scrapy.http.Response) -> Iterator[dict[str, str]]:
        yield {"url": response.url, "title": response.css("h1::text").get()}

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> BareSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # Once the engine stopped: after Scrapy's own stats set elapsed_time_seconds on
        # spider_closed, which a spider's closed() runs before. Without it the rate was
        # taken over the process's whole life, start-up included, unlike newscrawl's.
        crawler.signals.connect(spider.write_stats, signal=signals.engine_stopped)
        return spider

    def write_stats(self) -> None:
        Path(self.stats_file).write_text(json.dumps(self.crawler.stats.get_stats(), default=str))
