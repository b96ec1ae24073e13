"""Writes the final crawl stats as JSON (``NEWSCRAWL_STATS_FILE``, where ``%(site)s``
names the site: one file per site in a crawl of several), for scripts and tests."""

from __future__ import annotations

import json

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newscrawl.args import site_path
from newscrawl.extensions.run_files import STATS_FILE_ERROR, write_run_file
from newscrawl.meta import crawl_site


class StatsFile:
    def __init__(self, crawler: Crawler, path: str) -> None:
        self.crawler = crawler
        self.path = path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatsFile:
        path = crawler.settings.get("NEWSCRAWL_STATS_FILE")
        if not path:
            raise NotConfigured
        extension = cls(crawler, path)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, reason: str) -> None:
        stats = {**self.crawler.stats.get_stats(), "finish_reason": reason}
        write_run_file(self.crawler, STATS_FILE_ERROR,
                       site_path(self.path, crawl_site(self.crawler).name),
                       json.dumps(stats, default=str, indent=1, sort_keys=True))
