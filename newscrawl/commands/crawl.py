"""``scrapy crawl`` for newscrawl: bad ``news`` arguments and a site already being crawled
are refused in one line before anything is fetched (status 2); a run whose feeds, store or
web archive could not be written exits with status 4, one that stopped before it finished
for another reason (Redis gone) with status 5, one that failed its monitors
(``newscrawl.monitors``) with status 3 (``newscrawl.outcome``). ``-o``/``-O`` replace the
project's feeds; with ``-a sites=`` they, and any feed without ``%(site)s``, collect every
site's items beside the sites' own feeds (``newscrawl.collection``)."""

from __future__ import annotations

import logging
import sys
from argparse import Namespace
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.crawler import Crawler
from scrapy.spiders import Spider
from scrapy.utils.conf import feed_process_params_from_cli

from newscrawl.args import SITE_PLACEHOLDER, ArgumentError, CrawlArgs
from newscrawl.collection import CollectedFeeds, SiteCrawls
from newscrawl.ledger import SHARED_LEDGER, Ledger, LedgerError, open_from_settings
from newscrawl.lock import CrawlLock, CrawlLocked
from newscrawl.outcome import OUTPUT_FAILED, REFUSED, crawl_outcome, worst

logger = logging.getLogger(__name__)


class Command(ScrapyCrawl):
    collected_feeds: dict[str, dict[str, Any]] | None = None
    _ledger: Ledger

    def process_options(self, args: list[str], opts: Namespace) -> None:
        output, overwrite_output = opts.output, opts.overwrite_output
        opts.output = opts.overwrite_output = None  # -o/-O are ours to place (see below)
        super().process_options(args, opts)
        configured = self.settings.getdict("FEEDS")  # the project's, or -s FEEDS (Scrapyd)
        named = {}
        if output or overwrite_output:
            without_feeds = self.settings.copy()  # Scrapy's helper adds FEEDS to the result
            without_feeds.set("FEEDS", {}, priority="cmdline")
            named = feed_process_params_from_cli(without_feeds, output,
                                                 overwrite_output=overwrite_output)
        if opts.spargs.get("sites"):
            # Several sites: a feed naming %(site)s is each site's own; any other is one
            # file that every site writes into.
            feeds = {**configured, **named}
            self.collected_feeds = {uri: options for uri, options in feeds.items()
                                    if SITE_PLACEHOLDER not in uri}
            own = {uri: options for uri, options in feeds.items() if SITE_PLACEHOLDER in uri}
            # At the priority they were given with: the project's feeds stay the project's
            # (a run completing a stopped one appends to them), -O's are replaced.
            given = ("cmdline" if any(uri in named for uri in own)
                     else self.settings.getpriority("FEEDS"))
            self.settings.set("FEEDS", own, priority=given)
        elif named:
            # A user naming an output means that one alone (the project's feeds would be
            # overwritten with this run's items).
            self.settings.set("FEEDS", named, priority="cmdline")

    def run(self, args: list[str], opts: Namespace) -> None:
        if not args or args[0] != "news":
            super().run(args, opts)
            return
        try:
            crawl_args = CrawlArgs.parse(opts.spargs)
            site_runs = crawl_args.site_runs()
        except ArgumentError as exc:
            self._refuse(str(exc))
            return
        locks = []
        try:
            # Redis workers of one site share their state by design.
            if not self.settings.get("NEWSCRAWL_REDIS_URL"):
                for site in site_runs:
                    try:
                        locks.append(CrawlLock.for_site(self.settings, site))
                    except CrawlLocked as exc:
                        self._refuse(f"site {site} is already being crawled: {exc}")
                        return
                    except OSError as exc:  # the state folder cannot be written
                        self._refuse(f"cannot lock the state of site {site}: {exc}")
                        return
            # Opened here, once for every site crawled, so that a store that cannot be
            # opened is one line before anything is fetched, not a traceback.
            try:
                self._ledger = open_from_settings(self.settings)
            except LedgerError as exc:
                self._refuse(f"output not written: {exc}", OUTPUT_FAILED)
                return
            try:
                if crawl_args.sites:
                    self._crawl_sites(site_runs)
                    return
                super().run(args, opts)
            finally:
                try:
                    self._ledger.close()
                except LedgerError as exc:
                    print(f"newscrawl: output not written: {exc}", file=sys.stderr)
                    self.exitcode = worst([self.exitcode, OUTPUT_FAILED])
        finally:
            for lock in locks:
                lock.release()
        crawler = getattr(self, "_crawler", None)
        if self.exitcode == 0 and crawler is not None:
            outcome = crawl_outcome(crawler.stats.get_stats())
            for problem in outcome.problems:
                print(f"newscrawl: {problem}", file=sys.stderr)
            self.exitcode = outcome.status

    def _crawl_sites(self, site_runs: dict[str, dict[str, str]]) -> None:
        try:
            collected = (CollectedFeeds(self.collected_feeds, self.settings)
                         if self.collected_feeds else None)
        except ArgumentError as exc:
            self._refuse(str(exc))
            return
        self.exitcode = SiteCrawls(self.crawler_process, site_runs, self._ledger,
                                   collected).run()

    def _refuse(self, message: str, status: int = REFUSED) -> None:
        message = " ".join(message.split())  # one line, whatever a library's error holds
        print(f"newscrawl: {message}", file=sys.stderr)
        if self.settings.get("LOG_FILE"):
            # Scrapyd keeps the job's log (LOG_FILE), not the runner's stderr.
            logger.error("newscrawl: %s", message)
        self.exitcode = status

    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        self._crawler = super()._create_crawler(spidercls)  # its stats outlive the crawl
        self._crawler.settings.set(SHARED_LEDGER, self._ledger, priority="cmdline")
        return self._crawler
