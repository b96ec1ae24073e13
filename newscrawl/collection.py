"""A crawl of several sites (``-a sites=``) in one process: one Scrapy crawler per site.

Each site runs as the crawl of that site alone would: its own scheduler and download slots
(politeness per host), limits, incremental state, feeds, quarantine feed, run report and
monitors under ``output/<site>/``. A site that fails (nothing fetched, no items, its output
unwritable) costs no other site its data. ``NEWSCRAWL_SITES_AT_ONCE`` sites crawl at the
same time; the next listed site starts as soon as one finishes, so a big site never holds
back the small ones. Two sites that fetch from one host (a definition's domains cover their
subdomains) never crawl at the same time: each crawler has its own download slots, so that
host would otherwise get the requests of both.

When every site is done, ``NEWSCRAWL_SUMMARY_URI`` (default ``output/summary.md``) lists
each site with its numbers and outcome, each failed site is named on stderr, and the run's
exit status is that of its worst site (``newscrawl.outcome``). ``-o``/``-O`` collect every
site's delivered items into one file per feed, as does any of ``FEEDS`` that does not name
each site's own with ``%(site)s`` (``CollectedFeeds``).
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler, CrawlerRunnerBase
from scrapy.settings import BaseSettings
from scrapy.utils.conf import feed_complete_default_values_from_settings
from scrapy.utils.misc import load_object

from newscrawl.args import ArgumentError, CrawlArgs
from newscrawl.feedstorage import BatchFile
from newscrawl.ledger import SHARED_LEDGER, Ledger
from newscrawl.outcome import NOT_FINISHED, OK, OUTPUT_FAILED, Outcome, crawl_outcome, worst
from newscrawl.signals import articles_delivered, articles_writing, delivery_failed

logger = logging.getLogger(__name__)

_STOPPED = "shutdown"


@dataclass
class SiteResult:
    site: str
    stats: dict[str, Any] = field(default_factory=dict)
    outcome: Outcome = field(default_factory=lambda: Outcome(OK))
    ran: bool = False  # False: the run was stopped before this site started
    seconds: float = 0.0


@dataclass
class _Output:
    file: BatchFile | None  # None: standard output
    exporter: Any
    settled: dict[str, Any]  # the exporter's state after the last delivered batch


class CollectedFeeds:
    """The feeds every site of the crawl writes into: ``-o``/``-O``, and any of ``FEEDS``
    without ``%(site)s`` (Scrapyd's items file of the job).

    A site writes its batch into them as part of its delivery (``articles_writing``): after
    its own feed files, before the store records the batch. So they hold what the store
    says was delivered, however the sites' batches interleave. A write that fails takes
    the file back to its last whole batch and fails every site's next delivery, naming the
    file; a site whose own delivery failed takes back what it wrote here.
    """

    def __init__(self, feeds: dict[str, dict[str, Any]], settings: BaseSettings) -> None:
        exporters = settings.getwithbase("FEED_EXPORTERS")
        self._outputs: list[_Output] = []
        for uri, options in feeds.items():
            if "%(" in uri:
                raise ArgumentError(f"feed {uri}: a feed of every site takes no %(…)s but "
                                    f"%(site)s, which makes it each site's own")
            options = feed_complete_default_values_from_settings(options, settings, uri)
            file = self._open(uri, overwrite=bool(options.get("overwrite")))
            exporter = load_object(exporters[options["format"]])(
                file or sys.stdout.buffer, fields_to_export=options["fields"],
                encoding=options["encoding"], indent=options["indent"],
                **options["item_export_kwargs"])
            exporter.start_exporting()
            if file is not None:
                # The file's opening (a JSON array's "[") is no site's batch to take back.
                try:
                    file.deliver()
                except OSError as exc:
                    raise ArgumentError(f"feed {uri}: {exc.strerror}") from None
                file.settle()
            self._outputs.append(_Output(file, exporter, dict(vars(exporter))))

    @staticmethod
    def _open(uri: str, overwrite: bool) -> BatchFile | None:
        if uri == "stdout:":
            return None
        if "://" in uri and not uri.startswith("file://"):
            raise ArgumentError(f"feed {uri}: a feed of every site must be a local file "
                                f"(or name each site's own with %(site)s)")
        path = Path(uri.removeprefix("file://"))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return BatchFile(path, overwrite)
        except OSError as exc:
            raise ArgumentError(f"feed {uri}: {exc.strerror}") from None

    @property
    def broken(self) -> bool:
        return any(output.file is not None and output.file.broken for output in self._outputs)

    def connect(self, crawler: Crawler) -> None:
        crawler.signals.connect(self.write, signal=articles_writing)
        crawler.signals.connect(self.settle, signal=articles_delivered)
        crawler.signals.connect(self.take_back, signal=delivery_failed)

    def write(self, items: list[dict[str, Any]]) -> None:
        """The batch into every file; OSError (naming the file) when one cannot take it."""
        for output in self._outputs:
            for item in items:
                output.exporter.export_item(item)
            if output.file is None:
                sys.stdout.buffer.flush()
            else:
                output.file.deliver()

    def settle(self) -> None:
        for output in self._outputs:
            if output.file is not None:
                output.file.settle()
                output.settled = dict(vars(output.exporter))

    def take_back(self) -> None:
        for output in self._outputs:
            if output.file is not None:
                output.file.discard()
                # What the exporter remembers of the batches it wrote (a JSON array's
                # "first item written", a CSV header) goes back with them.
                vars(output.exporter).update(output.settled)

    def close(self) -> list[str]:
        """Finish every file; a problem per file that could not be finished."""
        problems = []
        for output in self._outputs:
            file, exporter = output.file, output.exporter
            try:
                exporter.finish_exporting()
                if file is None:
                    sys.stdout.buffer.flush()
                else:
                    file.close()
            except OSError as exc:
                problems.append(f"output not written: {exc.filename or 'stdout'}: "
                                f"{exc.strerror}")
        return problems


class SiteCrawls:
    """Crawls the listed sites, ``NEWSCRAWL_SITES_AT_ONCE`` at a time, in one process."""

    def __init__(self, process: CrawlerRunnerBase, site_runs: dict[str, dict[str, str]],
                 ledger: Ledger, collected: CollectedFeeds | None = None) -> None:
        self.process = process
        settings = process.settings
        self.at_once = max(1, settings.getint("NEWSCRAWL_SITES_AT_ONCE", 16))
        self.summary_uri = settings.get("NEWSCRAWL_SUMMARY_URI")
        self.collected = collected
        # One ledger for every site's crawler (see newscrawl.ledger.SHARED_LEDGER); its
        # opener closes it.
        self.ledger = ledger
        self._waiting = dict(site_runs)
        self._hosts = {site: CrawlArgs(**arguments).hosts
                       for site, arguments in site_runs.items()}
        self._running: set[str] = set()
        self._stopped = False
        self.results = {name: SiteResult(name) for name in site_runs}
        self.started = datetime.now(UTC)

    def run(self) -> int:
        """Crawl every site; the exit status of the run."""
        self._start_waiting()
        try:
            self.process.start()
        finally:
            problems = self.collected.close() if self.collected is not None else []
        for problem in problems:
            print(f"newscrawl: {problem}", file=sys.stderr)
        return worst([self._finish(), *(OUTPUT_FAILED for _ in problems)])

    def _start_waiting(self) -> None:
        """Start waiting sites in list order, up to ``at_once``, passing over those that
        share a host with a running site (they start when it ends)."""
        for site in list(self._waiting):
            if len(self._running) >= self.at_once or self._stopped or (
                    self.collected is not None and self.collected.broken):
                return
            if not any(share_host(self._hosts[site], self._hosts[running])
                       for running in self._running):
                self._start(site, self._waiting.pop(site))

    def _start(self, site: str, arguments: dict[str, str]) -> None:
        crawler = self.process.create_crawler("news")
        crawler.settings.set(SHARED_LEDGER, self.ledger, priority="cmdline")
        if self.collected is not None:
            self.collected.connect(crawler)
        self._running.add(site)
        began = time.monotonic()
        task = self.process.crawl(crawler, **arguments)
        # Called before the process's join() looks at its crawls again: the next site is
        # one of them before the process could take the run for done.
        task.add_done_callback(lambda done: self._finished(site, crawler, began, done))

    def _finished(self, site: str, crawler: Crawler, began: float,
                  task: asyncio.Task[None]) -> None:
        self._running.discard(site)
        result = self.results[site]
        result.ran = True
        result.seconds = time.monotonic() - began
        result.stats = {**crawler.stats.get_stats()}
        error = None if task.cancelled() else task.exception()
        if error is not None:
            result.outcome = Outcome(NOT_FINISHED, (f"could not start: {error}",))
        elif not result.stats.get("finish_reason"):
            result.outcome = Outcome(NOT_FINISHED, ("ended before it started",))
        else:
            result.outcome = crawl_outcome(result.stats)
        if result.stats.get("finish_reason") == _STOPPED:
            self._stopped = True  # Ctrl-C or Scrapyd's cancel: start no other site
        self._start_waiting()

    def _finish(self) -> int:
        results = list(self.results.values())
        if not self._stopped:
            # Only a stopped run leaves sites out; anything else that did is a failure.
            for result in results:
                if not result.ran:
                    result.outcome = Outcome(NOT_FINISHED, ("never started",))
        failed = [result for result in results if result.outcome.status != OK]
        for result in failed:
            for problem in result.outcome.problems:
                print(f"newscrawl: site {result.site}: {problem}", file=sys.stderr)
        if failed:
            print(f"newscrawl: {len(failed)} of {len(results)} sites failed: "
                  f"{', '.join(result.site for result in failed)}", file=sys.stderr)
        if self.summary_uri:
            path = Path(self.summary_uri)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(render_summary(results, self.started), encoding="utf-8")
        not_started = [result.site for result in results if not result.ran]
        if self._stopped and not_started:
            logger.warning("newscrawl: the run was stopped; not crawled: %s",
                           ", ".join(not_started))
        return worst([result.outcome.status for result in results])


def share_host(hosts: frozenset[str], others: frozenset[str]) -> bool:
    """Whether two sites fetch from one host: the same name, or one a subdomain of the
    other (``www.bbc.co.uk`` and the domain ``bbc.co.uk``)."""
    return any(host == other or host.endswith(f".{other}") or other.endswith(f".{host}")
               for host in hosts for other in others)


def render_summary(results: list[SiteResult], started: datetime) -> str:
    """The run's sites as a Markdown table: numbers and outcome of each."""
    failed = sum(result.outcome.status != OK for result in results)
    not_crawled = sum(not result.ran and result.outcome.status == OK for result in results)
    lines = [
        f"# newscrawl: {len(results)} sites",
        "",
        f"Started {started.isoformat(timespec='seconds')}; "
        f"{len(results) - failed - not_crawled} sites passed, {failed} failed, "
        f"{not_crawled} not crawled.",
        "",
        "| site | outcome | items | rejected | pages fetched | requests failed | seconds |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        stats = result.stats
        if not result.ran and result.outcome.status == OK:
            outcome = "not crawled (the run was stopped)"
        elif result.stats.get("finish_reason") == _STOPPED:
            outcome = "stopped before it finished (the run was stopped)"
        elif result.outcome.status == OK:
            outcome = "ok"
        else:
            outcome = "; ".join(result.outcome.problems).replace("|", "\\|")
        lines.append(
            f"| {result.site} | {outcome} | {stats.get('item_scraped_count', 0)} "
            f"| {stats.get('newscrawl/validate/rejected', 0)} "
            f"| {stats.get('response_received_count', 0)} "
            f"| {stats.get('downloader/exception_count', 0)} | {result.seconds:.1f} |")
    return "\n".join(lines) + "\n"
