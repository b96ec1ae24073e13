"""The Redis scheduler: every worker of a site pulls from one queue and one duplicate filter.

Built on ``scrapy_redis.scheduler.Scheduler`` (same queue encoding and key layout), with
its pitfalls under Scrapy 2.19 handled here:

* start requests built with ``dont_filter=True`` still go through the shared filter, so
  two workers do not both fetch the start URL;
* an idle worker polls the shared queue every ``NEWSCRAWL_REDIS_POLL_INTERVAL`` instead of
  on the engine's 5 s heartbeat;
* a worker ends once the *whole crawl* (queue and every worker's in-flight requests) has
  been empty for ``NEWSCRAWL_REDIS_IDLE_CLOSE`` seconds, counted from when it became empty
  (scrapy-redis' ``MAX_IDLE_TIME_BEFORE_CLOSE`` counts from process start);
* closing never flushes the shared queue (scrapy-redis does, unless ``SCHEDULER_PERSIST``):
  the last worker of a *finished* crawl removes the crawl's state, nobody else does;
* requests taken by a worker are leased, not popped: a worker killed mid-crawl loses
  nothing, its leases expire and another worker re-queues them;
* no stats calls with a ``spider`` argument (deprecated in Scrapy 2.19).
"""

from __future__ import annotations

import importlib
import logging
import os
import secrets
import socket
import time
from collections.abc import Callable
from typing import Any

import redis
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.asyncio import create_looping_call
from scrapy_redis.connection import get_redis_from_settings
from scrapy_redis.scheduler import Scheduler

from newscrawl.distributed.dupefilter import RedisDupeFilter
from newscrawl.distributed.keys import RedisKeys
from newscrawl.distributed.queue import LeasedPriorityQueue
from newscrawl.distributed.registry import Recovery, WorkerRegistry

logger = logging.getLogger(__name__)

STATS = "newscrawl/distributed"


class IdleTimer:
    """How long the shared crawl has looked empty to this worker; any work restarts it."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._since: float | None = None

    def busy(self) -> None:
        self._since = None

    def idle_for(self) -> float:
        now = self.clock()
        if self._since is None:
            self._since = now
        return now - self._since


class EngineHooks:
    """The two engine internals a shared queue needs; Scrapy 2.19 has no public API for them.

    * Finished requests: no signal says when a request is completely handled. The engine
      removes it from its slot's in-progress set exactly then (after the download, the
      callback, the item pipelines and feed export, and after follow-up requests were
      scheduled), so that is where a lease can be released without losing anything.
    * Waking up: the engine asks the scheduler for requests only after local events or on
      its 5 s heartbeat, so requests queued by *other* workers would wait up to 5 s.
    """

    def __init__(self, engine: Any) -> None:
        slot = getattr(engine, "_slot", None)
        if slot is None or not callable(getattr(slot, "remove_request", None)) or not hasattr(
            slot, "nextcall"
        ):
            # Fail loudly on a Scrapy whose engine changed rather than lose requests quietly.
            raise RuntimeError("newscrawl.distributed needs Scrapy's 2.19 engine slot")
        self._slot = slot

    def on_request_finished(self, callback: Callable[[Request], None]) -> None:
        original = self._slot.remove_request

        def remove_request(request: Request) -> None:
            try:
                callback(request)
            finally:
                original(request)

        self._slot.remove_request = remove_request

    def wake(self) -> None:
        self._slot.nextcall.schedule()


def _server_label(server: Any) -> str:
    """host:port/db of a client, without its password, for logs."""
    kwargs = server.connection_pool.connection_kwargs
    return f"{kwargs.get('host', '?')}:{kwargs.get('port', '?')}/{kwargs.get('db', 0)}"


def _worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class RedisScheduler(Scheduler):
    def __init__(self, crawler: Crawler, server: Any, keys: RedisKeys, serializer: Any) -> None:
        settings = crawler.settings
        super().__init__(
            server=server,
            persist=True,
            flush_on_start=settings.getbool("SCHEDULER_FLUSH_ON_START"),
            queue_key=keys.queue,
            queue_cls=f"{LeasedPriorityQueue.__module__}.{LeasedPriorityQueue.__name__}",
            dupefilter_key=keys.dupefilter,
            dupefilter_cls=f"{RedisDupeFilter.__module__}.{RedisDupeFilter.__name__}",
            serializer=serializer,
        )
        self.crawler = crawler
        self.stats = crawler.stats
        self.keys = keys
        self.worker_id = _worker_id()
        self.poll_interval = settings.getfloat("NEWSCRAWL_REDIS_POLL_INTERVAL")
        self.idle_close = settings.getfloat("NEWSCRAWL_REDIS_IDLE_CLOSE")
        self.registry = WorkerRegistry(
            server, keys, self.worker_id,
            lease_seconds=settings.getfloat("NEWSCRAWL_REDIS_WORKER_TIMEOUT"),
            state_ttl=settings.getint("NEWSCRAWL_REDIS_STATE_TTL"),
        )
        self.idle = IdleTimer()
        self._leases: dict[Request, bytes] = {}
        self._loop: Any = None
        self._refreshed = float("-inf")
        self._closing = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisScheduler:
        settings = crawler.settings
        spider = crawler.spider
        site = getattr(spider, "site", None) or spider.name
        keys = RedisKeys(settings.get("NEWSCRAWL_REDIS_KEY_PREFIX"), site)
        server = get_redis_from_settings(settings)
        try:
            server.ping()
        except redis.RedisError as exc:
            raise RuntimeError(
                f"NEWSCRAWL_REDIS_URL: cannot reach Redis at {_server_label(server)}: {exc}"
            ) from None
        serializer = settings.get("SCHEDULER_SERIALIZER")
        if isinstance(serializer, str):
            serializer = importlib.import_module(serializer)
        scheduler = cls(crawler, server, keys, serializer)
        crawler.signals.connect(scheduler._on_spider_idle, signal=signals.spider_idle)
        return scheduler

    # -- lifecycle -----------------------------------------------------------------------

    def open(self, spider: Spider) -> None:
        self.spider = spider
        if self.flush_on_start:
            self._flush_site()
        self.queue = LeasedPriorityQueue(
            self.server, spider, self.keys.queue, self.keys.inflight(self.worker_id),
            serializer=self.serializer,
        )
        self.df = RedisDupeFilter.from_crawler(self.crawler)
        self.hooks = EngineHooks(self.crawler.engine)
        self.hooks.on_request_finished(self._finished)
        self._count(self.registry.join())
        self._refresh()
        logger.info(
            "Redis worker %s joined the crawl of %r at %s: %d requests queued, %d workers",
            self.worker_id, self.keys.site, _server_label(self.server), len(self.queue),
            len(self.registry.workers()),
        )
        self._loop = create_looping_call(self._tick)
        self._loop.start(self.poll_interval, now=False)

    def close(self, reason: str) -> None:
        self._closing = True
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        # The engine waits for in-progress requests before closing the scheduler, so this is
        # normally empty; whatever is left is not lost but handed back to the queue.
        returned = self.queue.return_all()
        if returned:
            self.stats.inc_value(f"{STATS}/returned", returned)
        self.df.close(reason)
        if self.registry.leave():
            self.stats.set_value(f"{STATS}/cleared", 1)
            logger.info("Crawl of %r complete: removed its shared state from Redis",
                        self.keys.site)
        else:
            logger.info("Redis worker %s left the crawl of %r: %d requests queued for others",
                        self.worker_id, self.keys.site, len(self.queue))

    def _flush_site(self) -> None:
        """SCHEDULER_FLUSH_ON_START: forget the site's crawl (only with no other worker up)."""
        for key in self.server.scan_iter(match=f"{self.keys.base}:*"):
            self.server.delete(key)

    # -- scheduler interface --------------------------------------------------------------

    def enqueue_request(self, request: Request) -> bool:
        if self._filtered(request) and self.df.request_seen(request):
            self.df.log(request, self.spider)
            self.stats.inc_value(f"{STATS}/duplicate")
            return False
        self.queue.push(request)
        self.stats.inc_value(f"{STATS}/enqueued")
        return True

    @staticmethod
    def _filtered(request: Request) -> bool:
        if not request.dont_filter:
            return True
        # Start requests are often built with dont_filter=True (Scrapy's default start()).
        # Every worker sends them, so unfiltered each worker would fetch the start URL again.
        # Retries and redirects of a start request keep their dont_filter.
        meta = request.meta
        return (bool(meta.get("is_start_request")) and not meta.get("retry_times")
                and "redirect_times" not in meta)

    def next_request(self) -> Request | None:
        if self._closing:
            return None
        leased = self.queue.lease()
        if leased is None:
            return None
        request, token = leased
        self._leases[request] = token
        self.idle.busy()
        self.stats.inc_value(f"{STATS}/dequeued")
        return request

    def has_pending_requests(self) -> bool:
        return len(self.queue) > 0

    # -- leases, heartbeat, idle ------------------------------------------------------------

    def _finished(self, request: Request) -> None:
        token = self._leases.pop(request, None)
        if token is None:
            return  # not ours: robots.txt and other engine.download_async() requests
        try:
            self.queue.ack(token)
        except redis.RedisError:
            # The lease stays: the request is fetched again later (duplicate, not loss).
            logger.warning("could not release the lease of %s", request, exc_info=True)

    def _tick(self) -> None:
        # A looping call stops for good on an exception: never let one escape.
        try:
            self._count(self.registry.tick())
            self._refresh()
        except Exception:
            self.stats.inc_value(f"{STATS}/redis_errors")
            logger.warning("Redis heartbeat failed", exc_info=True)
        self.hooks.wake()

    def _refresh(self, every: float = 10.0) -> None:
        now = time.monotonic()
        if now - self._refreshed >= every:
            self.registry.refresh_ttl()
            self.df.touch(force=True)
            self._refreshed = now

    def _count(self, recovery: Recovery) -> None:
        if recovery.dead_workers:
            self.stats.inc_value(f"{STATS}/dead_workers", recovery.dead_workers)
            self.stats.inc_value(f"{STATS}/recovered", recovery.recovered_requests)
            logger.warning(
                "%d dead worker(s) of %r: %d in-flight requests put back in the queue",
                recovery.dead_workers, self.keys.site, recovery.recovered_requests,
            )

    def _on_spider_idle(self) -> None:
        """Locally idle: stay while the crawl has work anywhere, end after a quiet period."""
        if self._closing:
            return
        try:
            pending = self.registry.pending()
        except redis.RedisError:
            logger.error("Redis unreachable while idle: closing", exc_info=True)
            return
        if pending:
            # Queued requests, or requests in flight at other workers (they may yield more).
            self.idle.busy()
            raise DontCloseSpider
        idle_for = self.idle.idle_for()
        if idle_for < self.idle_close:
            raise DontCloseSpider
        # How long this worker waited at the end: its finish time minus this is when the
        # crawl's work ended (benchmarks/distributed.py measures with it).
        self.stats.set_value(f"{STATS}/idle_at_close", round(idle_for, 3))
        logger.info("Shared queue of %r empty for %.1f s: closing", self.keys.site, idle_for)
