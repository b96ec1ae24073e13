"""Redis workers writing to one PostgreSQL ledger: one store for the whole crawl, with the
de-duplication of a single process, as workers on several machines would share it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter

import redis_workers
from redis_workers import FAST, ROOT, SLOW, Worker, demo_truth_urls

from newscrawl.demo.server import DemoServer

redis_url = redis_workers.redis_url  # fixtures
redis_client = redis_workers.redis_client
workers = redis_workers.workers


def finished(worker: Worker) -> Worker:
    assert worker.wait() == 0, worker.log[-3000:]
    assert worker.stats.get("finish_reason") == "finished"
    return worker


def exported(store: str, *options: str) -> list[dict]:
    """``python -m newscrawl export --store <url>``'s JSON Lines."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-m", "newscrawl", "export", "--store", store,
                          "-o", "-", *options], check=True, capture_output=True, text=True,
                         env=env).stdout
    return [json.loads(line) for line in out.splitlines()]


def test_workers_on_one_postgresql_ledger_store_and_deduplicate_as_one_crawl(
        demo_url, redis_url, redis_client, workers, tmp_path, postgres_url):
    truth = demo_truth_urls(demo_url)
    ledger = {"NEWSCRAWL_STORE_URL": postgres_url}

    def worker(name, base_url, settings):
        started = Worker(tmp_path / name, redis_url, "site=demo", f"start_url={base_url}/",
                         settings={**settings, **ledger})
        workers.append(started)
        return started

    one, two = worker("one", demo_url, SLOW), worker("two", demo_url, SLOW)
    finished(one), finished(two)
    emitted = one.feed_urls() + two.feed_urls()
    assert one.feed_urls() and two.feed_urls(), "one worker did all the work"
    assert sorted(emitted) == sorted(truth), "not every article exactly once in the feeds"
    stored = Counter(item["url"] for item in exported(postgres_url))
    assert set(stored) == truth and set(stored.values()) == {1}, "not once each in the ledger"

    # A full re-run (not incremental) from another worker: a complete feed, and the
    # ledger adds no version, since nothing changed.
    full = finished(worker("full", demo_url, {**FAST, "NEWSCRAWL_INCREMENTAL": False}))
    assert sorted(full.feed_urls()) == sorted(truth)
    assert full.stats["newscrawl/store/unchanged"] == len(truth)
    assert len(exported(postgres_url, "--all-versions")) == len(truth)

    # The same stories at another address (a syndicated copy of the site): a worker that
    # never met the originals drops every one as a near-duplicate of what the others
    # stored, and records its URL as another URL of the original.
    with DemoServer(n_articles=240) as mirror:
        copy = finished(worker("copy", mirror.base_url, FAST))
    assert copy.feed_urls() == []
    assert copy.stats["newscrawl/dedupe/near_duplicate"] == len(truth)
    assert Counter(item["url"] for item in exported(postgres_url)) == stored
