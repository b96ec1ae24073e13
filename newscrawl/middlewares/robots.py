"""Scrapy's robots.txt middleware, with every request that waits for robots.txt checked,
and a host's ``Crawl-delay`` obeyed.

In Scrapy 2.19, the requests to a host that arrive while its robots.txt is still being
downloaded all wait on one Deferred, each through ``Deferred.asFuture()``. Converting a
Deferred to a Future consumes its result: the first waiter gets the parser, every later
one gets ``None``, which the middleware takes as "no robots.txt, everything allowed". A
site definition's start URLs and feeds/sitemaps are requested together, so all but the
first two of them went out unchecked, ``Disallow: /`` or not.

Scrapy ignores ``Crawl-delay``. Here a host that names one gets it as its download slot's
delay, without jitter (it is a minimum) and out of AutoThrottle's reach, at most
``NEWSCRAWL_CRAWL_DELAY_MAX`` seconds (a larger one is named in one warning; 0 ignores
``Crawl-delay`` as Scrapy does).
"""

from __future__ import annotations

import logging
import math
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxt
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.robotstxt import RobotParser
    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)


class RobotsTxtMiddleware(ScrapyRobotsTxt):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.max_delay = crawler.settings.getfloat("NEWSCRAWL_CRAWL_DELAY_MAX")
        self._delays: dict[str, float] = {}  # netloc → the delay its robots.txt asks for

    async def robot_parser(self, request: Request) -> RobotParser | None:
        netloc = urlparse_cached(request).netloc
        pending = self._parsers.get(netloc)
        if not isinstance(pending, Deferred):
            # Not requested yet (this request downloads it) or already known.
            return await super().robot_parser(request)
        # Wait on a Deferred of this request's own, so that the shared one keeps its
        # result for the next waiter (and cancelling this request cancels only its wait).
        waiter: Deferred[RobotParser | None] = Deferred()
        pending.addBoth(_pass_on, waiter)
        return await maybe_deferred_to_future(waiter)

    def process_request_2(self, rp: RobotParser | None, request: Request) -> None:
        super().process_request_2(rp, request)  # IgnoreRequest when disallowed
        if rp is None:
            return
        netloc = urlparse_cached(request).netloc
        delay = self._delays.get(netloc)
        if delay is None:
            delay = self._delays[netloc] = self._crawl_delay(rp, request)
        if delay:
            self._slow_down(request, delay)

    def _crawl_delay(self, rp: RobotParser, request: Request) -> float:
        asked = getattr(rp, "crawl_delay", None)
        useragent = self._robotstxt_useragent or request.headers.get(
            b"User-Agent", self._default_useragent)
        delay = float(asked(useragent) or 0) if asked else 0.0
        if math.isnan(delay) or delay < 0:  # "Crawl-delay: nan" parses as a float
            delay = 0.0
        if delay > self.max_delay and self.max_delay:  # 0: Crawl-delay ignored
            logger.warning("robots.txt of %s asks for %g s between requests: waiting "
                           "NEWSCRAWL_CRAWL_DELAY_MAX (%g s)", urlparse_cached(request).netloc,
                           delay, self.max_delay)
        delay = min(delay, self.max_delay)
        if delay:
            self.crawler.stats.max_value("newscrawl/robots/crawl_delay", delay)
        return delay

    def _slow_down(self, request: Request, delay: float) -> None:
        """The request's download slot waits ``delay`` between requests, now and when it
        is made again (the downloader drops idle slots)."""
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        downloader.per_slot_settings.setdefault(key, {}).update(delay=delay, jitter=0)
        slot = downloader.slots.get(key)
        if slot is not None and (slot.delay < delay or slot.jitter):
            slot.delay, slot.jitter = max(slot.delay, delay), 0
        request.meta["autothrottle_dont_adjust_delay"] = True


def _pass_on(result: RobotParser | Failure | None, waiter: Deferred[RobotParser | None]
             ) -> RobotParser | Failure | None:
    if not waiter.called:  # a cancelled wait has ended already
        waiter.callback(result)  # a Failure is passed on as one
    return result
