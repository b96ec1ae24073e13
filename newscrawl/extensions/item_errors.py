"""Items lost to an error, counted: ``newscrawl/item_errors/count`` and
``newscrawl/item_errors/<exception>``.

An exception other than ``DropItem`` in an item pipeline (a bug, a value nothing expected)
ends the item there, before the feeds and the store. Scrapy logs it with its traceback but
counts nothing, unlike an exception in a spider callback (``spider_exceptions/…``); the
errors monitor (``newscrawl.monitors``) fails the run on either.
"""

from __future__ import annotations

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector
from twisted.python.failure import Failure

ITEM_ERRORS = "newscrawl/item_errors"


class ItemErrorStats:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ItemErrorStats:
        extension = cls(crawler.stats)
        crawler.signals.connect(extension.item_error, signal=signals.item_error)
        return extension

    def item_error(self, failure: Failure) -> None:
        self.stats.inc_value(f"{ITEM_ERRORS}/count")
        self.stats.inc_value(f"{ITEM_ERRORS}/{failure.type.__name__}")
