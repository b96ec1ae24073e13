"""Scrapy's robots.txt middleware, with every request that waits for robots.txt checked.

In Scrapy 2.19, the requests to a host that arrive while its robots.txt is still being
downloaded all wait on one Deferred, each through ``Deferred.asFuture()``. Converting a
Deferred to a Future consumes its result: the first waiter gets the parser, every later
one gets ``None``, which the middleware takes as "no robots.txt, everything allowed". A
site definition's start URLs and feeds/sitemaps are requested together, so all but the
first two of them went out unchecked, ``Disallow: /`` or not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxt
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.robotstxt import RobotParser
    from twisted.python.failure import Failure


class RobotsTxtMiddleware(ScrapyRobotsTxt):
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


def _pass_on(result: RobotParser | Failure | None, waiter: Deferred[RobotParser | None]
             ) -> RobotParser | Failure | None:
    if not waiter.called:  # a cancelled wait has ended already
        waiter.callback(result)  # a Failure is passed on as one
    return result
