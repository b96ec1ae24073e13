"""The Redis components one by one, against a real redis-server (no crawl)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import redis_workers
import scrapy
import scrapy.statscollectors
from scrapy.settings import Settings

import newscrawl.settings as project_settings
from newscrawl.distributed import RedisKeys, configure
from newscrawl.distributed.dupefilter import RedisDupeFilter
from newscrawl.distributed.queue import LeasedPriorityQueue
from newscrawl.distributed.registry import WorkerRegistry
from newscrawl.distributed.scheduler import EngineHooks, IdleTimer, RedisScheduler
from newscrawl.dupefilter import CanonicalDupeFilter
from newscrawl.meta import CrawlSite, publish_crawl_site

KEYS = RedisKeys("newscrawl", "demo")
redis_url = redis_workers.redis_url  # fixtures
redis_client = redis_workers.redis_client
own_redis = redis_workers.own_redis


def spider() -> scrapy.Spider:
    return scrapy.Spider(name="news")


def queue(client, worker: str) -> LeasedPriorityQueue:
    return LeasedPriorityQueue(client, spider(), KEYS.queue, KEYS.inflight(worker))


def registry(client, worker: str, lease: float = 30.0) -> WorkerRegistry:
    return WorkerRegistry(client, KEYS, worker, lease_seconds=lease, state_ttl=3600)


def test_keys_are_per_site_not_per_spider():
    assert RedisKeys("newscrawl", "demo").queue == "newscrawl:demo:requests"
    assert RedisKeys("newscrawl", "other").dupefilter == "newscrawl:other:dupefilter"
    with pytest.raises(ValueError):
        RedisKeys("news%crawl", "demo")  # scrapy-redis %-formats key names


def test_configure_switches_scheduler_only_with_a_redis_url():
    settings = Settings()
    settings.setmodule(project_settings)
    publish_crawl_site(settings, CrawlSite("demo", None, ("demo.test",)))
    crawler = SimpleNamespace(settings=settings, spider=None)
    assert configure(crawler) is False
    assert settings["SCHEDULER"] == "scrapy.core.scheduler.Scheduler"

    settings.set("NEWSCRAWL_REDIS_URL", "redis://127.0.0.1:1/0", priority="cmdline")
    assert configure(crawler) is True
    assert settings["SCHEDULER"] == "newscrawl.distributed.scheduler.RedisScheduler"
    assert settings["DUPEFILTER_CLASS"] == "newscrawl.distributed.dupefilter.RedisDupeFilter"
    assert settings["SCHEDULER_QUEUE_KEY"] == "newscrawl:demo:requests"
    assert settings.getbool("SCHEDULER_PERSIST")
    # Leases are released once items are exported: that must mean delivered, not batched.
    assert settings.getint("NEWSCRAWL_STORE_COMMIT_ITEMS") == 1


def test_a_leased_request_is_never_outside_redis(redis_client):
    q = queue(redis_client, "w1")
    for n in range(3):
        q.push(scrapy.Request(f"http://example.com/{n}", priority=n))
    request, token = q.lease()
    assert request.url == "http://example.com/2"  # highest priority first
    assert len(q) == 2
    assert redis_client.zcard(KEYS.inflight("w1")) == 1
    q.ack(token)
    assert redis_client.zcard(KEYS.inflight("w1")) == 0
    q.lease()
    assert q.return_all() == 1
    assert len(q) == 2


def test_equal_priorities_come_out_newest_first(redis_client):
    # Scrapy's own order: a listing's "next page", queued last, must not wait behind
    # every article queued before it (scrapy-redis orders those by their pickled bytes).
    q = queue(redis_client, "w1")
    q.push(scrapy.Request("http://example.com/urgent", priority=1))
    for name in ("b", "a", "c"):
        q.push(scrapy.Request(f"http://example.com/{name}"))
    assert [q.lease()[0].url.rsplit("/", 1)[1] for _ in range(4)] == ["urgent", "c", "a", "b"]


def test_dead_workers_requests_go_back_to_the_queue_once(redis_client):
    dead = registry(redis_client, "dead", lease=3600.0)
    alive = registry(redis_client, "alive")
    dead.join()
    alive.join()
    q = queue(redis_client, "dead")
    for n in range(5):
        q.push(scrapy.Request(f"http://example.com/{n}"))
    q.lease()
    q.lease()
    assert alive.pending() == 5  # 3 queued + 2 in flight at "dead"
    assert alive.tick().dead_workers == 0  # its lease is valid for an hour
    # "dead" never renews its lease: it runs out. Set here, the deadline (Redis server
    # time) is past however slow the machine is, and no test waits for a clock.
    redis_client.zadd(KEYS.workers, {"dead": 0})
    recovery = alive.tick()
    assert (recovery.dead_workers, recovery.recovered_requests) == (1, 2)
    assert len(q) == 5
    assert alive.workers() == ["alive"]
    assert alive.tick().recovered_requests == 0  # nothing recovered twice


def test_last_worker_out_of_a_finished_crawl_removes_its_state(redis_client):
    one, two = registry(redis_client, "one"), registry(redis_client, "two")
    one.join()
    two.join()
    redis_client.sadd(KEYS.dupefilter, "fp")
    assert one.leave() is False  # "two" still works on it
    assert redis_client.exists(KEYS.dupefilter)
    assert two.leave() is True
    assert redis_client.keys("newscrawl:demo:*") == []


def test_leaving_never_flushes_queued_requests(redis_client):
    only = registry(redis_client, "only")
    only.join()
    queue(redis_client, "only").push(scrapy.Request("http://example.com/left"))
    redis_client.sadd(KEYS.dupefilter, "fp")
    assert only.leave() is False  # unfinished: kept for a restarted worker
    assert redis_client.zcard(KEYS.queue) == 1
    assert redis_client.exists(KEYS.dupefilter)


def test_dupefilter_agrees_with_the_single_process_filter_and_expires(redis_client):
    df = RedisDupeFilter(redis_client, KEYS.dupefilter, crawler=SimpleNamespace(), ttl=600)
    local = CanonicalDupeFilter()
    same = [scrapy.Request("http://example.com/a?b=1&a=2"),
            scrapy.Request("http://example.com/a?a=2&b=1&utm_source=feed")]
    other = scrapy.Request("http://example.com/b")
    for request in [*same, other]:
        assert df.request_seen(request) is local.request_seen(request), request
    assert redis_client.scard(KEYS.dupefilter) == 2
    assert 0 < redis_client.ttl(KEYS.dupefilter) <= 600
    redis_client.persist(KEYS.dupefilter)
    df.close("finished")
    assert redis_client.exists(KEYS.dupefilter), "close must not erase other workers' state"
    assert 0 < redis_client.ttl(KEYS.dupefilter) <= 600


def test_start_requests_are_filtered_even_with_dont_filter():
    start = scrapy.Request("http://example.com/", dont_filter=True,
                           meta={"is_start_request": True})
    assert RedisScheduler._filtered(start)
    retry = start.replace(meta={**start.meta, "retry_times": 1})
    assert not RedisScheduler._filtered(retry)
    assert not RedisScheduler._filtered(scrapy.Request("http://example.com/", dont_filter=True))
    assert RedisScheduler._filtered(scrapy.Request("http://example.com/"))


def test_idle_time_counts_from_when_the_crawl_went_quiet():
    now = [1000.0]  # a worker that has been running for a long time
    timer = IdleTimer(clock=lambda: now[0])
    assert timer.idle_for() == 0.0
    now[0] += 3
    assert timer.idle_for() == 3.0
    timer.busy()
    now[0] += 100
    assert timer.idle_for() == 0.0  # not 103: work restarted the clock


def test_engine_hooks_release_leases_and_wake_the_engine_between_heartbeats():
    events: list[str] = []

    class Slot:  # the two members of Scrapy 2.19's engine slot the scheduler relies on
        nextcall = SimpleNamespace(schedule=lambda: events.append("wake"))

        def remove_request(self, request):
            events.append(f"removed {request}")

    hooks = EngineHooks(SimpleNamespace(_slot=Slot()))
    hooks.on_request_finished(lambda request: events.append(f"finished {request}"))
    hooks._slot.remove_request("r1")
    hooks.wake()
    # The lease is released when the engine is done with the request, not before.
    assert events == ["finished r1", "removed r1", "wake"]
    with pytest.raises(RuntimeError, match="engine slot"):
        EngineHooks(SimpleNamespace())  # a Scrapy whose engine changed: fail loudly


def test_health_warns_once_per_outage_and_backs_off(caplog):
    from newscrawl.distributed.health import RedisHealth

    now = [0.0]
    stats = scrapy.statscollectors.MemoryStatsCollector(SimpleNamespace(settings=Settings()))
    health = RedisHealth("127.0.0.1:6379/0", stats, first_retry=0.5, max_retry=4,
                         clock=lambda: now[0])
    assert health.due() and not health.down
    delays = []
    for _ in range(6):
        health.failed(redis_workers.redis_error())
        start = now[0]
        while not health.due():
            now[0] += 0.25
        delays.append(now[0] - start)
    assert delays == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]  # doubling, capped
    health.succeeded()
    health.failed(redis_workers.redis_error())  # a second outage
    health.succeeded()
    warnings = [r for r in caplog.records if "Redis unavailable" in r.getMessage()]
    assert len(warnings) == 2
    assert stats.get_value("newscrawl/redis/unavailable") == 2
    assert stats.get_value("newscrawl/redis/reconnected") == 2
    assert stats.get_value("newscrawl/redis/failed_calls") == 7
    assert stats.get_value("newscrawl/redis/outage_seconds") == now[0]


def test_a_worker_learns_that_redis_lost_its_crawl(redis_client):
    from newscrawl.distributed.registry import CrawlStateLost

    worker = registry(redis_client, "w1")
    worker.join()
    assert worker.tick().dead_workers == 0
    other = registry(redis_client, "w2")
    other.join()
    assert other.crawl_id == worker.crawl_id  # the same crawl
    redis_client.flushdb()  # what a restart without persistence leaves
    with pytest.raises(CrawlStateLost):
        worker.tick()
    assert redis_client.keys("*") == [], "a lost crawl's worker writes nothing back"


def test_leases_whose_answer_was_lost_go_back_to_the_queue(redis_client):
    q = queue(redis_client, "w1")
    for n in range(3):
        q.push(scrapy.Request(f"http://example.com/{n}"))
    _, held = q.lease()
    q.lease()  # as if the connection died before the answer arrived: the worker has not got it
    assert q.return_unknown([held]) == 1
    assert len(q) == 2
    assert redis_client.zrange(KEYS.inflight("w1"), 0, -1) == [held]
