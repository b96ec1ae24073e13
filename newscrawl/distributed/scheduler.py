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
* Redis may go away (``newscrawl.distributed.health``): the worker keeps what it found and
  finished meanwhile, resumes when Redis answers again, stops with ``redis_unavailable``
  after ``NEWSCRAWL_REDIS_OUTAGE_CLOSE`` seconds, and with ``redis_state_lost`` when Redis
  comes back without the crawl (restarted without persistence): never "finished" then;
* no stats calls with a ``spider`` argument (deprecated in Scrapy 2.19).
"""

from __future__ import annotations

import importlib
import logging
import os
import secrets
import socket
import time
from collections import deque
from collections.abc import Callable
from typing import Any

import redis
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.asyncio import create_looping_call
from scrapy.utils.defer import deferred_from_coro
from scrapy_redis.scheduler import Scheduler

from newscrawl.distributed.dupefilter import RedisDupeFilter
from newscrawl.distributed.health import RedisHealth, connect, server_label
from newscrawl.distributed.keys import RedisKeys
from newscrawl.distributed.queue import LeasedPriorityQueue
from newscrawl.distributed.registry import CrawlStateLost, Recovery, WorkerRegistry
from newscrawl.meta import crawl_site

logger = logging.getLogger(__name__)

STATS = "newscrawl/distributed"
UNAVAILABLE = "redis_unavailable"
STATE_LOST = "redis_state_lost"


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


def _worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class RedisScheduler(Scheduler):
    def __init__(self, crawler: Crawler, server: Any, keys: RedisKeys, serializer: Any,
                 health: RedisHealth) -> None:
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
        self.health = health
        self.worker_id = _worker_id()
        self.poll_interval = settings.getfloat("NEWSCRAWL_REDIS_POLL_INTERVAL")
        self.idle_close = settings.getfloat("NEWSCRAWL_REDIS_IDLE_CLOSE")
        self.outage_close = settings.getfloat("NEWSCRAWL_REDIS_OUTAGE_CLOSE")
        self.registry = WorkerRegistry(
            server, keys, self.worker_id,
            lease_seconds=settings.getfloat("NEWSCRAWL_REDIS_WORKER_TIMEOUT"),
            state_ttl=settings.getint("NEWSCRAWL_REDIS_STATE_TTL"),
        )
        self.idle = IdleTimer()
        self._leases: dict[Request, bytes] = {}
        # What Redis has not got yet, kept while it is away. Requests found meanwhile, with
        # whether the shared filter may already have recorded them (then they are queued
        # without asking it again: it would call them duplicates of themselves).
        self._backlog: deque[tuple[Request, bool]] = deque()
        # Leases of finished requests, released once the backlog (their follow-ups) is in.
        self._unreleased: list[bytes] = []
        self._loop: Any = None
        self._refreshed = float("-inf")
        self._closing = False
        self._stop_reason: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisScheduler:
        settings = crawler.settings
        keys = RedisKeys(settings.get("NEWSCRAWL_REDIS_KEY_PREFIX"), crawl_site(crawler).name)
        server = connect(settings.get("NEWSCRAWL_REDIS_URL"),
                         settings.getfloat("NEWSCRAWL_REDIS_TIMEOUT"))
        try:
            server.ping()
        except redis.RedisError as exc:
            raise RuntimeError(
                f"NEWSCRAWL_REDIS_URL: cannot reach Redis at {server_label(server)}: {exc}"
            ) from None
        serializer = settings.get("SCHEDULER_SERIALIZER")
        if isinstance(serializer, str):
            serializer = importlib.import_module(serializer)
        health = RedisHealth(server_label(server), crawler.stats,
                             first_retry=settings.getfloat("NEWSCRAWL_REDIS_POLL_INTERVAL"),
                             max_retry=settings.getfloat("NEWSCRAWL_REDIS_RETRY_MAX"))
        scheduler = cls(crawler, server, keys, serializer, health)
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
        self.df = RedisDupeFilter.from_crawler(self.crawler, self.server)
        if self.server.exists(self.keys.seen):
            # Where an older newscrawl kept the seen articles: the ledger does now.
            logger.warning(
                "Redis key %s holds the seen articles of an older newscrawl; the ledger "
                "(NEWSCRAWL_STORE_URL) keeps them now, and articles it lacks are fetched and "
                "delivered once more. DEL the key to silence this",
                self.keys.seen)
        self.hooks = EngineHooks(self.crawler.engine)
        self.hooks.on_request_finished(self._finished)
        self._count(self.registry.join())
        self._refresh()
        logger.info(
            "Redis worker %s joined the crawl of %r at %s: %d requests queued, %d workers",
            self.worker_id, self.keys.site, self.health.label, len(self.queue),
            len(self.registry.workers()),
        )
        self._loop = create_looping_call(self._tick)
        self._loop.start(self.poll_interval, now=False)

    def close(self, reason: str) -> None:
        self._closing = True
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        if self._stop_reason == STATE_LOST:
            return  # nothing of this crawl is left in Redis to hand back or clean up
        try:
            if self.health.down:
                self.server.ping()  # one knock: a worker told to stop does not wait
                self.health.succeeded()
            self._catch_up()
            # The engine waits for in-progress requests before closing the scheduler, so
            # this is normally empty; whatever is left is not lost but handed back.
            returned = self.queue.return_all()
            self.df.close(reason)
            last = self.registry.leave()
            left = 0 if last else len(self.queue)
        except redis.RedisError as exc:
            self.health.failed(exc)
            self.health.count_outage()
            # Not lost: the requests this worker took stay leased in Redis, and whatever
            # it found or finished meanwhile hangs off them.
            logger.warning(
                "Redis still away as worker %s stops: %d requests it found not queued, %d "
                "finished requests not released; their leases stay in Redis and are "
                "fetched again by another worker once this worker's lease runs out",
                self.worker_id, len(self._backlog), len(self._unreleased),
            )
            self.stats.set_value("newscrawl/redis/unsynced_at_close",
                                 len(self._backlog) + len(self._unreleased))
            return
        if returned:
            self.stats.inc_value(f"{STATS}/returned", returned)
        if last:
            self.stats.set_value(f"{STATS}/cleared", 1)
            logger.info("Crawl of %r complete: removed its shared state from Redis",
                        self.keys.site)
        else:
            logger.info("Redis worker %s left the crawl of %r: %d requests queued for others",
                        self.worker_id, self.keys.site, left)

    def _flush_site(self) -> None:
        """SCHEDULER_FLUSH_ON_START: forget the site's crawl (only with no other worker up)."""
        for key in self.server.scan_iter(match=f"{self.keys.base}:*"):
            self.server.delete(key)

    def _stop(self, reason: str) -> None:
        self._stop_reason = reason
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason=reason))

    # -- scheduler interface --------------------------------------------------------------

    def enqueue_request(self, request: Request) -> bool:
        self._backlog.append((request, False))
        if self.health.down or len(self._backlog) > 1:
            return True  # the heartbeat queues it once Redis answers
        try:
            return self._drain_one()
        except redis.RedisError as exc:
            self.health.failed(exc)
            return True  # kept in the backlog

    def _drain_one(self) -> bool:
        """Queue the backlog's first request (False: a duplicate, dropped); Redis errors
        propagate and leave it first in the backlog."""
        request, checked = self._backlog[0]
        try:
            if not checked:
                # From here on it is queued whatever happens: if the filter recorded it but
                # its answer was lost, asking again would drop it as a duplicate of itself.
                self._backlog[0] = (request, True)
                if self._filtered(request) and self.df.request_seen(request):
                    self._backlog.popleft()
                    self.df.log(request, self.spider)
                    self.stats.inc_value(f"{STATS}/duplicate")
                    return False
            self.queue.push(request)
        except redis.RedisError:
            raise
        except Exception:
            # Not Redis (a request that cannot be serialized): it would block the backlog
            # for ever; the caller reports it, as Scrapy's own scheduler would.
            self._backlog.popleft()
            raise
        self._backlog.popleft()
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
        if self._closing or self._stop_reason or self.health.down:
            return None
        try:
            leased = self.queue.lease()
        except redis.RedisError as exc:
            # If Redis moved a request to this worker's in-flight set but the answer was
            # lost, _catch_up() puts it back in the queue.
            self.health.failed(exc)
            return None
        if leased is None:
            return None
        request, token = leased
        self._leases[request] = token
        self.idle.busy()
        self.stats.inc_value(f"{STATS}/dequeued")
        return request

    def has_pending_requests(self) -> bool:
        if self._backlog or self.health.down:
            return True  # work Redis has not got yet, or Redis cannot say: not idle
        try:
            return len(self.queue) > 0
        except redis.RedisError as exc:
            self.health.failed(exc)
            return True

    # -- leases, heartbeat, idle ------------------------------------------------------------

    def _finished(self, request: Request) -> None:
        token = self._leases.pop(request, None)
        if token is None:
            return  # not ours: robots.txt and other engine.download_async() requests
        if self.health.down or self._backlog or self._unreleased:
            # Its follow-up requests may still be in the backlog: released after them.
            self._unreleased.append(token)
            return
        try:
            self.queue.ack(token)
        except redis.RedisError as exc:
            self.health.failed(exc)
            self._unreleased.append(token)

    def _catch_up(self) -> None:
        """Hand Redis what piled up while it was away, in an order that never loses work:
        the requests found, then the leases of the finished requests those came from.
        Redis errors propagate; the rest waits."""
        while self._backlog:
            self._drain_one()
        while self._unreleased:
            self.queue.ack(self._unreleased[-1])
            self._unreleased.pop()
        returned = self.queue.return_unknown(self._leases.values())
        if returned:
            self.stats.inc_value(f"{STATS}/returned", returned)

    def _tick(self) -> None:
        # A looping call stops for good on an exception: never let one escape.
        try:
            self._heartbeat()
        except Exception:
            logger.exception("Redis worker heartbeat failed")
        self.hooks.wake()

    def _heartbeat(self) -> None:
        if self._stop_reason or self._closing:
            return
        if self.health.due():
            was_down = self.health.down
            try:
                recovery = self.registry.tick()
                if was_down:
                    self.health.succeeded()
                    self.idle.busy()  # quiet during the outage is not quiet of the crawl
                self._count(recovery)
                if was_down or self._backlog or self._unreleased:
                    self._catch_up()
                self._refresh()
            except CrawlStateLost:
                self.health.succeeded()
                self.stats.set_value("newscrawl/redis/state_lost", 1)
                logger.error(
                    "Redis answers again but the crawl of %r is gone from it (restarted "
                    "without persistence, flushed or expired): its queue and leases are lost, "
                    "so this worker stops (%s) instead of calling the crawl finished. Run the "
                    "workers again: the new crawl fetches every article not recorded as seen",
                    self.keys.site, STATE_LOST,
                )
                self._stop(STATE_LOST)
                return
            except redis.RedisError as exc:
                self.health.failed(exc)
        if self.outage_close and self.health.outage() >= self.outage_close:
            logger.error("Redis has not answered for %.0f s (NEWSCRAWL_REDIS_OUTAGE_CLOSE): "
                         "worker %s stops (%s); its requests stay leased in Redis",
                         self.health.outage(), self.worker_id, UNAVAILABLE)
            self._stop(UNAVAILABLE)

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
        if self._closing or self._stop_reason:
            return
        if self.health.down or self._backlog or self._unreleased:
            # Redis cannot tell whether the crawl is done, or has not got all of this
            # worker's work yet; the heartbeat retries and stops the worker if it must.
            self.idle.busy()
            raise DontCloseSpider
        try:
            pending = self.registry.pending()
        except redis.RedisError as exc:
            self.health.failed(exc)
            self.idle.busy()
            raise DontCloseSpider from None
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
