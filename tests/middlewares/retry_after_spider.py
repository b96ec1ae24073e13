"""A spider for ``scrapy runspider``: requests the ``urls`` argument with the ``meta`` argument.

The retry-after tests use it to crawl with per-request meta (``dont_retry``,
``max_retry_times``) that the ``news`` spider never sets; what came back is in the stats.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure


class MetaSpider(scrapy.Spider):
    name = "retry_after_meta"
    site = "retry_after_meta"  # the project's file settings name files after a spider's site

    def __init__(self, urls: str, meta: str = "{}", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls = urls.split(",")
        self.meta = json.loads(meta)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.urls:
            yield scrapy.Request(url, meta=dict(self.meta), errback=self.failed)

    def parse(self, response: Response) -> None:
        self.crawler.stats.inc_value(f"test/status/{response.status}")

    def failed(self, failure: Failure) -> None:
        # HttpErrorMiddleware turns the final 429 into an HttpError.
        self.crawler.stats.inc_value(f"test/failed/{type(failure.value).__name__}")
