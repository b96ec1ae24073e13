"""Retries of 429/503 responses that wait as long as the server's ``Retry-After`` asks."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import reactor
from twisted.internet.task import deferLater

RETRY_AFTER_CODES = (429, 503)


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """``Retry-After`` as seconds: either a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, (when - now).total_seconds())


class RetryAfterMiddleware:
    """Placed before Scrapy's RetryMiddleware: it handles the responses that carry the header."""

    def __init__(self, crawler: Crawler, max_wait: float) -> None:
        self.crawler = crawler
        self.max_wait = max_wait

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        max_wait = crawler.settings.getfloat("NEWSCRAWL_RETRY_AFTER_MAX")
        if max_wait <= 0:
            raise NotConfigured
        return cls(crawler, max_wait)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in RETRY_AFTER_CODES:
            return response
        header = response.headers.get("Retry-After")
        wait = retry_after_seconds(header.decode("latin-1") if header else None, datetime.now(UTC))
        if wait is None:
            return response  # Scrapy's RetryMiddleware retries it with its own backoff
        retry = get_retry_request(request, spider=self.crawler.spider,
                                  reason=f"{response.status} Retry-After")
        if retry is None:
            return response
        wait = min(wait, self.max_wait)
        self.crawler.stats.inc_value("newscrawl/retry_after/waited")
        self.crawler.stats.inc_value("newscrawl/retry_after/seconds", int(wait))
        await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
        return retry
