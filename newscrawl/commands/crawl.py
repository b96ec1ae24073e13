"""``scrapy crawl`` for newscrawl: bad ``news`` arguments and a site already being crawled
are refused in one line before anything is fetched (status 2); a run whose feeds, store or
web archive could not be written exits with status 4, one that stopped before it finished
for another reason (Redis gone) with status 5, one that failed its monitors
(``newscrawl.monitors``) with status 3. ``-o``/``-O`` replace the project's feeds."""

from __future__ import annotations

import logging
import sys
from argparse import Namespace

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.crawler import Crawler
from scrapy.spiders import Spider
from scrapy.utils.conf import feed_process_params_from_cli

from newscrawl.args import ArgumentError, CrawlArgs
from newscrawl.extensions.feeds import FAILED_REASON as FEED_FAILED
from newscrawl.monitors import FAILED, FAILURES
from newscrawl.pipelines.store import FAILED_REASON as STORE_FAILED
from newscrawl.state import CrawlLock, CrawlLocked
from newscrawl.warc.recorder import FAILED_REASON as WARC_FAILED

logger = logging.getLogger(__name__)

REFUSED = 2
MONITORS_FAILED = 3
OUTPUT_FAILED = 4
NOT_FINISHED = 5
# Ends that are no failure: the crawl finished, a user or Scrapyd stopped it, or one of
# Scrapy's CLOSESPIDER_* limits (closespider_timeout, …) was reached as configured.
_EXPECTED_ENDS = ("finished", "shutdown")


class Command(ScrapyCrawl):
    def process_options(self, args: list[str], opts: Namespace) -> None:
        super().process_options(args, opts)
        if opts.output or opts.overwrite_output:
            # Scrapy adds -o/-O to the project's FEEDS; a user naming an output means that
            # one alone (the project's feeds would be overwritten with this run's items).
            without_project_feeds = self.settings.copy()
            without_project_feeds.set("FEEDS", {}, priority="cmdline")
            feeds = feed_process_params_from_cli(without_project_feeds, opts.output,
                                                 overwrite_output=opts.overwrite_output)
            self.settings.set("FEEDS", feeds, priority="cmdline")

    def run(self, args: list[str], opts: Namespace) -> None:
        lock = None
        if args and args[0] == "news":
            try:
                crawl_args = CrawlArgs.parse(opts.spargs)
            except ArgumentError as exc:
                self._refuse(str(exc))
                return
            # Redis workers of one site share their state by design.
            if not self.settings.get("NEWSCRAWL_REDIS_URL"):
                site = crawl_args.site_name
                try:
                    lock = CrawlLock.for_site(self.settings, site)
                except CrawlLocked as exc:
                    self._refuse(f"site {site} is already being crawled: {exc}")
                    return
                except OSError as exc:  # the state folder cannot be written
                    self._refuse(f"cannot lock the state of site {site}: {exc}")
                    return
        try:
            super().run(args, opts)
        finally:
            if lock is not None:
                lock.release()
        crawler = getattr(self, "_crawler", None)
        if self.exitcode == 0 and crawler is not None:
            self.exitcode = self._outcome(crawler)

    def _outcome(self, crawler: Crawler) -> int:
        """Scrapy itself exits non-zero only when a crawl could not start; a crawl that
        ran but could not write its output, or gave bad items, has failed too, and a
        scheduler should see it."""
        stats = crawler.stats
        reason = stats.get_value("finish_reason")
        failed_feeds = sum(value for key, value in stats.get_stats().items()
                           if key.startswith("feedexport/failed_count/"))
        if reason in (FEED_FAILED, STORE_FAILED, WARC_FAILED) or failed_feeds:
            # The store fails first when it does (the pipelines run before the feeds).
            error = (stats.get_value("newscrawl/store/error")
                     or stats.get_value("newscrawl/feeds/error")
                     or stats.get_value("newscrawl/warc/error") or "a feed was not stored")
            print(f"newscrawl: output not written: {error}", file=sys.stderr)
            return OUTPUT_FAILED
        if reason not in _EXPECTED_ENDS and not str(reason).startswith("closespider_"):
            print(f"newscrawl: the crawl stopped before it finished: {reason}", file=sys.stderr)
            return NOT_FINISHED
        if stats.get_value(FAILED):
            for failure in stats.get_value(FAILURES, []):
                print(f"newscrawl: monitor failed: {failure}", file=sys.stderr)
            return MONITORS_FAILED
        return 0

    def _refuse(self, message: str) -> None:
        print(f"newscrawl: {message}", file=sys.stderr)
        if self.settings.get("LOG_FILE"):
            # Scrapyd keeps the job's log (LOG_FILE), not the runner's stderr.
            logger.error("newscrawl: %s", message)
        self.exitcode = REFUSED

    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        self._crawler = super()._create_crawler(spidercls)  # its stats outlive the crawl
        return self._crawler
