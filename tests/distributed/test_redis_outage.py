"""Redis going away under running workers: a real redis-server killed with SIGKILL."""

from __future__ import annotations

import subprocess
import time

import pytest
import redis_workers
from redis_workers import Worker, demo_truth_urls, wait_for

workers = redis_workers.workers  # fixtures
own_redis = redis_workers.own_redis

SETTINGS = {
    "NEWSCRAWL_REDIS_POLL_INTERVAL": 0.2,
    "NEWSCRAWL_REDIS_IDLE_CLOSE": 1.0,
    "NEWSCRAWL_REDIS_WORKER_TIMEOUT": 30.0,
    # Long enough for the crawl to be mid-way when Redis dies.
    "DOWNLOAD_DELAY": 0.05,
    "DOWNLOAD_DELAY_JITTER": 0,
}
# How long Redis stays away: several back-off rounds of every worker.
OUTAGE_SECONDS = 4
UNAVAILABLE = "Redis unavailable"  # the one WARNING line a worker logs per outage


def start(workers, tmp_path, name, redis, demo_url, **settings):
    worker = Worker(tmp_path / name, redis.url, "site=demo", f"start_url={demo_url}/",
                    settings={**SETTINGS, **settings})
    workers.append(worker)
    return worker


def wait_exit(worker, timeout: float) -> int:
    try:
        return worker.wait(timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"worker still running {timeout} s later:\n{worker.log[-3000:]}")


def test_workers_resume_after_redis_restarts_and_deliver_every_article(
        demo_url, own_redis, workers, tmp_path):
    truth = demo_truth_urls(demo_url)
    redis = own_redis(durable=True)
    one = start(workers, tmp_path, "one", redis, demo_url)
    two = start(workers, tmp_path, "two", redis, demo_url)
    wait_for(lambda: len(one.feed_urls()) + len(two.feed_urls()) >= 30, 120,
             "the workers to export 30 articles")
    redis.kill()
    wait_for(lambda: UNAVAILABLE in one.log and UNAVAILABLE in two.log, 60,
             "both workers to notice the outage")
    time.sleep(OUTAGE_SECONDS)  # Redis stays away a while: several rounds of back-off
    redis.start()

    for worker in (one, two):
        assert wait_exit(worker, 180) == 0, worker.log[-3000:]
        stats = worker.stats
        # Ended by itself once the crawl was done: idle close works after the outage.
        assert stats.get("finish_reason") == "finished", worker.log[-3000:]
        assert stats.get("newscrawl/redis/unavailable") == 1
        assert stats.get("newscrawl/redis/reconnected") == 1
        log = worker.log
        assert log.count(UNAVAILABLE) == 1, "one warning per outage, not one per call"
        assert "Traceback" not in log and "Exception in callback" not in log, log[-3000:]
    emitted = one.feed_urls() + two.feed_urls()
    assert truth - set(emitted) == set(), "articles lost in the outage"
    assert set(emitted) - truth == set()


def test_sigterm_during_an_outage_stops_the_worker(demo_url, own_redis, workers, tmp_path):
    redis = own_redis()
    worker = start(workers, tmp_path, "worker", redis, demo_url)
    wait_for(lambda: len(worker.feed_urls()) >= 10, 120, "the worker to export 10 articles")
    redis.kill()
    wait_for(lambda: UNAVAILABLE in worker.log, 60, "the worker to notice the outage")
    worker.terminate()
    wait_exit(worker, 60)
    assert worker.stats.get("finish_reason") == "shutdown", worker.log[-3000:]
    assert "Traceback" not in worker.log, worker.log[-3000:]


def test_sigterm_while_redis_hangs_stops_the_worker(demo_url, own_redis, workers, tmp_path):
    # Redis alive but not answering (stopped, a dead host behind a firewall): every call
    # waits for NEWSCRAWL_REDIS_TIMEOUT, and none may hold the shutdown up for long.
    redis = own_redis()
    worker = start(workers, tmp_path, "worker", redis, demo_url, NEWSCRAWL_REDIS_TIMEOUT=1)
    wait_for(lambda: len(worker.feed_urls()) >= 10, 120, "the worker to export 10 articles")
    redis.pause()
    wait_for(lambda: UNAVAILABLE in worker.log, 60, "the worker to notice the outage")
    worker.terminate()
    wait_exit(worker, 60)
    assert worker.stats.get("finish_reason") == "shutdown", worker.log[-3000:]
    assert "TimeoutError" in worker.log  # it was the hang, not a refused connection
    assert "Traceback" not in worker.log, worker.log[-3000:]


def test_a_worker_gives_up_when_redis_stays_away(demo_url, own_redis, workers, tmp_path):
    redis = own_redis()
    worker = start(workers, tmp_path, "worker", redis, demo_url,
                   NEWSCRAWL_REDIS_OUTAGE_CLOSE=3)
    wait_for(lambda: len(worker.feed_urls()) >= 10, 120, "the worker to export 10 articles")
    redis.kill()
    assert wait_exit(worker, 120) == 5, worker.log[-3000:]  # stopped before it finished
    assert worker.stats.get("finish_reason") == "redis_unavailable", worker.log[-3000:]
    assert worker.stats.get("newscrawl/redis/unavailable") == 1
    assert worker.log.count(UNAVAILABLE) == 1
    assert "Traceback" not in worker.log, worker.log[-3000:]


def test_a_redis_that_comes_back_empty_stops_the_crawl_loudly_and_a_rerun_completes_it(
        demo_url, own_redis, workers, tmp_path):
    truth = demo_truth_urls(demo_url)
    redis = own_redis()  # no persistence: a restart comes back without the crawl's state
    first = start(workers, tmp_path, "first", redis, demo_url)
    wait_for(lambda: len(first.feed_urls()) >= 20, 120, "the worker to export 20 articles")
    redis.kill()
    wait_for(lambda: UNAVAILABLE in first.log, 60, "the worker to notice the outage")
    redis.start()
    assert wait_exit(first, 120) == 5, first.log[-3000:]
    # Not "finished": the queue it would find empty was lost, not done.
    assert first.stats.get("finish_reason") == "redis_state_lost", first.log[-3000:]
    assert first.stats.get("newscrawl/redis/state_lost") == 1

    rerun = start(workers, tmp_path, "rerun", redis, demo_url, DOWNLOAD_DELAY=0)
    assert wait_exit(rerun, 180) == 0, rerun.log[-3000:]
    assert rerun.stats.get("finish_reason") == "finished"
    assert truth - set(first.feed_urls() + rerun.feed_urls()) == set()
