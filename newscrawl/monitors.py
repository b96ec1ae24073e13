"""Spidermon monitors that fail a run loudly when a site stops giving good items.

Run when the spider closes (``SPIDERMON_SPIDER_CLOSE_MONITORS``):

- the site returned no items, and nothing says they were merely known already
  (incremental skips, unchanged or near-duplicate articles);
- a field's fill rate fell below its minimum: the site definition's ``min_fill``, over
  the defaults in ``NEWSCRAWL_MIN_FILL``. For a field the definition has a selector for,
  only values that selector found count: the generic fallback quietly covering for a
  broken selector is the layout change this is meant to catch;
- more than ``NEWSCRAWL_MAX_REJECTED_SHARE`` of the items were rejected by validation;
- more than ``NEWSCRAWL_MAX_GIVEN_UP_SHARE`` of the pages requested were given up on after
  their retries (a site down, or refusing the crawler with 503s): the next run asks for
  them again, but this one lacks them;
- a page or an item was lost to an error: an exception in a spider callback or an item
  pipeline (a bug) that ended it before the feeds, with its traceback in the log;
- the browser failed a page that needs it (it would not start, it crashed): the page is
  asked for again by the next run, but this run lacks it.

Whatever the outcome, ``RecordOutcome`` writes ``newscrawl/monitors/failed`` (a count)
and ``newscrawl/monitors/failures`` (one line per failure) into the stats and logs the
failures as errors; ``scrapy crawl`` (``newscrawl.commands.crawl``) then exits non-zero.
"""

from __future__ import annotations

import logging
import warnings
from typing import Any

from scrapy.exceptions import ScrapyDeprecationWarning
from spidermon import Monitor, MonitorSuite, monitors
from spidermon.core.actions import Action

from newscrawl.extensions.item_errors import ITEM_ERRORS
from newscrawl.extensions.report import field_health
from newscrawl.meta import crawl_site
from newscrawl.middlewares.render import STATS as RENDER_STATS
from newscrawl.sites.definition import SiteDefinition

logger = logging.getLogger(__name__)
# Spidermon 1.27 logs its results through Spider.log(), deprecated since Scrapy 2.14: one
# warning per run that says nothing about the crawl. (This module is loaded by Spidermon's
# extension before any suite runs.)
warnings.filterwarnings("ignore", message=r"Spider\.log\(\) is deprecated",
                        category=ScrapyDeprecationWarning)

FAILED = "newscrawl/monitors/failed"
FAILURES = "newscrawl/monitors/failures"
# Stats that mean "articles were there, but known already": an incremental run that finds
# nothing new has not failed.
NOTHING_NEW = (
    "newscrawl/incremental/known",
    "newscrawl/incremental/listing_stopped",
    "newscrawl/since/older",
    "newscrawl/since/listing_stopped",
    "newscrawl/dedupe/seen_before",
    "newscrawl/dedupe/near_duplicate",
    "newscrawl/wordpress/nothing_new",
)


def _percent(value: float) -> str:
    return f"{value:.0%}"


def _reasons(stats: dict[str, Any], prefix: str = "newscrawl/rejected/") -> str:
    """The counts under ``prefix``, most first: ``short_body: 3, missing_title: 1``."""
    counts = sorted(((k[len(prefix):], v) for k, v in stats.items() if k.startswith(prefix)),
                    key=lambda pair: -pair[1])
    return ", ".join(f"{reason}: {count}" for reason, count in counts) or "none"


def min_fill(settings: Any, site: SiteDefinition | None) -> dict[str, float]:
    """Minimum fill rate per field: the defaults, overridden by the site definition's."""
    thresholds = dict(settings.getdict("NEWSCRAWL_MIN_FILL"))
    if site is not None:
        thresholds.update(site.min_fill)
    return {field: float(value) for field, value in thresholds.items()}


def selected_fields(site: SiteDefinition | None) -> set[str]:
    """Fields the site definition has its own selector for."""
    if site is None:
        return set()
    return set(site.fields) | {name for name in ("body", "images") if getattr(site, name)}


class _SiteMonitor(Monitor):
    @property
    def stats(self) -> dict[str, Any]:
        return self.data.stats

    @property
    def site_name(self) -> str:
        return crawl_site(self.data.crawler).name

    @property
    def site_definition(self) -> SiteDefinition | None:
        return crawl_site(self.data.crawler).definition


@monitors.name("Items")
class ItemsMonitor(_SiteMonitor):
    @monitors.name("the site returned items")
    def test_site_returned_items(self) -> None:
        stats = self.stats
        if stats.get("item_scraped_count", 0) or any(stats.get(key) for key in NOTHING_NEW):
            return
        if (not stats.get("downloader/request_count")
                and stats.get("finish_reason", "finished") != "finished"):
            # Stopped at its start (a feed or store it cannot use): that failure is the
            # crawl's outcome, not the site's links.
            self.skipTest("the crawl stopped before it fetched anything")
        # The answers' statuses: a site that refuses the crawler (403), or whose
        # robots.txt does, is not a layout change.
        forbidden = stats.get("robotstxt/forbidden", 0)
        errors = stats.get("downloader/exception_count", 0)
        hint = (f"robots.txt forbade {forbidden} pages: the site does not allow this "
                f"crawler (ROBOTSTXT_OBEY)" if forbidden else
                "Do its start URLs and link selectors still match the site?")
        # A server that never answers (timeouts) or cannot be reached is not a layout
        # change either.
        failed = (f", {errors} requests failed "
                  f"({_reasons(stats, 'downloader/exception_type_count/')})" if errors else "")
        self.fail(
            f"site {self.site_name!r} returned no items: "
            f"{stats.get('response_received_count', 0)} pages fetched (HTTP status: "
            f"{_reasons(stats, 'downloader/response_status_count/')}){failed}, "
            f"{stats.get('newscrawl/validate/rejected', 0)} items rejected "
            f"({_reasons(stats)}). {hint}"
        )


@monitors.name("Field fill rates")
class FillRateMonitor(_SiteMonitor):
    @monitors.name("every field is filled often enough")
    def test_fill_rates(self) -> None:
        health = field_health(self.stats)
        if not health:
            self.skipTest("no items, or the health counts are off (NEWSCRAWL_REPORT_ENABLED)")
        own = selected_fields(self.site_definition)
        problems = []
        for field, minimum in sorted(min_fill(self.data.crawler.settings,
                                              self.site_definition).items()):
            counts = health.get(field)
            if counts is None:
                continue
            by_selector = field in own
            rate = counts.rate_from("site") if by_selector else counts.rate
            if rate < minimum:
                how = "by the site definition's selector" if by_selector else "at all"
                problems.append(
                    f"{field!r} filled {how} in {_percent(rate)} of {counts.items} items "
                    f"(minimum {_percent(minimum)}; origins: {counts.describe_origins()})"
                )
        if problems:
            self.fail(f"site {self.site_name!r}: fill rate below minimum, the layout may have "
                      f"changed: " + "; ".join(problems))


@monitors.name("Rejected items")
class RejectedShareMonitor(_SiteMonitor):
    @monitors.name("few items are rejected")
    def test_rejected_share(self) -> None:
        checked = self.stats.get("newscrawl/validate/checked", 0)
        if not checked:
            self.skipTest("no item was validated")
        rejected = self.stats.get("newscrawl/validate/rejected", 0)
        maximum = self.data.crawler.settings.getfloat("NEWSCRAWL_MAX_REJECTED_SHARE")
        if rejected / checked > maximum:
            self.fail(
                f"site {self.site_name!r}: {_percent(rejected / checked)} of items rejected "
                f"({rejected} of {checked}; {_reasons(self.stats)}), more than "
                f"{_percent(maximum)}; the items and reasons are in the quarantine feed"
            )


@monitors.name("Pages given up on")
class GivenUpShareMonitor(_SiteMonitor):
    @monitors.name("few pages are given up on")
    def test_given_up_share(self) -> None:
        stats = self.stats
        given_up = stats.get("newscrawl/unfetched/recorded", 0)
        # Each page once: a retry is another request for the same page.
        pages = max(given_up, stats.get("downloader/request_count", 0)
                    - stats.get("retry/count", 0))
        maximum = self.data.crawler.settings.getfloat("NEWSCRAWL_MAX_GIVEN_UP_SHARE")
        if given_up and given_up / pages > maximum:
            self.fail(
                f"site {self.site_name!r}: {given_up} of {pages} pages "
                f"({_percent(given_up / pages)}) given up on after their retries (retried "
                f"for {_reasons(stats, 'retry/reason_count/')}), more than "
                f"{_percent(maximum)}; the next run asks for them again"
            )


@monitors.name("Errors")
class ErrorsMonitor(_SiteMonitor):
    @monitors.name("no page or item was lost to an error")
    def test_nothing_lost_to_errors(self) -> None:
        pages = self.stats.get("spider_exceptions/count", 0)
        items = self.stats.get(f"{ITEM_ERRORS}/count", 0)
        if pages or items:
            self.fail(f"site {self.site_name!r}: {pages} page(s) and {items} item(s) lost to "
                      f"an error; the log has each one's traceback")

    @monitors.name("every page that needs the browser was rendered")
    def test_nothing_lost_to_the_browser(self) -> None:
        failed = self.stats.get(f"{RENDER_STATS}/failed", 0)
        if failed:
            self.fail(f"site {self.site_name!r}: the browser failed {failed} page(s) "
                      f"({self.stats.get(f'{RENDER_STATS}/error')}); the next run asks for "
                      f"them again")


class RecordOutcome(Action):
    """Monitor failures into the stats (for the crawl command's exit code) and the log."""

    def run_action(self) -> None:
        failures = []
        for result in self.result.monitors_failed_results:
            detail = getattr(result, "reason", None) or str(result.error).strip().splitlines()[-1]
            failures.append(f"{result.item.monitor_name}: {detail}")
        stats = self.data.crawler.stats
        stats.set_value(FAILED, len(failures))
        stats.set_value(FAILURES, failures)
        for failure in failures:
            logger.error("Monitor failed: %s", failure)


class SiteHealthMonitorSuite(MonitorSuite):
    monitors = [ItemsMonitor, FillRateMonitor, RejectedShareMonitor,  # noqa: RUF012
                GivenUpShareMonitor, ErrorsMonitor]
    monitors_finished_actions = [RecordOutcome]  # noqa: RUF012
