"""``scrapy crawl`` that rejects bad ``news`` arguments in one line, before any crawling,
and exits with status 3 when the run failed its monitors (``newscrawl.monitors``)."""

from __future__ import annotations

import sys
from argparse import Namespace

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.crawler import Crawler
from scrapy.spiders import Spider

from newscrawl.args import ArgumentError, CrawlArgs
from newscrawl.monitors import FAILED, FAILURES

MONITORS_FAILED = 3


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: Namespace) -> None:
        if args and args[0] == "news":
            try:
                CrawlArgs.parse(opts.spargs)
            except ArgumentError as exc:
                print(f"newscrawl: {exc}", file=sys.stderr)
                self.exitcode = 2
                return
        super().run(args, opts)
        # Scrapy itself exits non-zero only when a crawl could not start; a crawl that
        # ran but gave bad items has failed too, and a scheduler should see it.
        crawler = getattr(self, "_crawler", None)
        if self.exitcode == 0 and crawler is not None and crawler.stats.get_value(FAILED):
            for failure in crawler.stats.get_value(FAILURES, []):
                print(f"newscrawl: monitor failed: {failure}", file=sys.stderr)
            self.exitcode = MONITORS_FAILED

    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        self._crawler = super()._create_crawler(spidercls)  # its stats outlive the crawl
        return self._crawler
