"""Retries of 429/503 answers after the server's ``Retry-After``, without holding the downloader.

A ``Retry-After`` pauses the host that sent it (its download slot: the host name, or the
request's ``download_slot``) for that long, capped at ``NEWSCRAWL_RETRY_AFTER_MAX``. Until
then its requests wait here, outside the engine and the downloader: the retry, requests to
it that are scheduled, reach this middleware, or already wait in its download slot. Other
hosts have the whole downloader meanwhile. When the time is up the requests are scheduled
again; a crawl that stops meanwhile drops them at once instead of waiting.

Stats, under ``newscrawl/retry_after/``: ``waited`` retries delayed as asked, ``seconds``
the delays asked for (summed), ``held`` requests held while their host was paused (the
retries among them), ``waiting`` requests held right now (after a stopped crawl: the ones
it dropped), ``not_retried`` answers left to Scrapy's RetryMiddleware because of
``dont_retry`` or used-up ``max_retry_times``/``RETRY_TIMES``, ``not_held`` answers to
requests that cannot wait here (robots.txt): Scrapy's RetryMiddleware retries those.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import DontCloseSpider, IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.asyncio import CallLaterResult, call_later

logger = logging.getLogger(__name__)

RETRY_AFTER_CODES = (429, 503)
STATS = "newscrawl/retry_after"


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


class HostPaused(Exception):
    """Fails a request taken out of a paused host's download slot before it was sent."""


class HostPauses:
    """Until when each host is paused, and the requests waiting for it: when a host's pause
    is over, a timer hands them to ``release``."""

    def __init__(self, release: Callable[[list[Request]], None],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.release = release
        self.clock = clock
        self._until: dict[str, float] = {}
        self._waiting: dict[str, list[Request]] = {}
        self._timers: dict[str, CallLaterResult] = {}

    def __len__(self) -> int:
        return sum(map(len, self._waiting.values()))

    def pause(self, host: str, seconds: float) -> bool:
        """Pause ``host`` for ``seconds`` at least; True when it was not paused already."""
        was_paused = self.remaining(host) > 0
        self._until[host] = max(self._until.get(host, 0.0), self.clock() + seconds)
        return not was_paused

    def remaining(self, host: str) -> float:
        left = self._until.get(host, 0.0) - self.clock()
        if left <= 0:
            self._until.pop(host, None)
            return 0.0
        return left

    def hold(self, host: str, request: Request) -> None:
        """Keep ``request`` until the pause of ``host`` (paused now) is over."""
        self._waiting.setdefault(host, []).append(request)
        if host not in self._timers:
            self._timers[host] = call_later(self.remaining(host), self._end, host)

    def clear(self) -> int:
        """Forget every pause and waiting request; how many requests were waiting."""
        dropped = len(self)
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()
        self._waiting.clear()
        self._until.clear()
        return dropped

    def _end(self, host: str) -> None:
        left = self.remaining(host)
        if left > 0:  # another Retry-After made the pause longer
            self._timers[host] = call_later(left, self._end, host)
            return
        del self._timers[host]
        self.release(self._waiting.pop(host))


class RetryAfterMiddleware:
    """After Scrapy's RetryMiddleware (550) in DOWNLOADER_MIDDLEWARES, so that it sees 429
    and 503 answers first."""

    def __init__(self, crawler: Crawler, max_wait: float, retry_times: int) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.max_wait = max_wait
        self.retry_times = retry_times
        self.pauses = HostPauses(self._release)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        settings = crawler.settings
        max_wait = settings.getfloat("NEWSCRAWL_RETRY_AFTER_MAX")
        if max_wait <= 0 or not settings.getbool("RETRY_ENABLED"):
            raise NotConfigured
        middleware = cls(crawler, max_wait, settings.getint("RETRY_TIMES"))
        crawler.signals.connect(middleware._on_request_scheduled, signals.request_scheduled)
        crawler.signals.connect(middleware._on_spider_idle, signals.spider_idle)
        crawler.signals.connect(middleware._on_spider_closed, signals.spider_closed)
        return middleware

    def process_request(self, request: Request) -> Request | None:
        if not _can_wait(request) or self.pauses.remaining(self._host(request)) <= 0:
            return None
        # Back to the engine, which schedules it: there it is held (_on_request_scheduled).
        return _rescheduled(request)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in RETRY_AFTER_CODES:
            return response
        header = response.headers.get("Retry-After")
        wait = retry_after_seconds(header.decode("latin-1") if header else None, datetime.now(UTC))
        if wait is None:
            return response  # Scrapy's RetryMiddleware retries it at once
        wait = min(wait, self.max_wait)
        if wait > 0:
            self._pause(self._host(request), wait, response.status)
        if not _can_wait(request):
            self.stats.inc_value(f"{STATS}/not_held")
            return response
        max_retry_times = request.meta.get("max_retry_times")
        if max_retry_times is None:
            max_retry_times = self.retry_times
        if request.meta.get("dont_retry") or request.meta.get("retry_times", 0) >= max_retry_times:
            # Scrapy's RetryMiddleware, next, honours dont_retry or gives up (logged and
            # counted once, as for any other status).
            self.stats.inc_value(f"{STATS}/not_retried")
            return response
        retry = get_retry_request(
            request, spider=self.crawler.spider, reason=f"{response.status} Retry-After",
            max_retry_times=max_retry_times, priority_adjust=request.meta.get("priority_adjust"))
        assert retry is not None  # retries are left: checked above
        self.stats.inc_value(f"{STATS}/waited")
        self.stats.inc_value(f"{STATS}/seconds", int(wait))
        return retry

    def process_exception(self, request: Request, exception: Exception) -> Request | None:
        if isinstance(exception, HostPaused):
            return _rescheduled(request)
        return None

    def _pause(self, host: str, wait: float, status: int) -> None:
        if self.pauses.pause(host, wait):
            logger.info("%s answered %d with Retry-After: %.0f s; its requests wait until then",
                        host, status, wait)
        # Requests already in the host's download slot would be sent during the pause: they
        # fail with HostPaused instead, and process_exception has them scheduled again.
        # (Scrapy 2.19 has no public API for this: Downloader.slots, Slot.queue.)
        slot = self.crawler.engine.downloader.slots.get(host)
        if slot is None:
            return
        queued = list(slot.queue)
        slot.queue.clear()
        for request, downloaded in queued:
            if _can_wait(request):
                downloaded.errback(HostPaused())
            else:
                slot.queue.append((request, downloaded))

    def _on_request_scheduled(self, request: Request) -> None:
        host = self._host(request)
        if self.pauses.remaining(host) <= 0:
            return
        self.pauses.hold(host, request)
        self.stats.inc_value(f"{STATS}/held")
        self._count_waiting()
        raise IgnoreRequest  # the engine leaves it to us: not scheduled, not "dropped"

    def _release(self, requests: list[Request]) -> None:
        self._count_waiting()
        for request in requests:
            self.crawler.engine.crawl(request)

    def _on_spider_idle(self) -> None:
        if len(self.pauses):
            raise DontCloseSpider

    def _on_spider_closed(self, reason: str) -> None:
        dropped = self.pauses.clear()
        if dropped:
            logger.warning("%d request(s) still waiting for a Retry-After were dropped: "
                           "the spider closed (%s)", dropped, reason)

    def _count_waiting(self) -> None:
        self.stats.set_value(f"{STATS}/waiting", len(self.pauses))

    def _host(self, request: Request) -> str:
        return self.crawler.engine.downloader.get_slot_key(request)


def _can_wait(request: Request) -> bool:
    """Requests without a callback (robots.txt, media downloads) are awaited through
    ``engine.download_async()``, which fetches a returned request again at once: they are
    never held, or they would spin."""
    return request.callback is not NO_CALLBACK


def _rescheduled(request: Request) -> Request:
    # It passed the duplicate filter once: scheduled again, it would be dropped as seen.
    return request.replace(dont_filter=True)
