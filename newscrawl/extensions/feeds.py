"""Scrapy's feed exporter, delivering items in batches that every output agrees on.

An item is *delivered* when every feed has written it and the ledger has recorded it as
delivered, in that order, batch by batch (every
``NEWSCRAWL_STORE_COMMIT_ITEMS`` items or ``NEWSCRAWL_STORE_COMMIT_SECONDS`` seconds, and at
the end):

1. every feed file writes the batch (``newscrawl.feedstorage.BatchFile``), then the feeds
   shared with other crawls of the process (``articles_writing``);
2. the ledger marks the batch delivered and commits (from then on the articles count as
   seen: the next run skips them);
3. ``articles_delivered`` is sent.

A process killed at any point leaves the ledger's delivered articles a subset of the
feeds: what was not recorded is fetched and delivered again by the next run, and what was
is not delivered twice. A feed or ledger write that
fails (disk full, a read-only folder) takes every feed back to the last delivered batch,
stops the crawl with ``feed_write_failed`` (``scrapy crawl`` then exits with status 4) and
says which file and why in one line.

A feed Scrapy cannot use (an unknown storage scheme or format, a storage whose library is
missing) stops the crawl before anything is fetched, with the same reason and status:
Scrapy would switch every feed off and let the crawl run, writing its articles nowhere.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlparse

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, NotConfigured
from scrapy.extensions.feedexport import FeedExporter
from scrapy.settings import SETTINGS_PRIORITIES
from scrapy.utils.defer import deferred_from_coro
from twisted.internet.task import LoopingCall
from twisted.python.failure import Failure

from newscrawl.feedstorage import BatchFile
from newscrawl.ledger import CrawlLedger, LedgerError
from newscrawl.meta import crawl_site
from newscrawl.signals import articles_delivered, articles_writing, delivery_failed

logger = logging.getLogger(__name__)

FAILED_REASON = "feed_write_failed"


class ArticleFeedExporter(FeedExporter):
    def __init__(self, crawler: Crawler, batch_items: int = 100,
                 batch_seconds: float = 2.0) -> None:
        feeds = crawler.settings.getdict("FEEDS")
        self._unusable: list[str] = []
        try:
            if not feeds:
                # No feed file of its own (one site of several whose only feed is shared,
                # or FEEDS={}): the batches still go to the shared feeds and the ledger.
                # Scrapy's exporter would turn itself off.
                raise NotConfigured
            super().__init__(crawler)
        except NotConfigured:
            self._unusable = [str(uri) for uri in feeds]  # Scrapy has logged why
            self.crawler, self.settings = crawler, crawler.settings
            self.feeds, self.slots, self.filters, self._pending_close_tasks = {}, [], {}, []
        self.batch_items = max(1, batch_items)
        self.batch_seconds = batch_seconds
        self._batch: list[dict[str, Any]] = []
        self._failed = False
        self._timer = LoopingCall(self.deliver)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArticleFeedExporter:
        settings = crawler.settings
        exporter = cls(crawler, settings.getint("NEWSCRAWL_STORE_COMMIT_ITEMS", 100),
                       settings.getfloat("NEWSCRAWL_STORE_COMMIT_SECONDS", 2.0))
        crawler.signals.connect(exporter.open_spider, signals.spider_opened)
        crawler.signals.connect(exporter.close_spider, signals.spider_closed)
        crawler.signals.connect(exporter.item_scraped, signals.item_scraped)
        return exporter

    def open_spider(self, spider: Spider) -> None:
        if self._unusable:
            self._failed = True
            self.crawler.stats.set_value(
                "newscrawl/feeds/error",
                f"{', '.join(self._unusable)}: a feed Scrapy cannot use (see its error above)")
            raise CloseSpider(FAILED_REASON)
        self._keep_an_unfinished_crawls_feeds()
        super().open_spider(spider)
        if self.batch_seconds > 0:
            self._timer.start(self.batch_seconds, now=False)

    def _keep_an_unfinished_crawls_feeds(self) -> None:
        """A crawl that completes one that was killed or failed appends to the project's
        feed files instead of replacing them: the articles that crawl delivered, which
        this one skips as seen, are in those files and nowhere else a reader looks.
        Feeds given with ``-O`` are replaced, as asked, and so are those of a run that is
        not incremental: it delivers every article again."""
        if (self.settings.getpriority("FEEDS") >= SETTINGS_PRIORITIES["cmdline"]
                or not self.settings.getbool("NEWSCRAWL_INCREMENTAL")):
            return
        site = crawl_site(self.crawler).name
        if not CrawlLedger.of(self.crawler).completes(site):
            return
        kept = [uri for uri, options in self.feeds.items()
                if options.get("overwrite") and urlparse(uri).scheme in ("", "file")]
        for uri in kept:
            self.feeds[uri]["overwrite"] = False
        if kept:
            logger.info("newscrawl: the last crawl of %s did not finish; this one completes "
                        "it, and appends to its feeds (%s)", site, ", ".join(kept))

    def item_scraped(self, item: Any, spider: Spider) -> None:
        if self._failed:
            # The crawl is stopping; this item goes to the next run, like the others.
            self.crawler.stats.inc_value("newscrawl/feeds/not_delivered")
            return
        try:
            super().item_scraped(item, spider)
        except OSError as exc:
            self._fail(exc)
            self.crawler.stats.inc_value("newscrawl/feeds/not_delivered")
            return
        self._batch.append(item)
        if len(self._batch) >= self.batch_items:
            self.deliver()

    def _files(self) -> list[BatchFile]:
        # A post-processed feed (gzip…) keeps the storage's file as .file.
        files = (getattr(slot.file, "file", slot.file) for slot in self.slots)
        return [file for file in files if isinstance(file, BatchFile) and not file.closed]

    def deliver(self) -> None:
        """Write, record and announce the pending batch (see the module docstring)."""
        if not self._batch or self._failed:
            return
        batch = self._batch
        files = self._files()
        ledger = CrawlLedger.of(self.crawler)
        try:
            for slot in self.slots:  # standard output and other storages: written through
                if slot.file is not None and not isinstance(slot.file, BatchFile):
                    slot.file.flush()
            for file in files:
                file.deliver()
            for _, result in self.crawler.signals.send_catch_log(
                    articles_writing, items=batch, dont_log=OSError):
                if isinstance(result, Failure) and result.check(OSError):
                    raise result.value
            ledger.mark_delivered(item["url"] for item in batch)
            ledger.commit()
        except (OSError, LedgerError) as exc:
            self._fail(exc)
            return
        self._batch = []
        for file in files:
            file.settle()
        self.crawler.stats.inc_value("newscrawl/feeds/delivered", len(batch))
        self.crawler.signals.send_catch_log(articles_delivered, items=batch)

    def _fail(self, exc: Exception) -> None:
        """Every feed back to its last delivered batch; the crawl stops, failed."""
        self._failed = True
        for file in self._files():
            file.rollback()
        self.crawler.signals.send_catch_log(delivery_failed)
        self.crawler.stats.inc_value("newscrawl/feeds/not_delivered", len(self._batch))
        self._batch = []
        ledger = CrawlLedger.of(self.crawler)
        if not isinstance(exc, OSError):
            try:
                ledger.rollback(str(exc))  # no mark of this batch may be committed later
            except LedgerError:
                logger.debug("ledger rollback after a failed delivery", exc_info=True)
        stats = self.crawler.stats
        stats.inc_value("newscrawl/feeds/write_failed")
        if isinstance(exc, OSError) and exc.filename:
            what = f"{exc.filename}: {exc.strerror}"
        else:
            what = f"{ledger.location}: {exc}"
        stats.set_value("newscrawl/feeds/error", what)
        logger.error("newscrawl: cannot write %s; the crawl stops, and the next run delivers "
                     "what was not written", what)
        if self.crawler.engine is not None and self.crawler.engine.spider is not None:
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=FAILED_REASON))

    async def close_spider(self, spider: Spider) -> None:
        if self._timer.running:
            self._timer.stop()
        self.deliver()
        if self._failed:
            for file in self._files():
                file.rollback()  # nothing more, not even a closing "]"
        await super().close_spider(spider)
