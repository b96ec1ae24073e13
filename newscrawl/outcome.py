"""How a crawl ended, for the exit status of ``scrapy crawl``: Scrapy itself exits non-zero
only when a crawl could not start; a crawl that ran but could not write its output, or gave
bad items, has failed too, and a scheduler should see it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newscrawl.extensions.feeds import FAILED_REASON as FEED_FAILED
from newscrawl.extensions.run_files import RUN_FILE_ERRORS
from newscrawl.ledger import FAILED_REASON as STORE_FAILED
from newscrawl.monitors import FAILED, FAILURES
from newscrawl.warc.recorder import FAILED_REASON as WARC_FAILED

OK = 0
REFUSED = 2  # bad arguments, a site already being crawled: nothing was fetched
MONITORS_FAILED = 3
OUTPUT_FAILED = 4
NOT_FINISHED = 5
# The worst first: the status of a crawl of several sites is that of its worst site.
SEVERITY = (OUTPUT_FAILED, NOT_FINISHED, MONITORS_FAILED, OK)
# Ends that are no failure: the crawl finished, a user or Scrapyd stopped it, or one of
# Scrapy's CLOSESPIDER_* limits (closespider_timeout, …) was reached as configured.
_EXPECTED_ENDS = ("finished", "shutdown")


@dataclass(frozen=True)
class Outcome:
    status: int
    problems: tuple[str, ...] = ()  # one line each, for stderr and the summary


def crawl_outcome(stats: dict[str, Any]) -> Outcome:
    """The outcome of one crawl from its final stats."""
    reason = stats.get("finish_reason")
    failed_feeds = sum(value for key, value in stats.items()
                       if key.startswith("feedexport/failed_count/"))
    run_file_error = next(filter(None, map(stats.get, RUN_FILE_ERRORS)), None)
    if reason in (FEED_FAILED, STORE_FAILED, WARC_FAILED) or failed_feeds or run_file_error:
        # The store fails first when it does (the pipelines run before the feeds).
        error = (stats.get("newscrawl/store/error") or stats.get("newscrawl/feeds/error")
                 or stats.get("newscrawl/warc/error") or run_file_error
                 or "a feed was not stored")
        return Outcome(OUTPUT_FAILED, (f"output not written: {error}",))
    if reason not in _EXPECTED_ENDS and not str(reason).startswith("closespider_"):
        return Outcome(NOT_FINISHED, (f"the crawl stopped before it finished: {reason}",))
    if stats.get(FAILED):
        return Outcome(MONITORS_FAILED, tuple(f"monitor failed: {failure}"
                                              for failure in stats.get(FAILURES, [])))
    return Outcome(OK)


def worst(statuses: list[int]) -> int:
    return min(statuses, key=SEVERITY.index, default=OK)
