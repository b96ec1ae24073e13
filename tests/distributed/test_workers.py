"""Redis workers crawling the demo site together, including one killed with SIGKILL."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

import redis_workers
from redis_workers import FAST, SLOW, Worker, demo_truth_urls, wait_for

from newscrawl.demo.server import DemoServer

redis_url = redis_workers.redis_url  # fixtures
redis_client = redis_workers.redis_client
workers = redis_workers.workers


def start(workers, tmp_path, name, redis_url, demo_url, settings):
    worker = Worker(tmp_path / name, redis_url, "site=demo", f"start_url={demo_url}/",
                    settings=settings)
    workers.append(worker)
    return worker


def assert_clean_exit(worker):
    code = worker.wait()
    assert code == 0, worker.log[-3000:]
    assert worker.stats.get("finish_reason") == "finished"


def test_two_workers_crawl_the_site_once(demo_url, redis_url, redis_client, workers,
                                         tmp_path):
    truth = demo_truth_urls(demo_url)
    # Workers on one machine share one SQLite ledger (on several: PostgreSQL, see
    # test_postgres_ledger.py): what the crawl delivered is known to the next one.
    ledger = {"NEWSCRAWL_STORE_PATH": tmp_path / "ledger.sqlite3"}
    one = start(workers, tmp_path, "one", redis_url, demo_url, {**SLOW, **ledger})
    two = start(workers, tmp_path, "two", redis_url, demo_url, {**SLOW, **ledger})
    assert_clean_exit(one)
    assert_clean_exit(two)

    emitted = one.feed_urls() + two.feed_urls()
    twice = [url for url, count in Counter(emitted).items() if count > 1]
    assert not twice, f"articles emitted by both workers: {twice[:5]}"
    assert set(emitted) == truth
    assert one.feed_urls() and two.feed_urls(), "one worker did all the work"

    # Every page (the start URL included) downloaded by exactly one worker.
    downloads = Counter(one.crawled_urls() + two.crawled_urls())
    assert [url for url, count in downloads.items() if count > 1] == []
    assert f"{demo_url}/" in downloads

    # Each ended by itself, after the whole crawl had been empty for the setting's time.
    for worker in (one, two):
        assert worker.stats["newscrawl/distributed/idle_at_close"] >= FAST[
            "NEWSCRAWL_REDIS_IDLE_CLOSE"]
    # The last worker out removed the finished crawl's queue, filter and leases.
    assert sum(w.stats.get("newscrawl/distributed/cleared", 0) for w in (one, two)) == 1
    assert redis_client.keys("newscrawl:demo:*") == []
    for worker in (one, two):
        assert "Deprecat" not in worker.log, "scrapy-redis deprecation warnings are back"

    # The ledger knows the delivered articles: a re-run from another directory fetches
    # listings only, and stops paginating at the first page of known articles.
    rerun = start(workers, tmp_path, "rerun", redis_url, demo_url, {**FAST, **ledger})
    assert_clean_exit(rerun)
    assert rerun.feed_urls() == []
    assert rerun.stats.get("newscrawl/incremental/known", 0) > 0
    assert rerun.stats.get("newscrawl/incremental/listing_stopped", 0) > 0
    assert rerun.stats.get("downloader/request_count") < len(truth) / 2


def test_killed_worker_loses_nothing(demo_url, redis_url, redis_client, workers,
                                     tmp_path):
    truth = demo_truth_urls(demo_url)
    victim = start(workers, tmp_path, "victim", redis_url, demo_url, SLOW)
    survivor = start(workers, tmp_path, "survivor", redis_url, demo_url, SLOW)
    wait_for(lambda: len(victim.feed_urls()) >= 20, 60, "the victim to export 20 articles")
    victim.kill()
    assert_clean_exit(survivor)

    stats = survivor.stats
    assert stats.get("newscrawl/distributed/dead_workers") == 1
    assert stats.get("newscrawl/distributed/recovered", 0) >= 1, "nothing was in flight?"
    emitted = victim.feed_urls() + survivor.feed_urls()
    assert truth - set(emitted) == set(), "articles lost with the killed worker"
    assert set(emitted) - truth == set()
    # At-least-once: an article whose item was written in the instant before the kill,
    # but whose lease was not yet released, is fetched again (at most one per request
    # the victim had in flight).
    assert len(emitted) - len(set(emitted)) <= 16
    assert redis_client.keys("newscrawl:demo:*") == []


def test_restarted_worker_resumes_a_crawl_whose_only_worker_died(
        demo_url, redis_url, redis_client, workers, tmp_path):
    truth = demo_truth_urls(demo_url)
    first = start(workers, tmp_path, "first", redis_url, demo_url, SLOW)
    wait_for(lambda: len(first.feed_urls()) >= 40, 60, "the first worker to export 40 articles")
    first.kill()
    assert redis_client.zcard("newscrawl:demo:requests") > 0, "crawl state must survive"

    second = start(workers, tmp_path, "second", redis_url, demo_url, FAST)
    assert_clean_exit(second)
    assert second.stats.get("newscrawl/distributed/recovered", 0) >= 1
    emitted = first.feed_urls() + second.feed_urls()
    assert set(emitted) == truth
    # The restarted worker resumed: it did not start over from the home page.
    assert f"{demo_url}/" not in second.crawled_urls()
    assert len(second.feed_urls()) < len(truth)


def test_two_workers_share_a_crawl_of_several_sites(demo_url, redis_url, redis_client,
                                                    workers, tmp_path):
    with DemoServer(n_articles=30, theme="newspaper", host="127.0.0.2") as other:
        sites = f"sites=demo {demo_url}/,{other.base_url}/"
        pair = [Worker(tmp_path / name, redis_url, sites, settings=SLOW)
                for name in ("one", "two")]
        workers.extend(pair)
        for worker in pair:
            code = worker.wait()
            assert code == 0, worker.log[-3000:]
        other_site = urlsplit(other.base_url).netloc
        truths = {"demo": demo_truth_urls(demo_url),
                  other_site: demo_truth_urls(other.base_url, 30, theme="newspaper")}
    for site, truth in truths.items():
        emitted = pair[0].feed_urls(site) + pair[1].feed_urls(site)
        assert sorted(emitted) == sorted(truth), f"{site}: each article once, all of them"
        assert redis_client.keys(f"newscrawl:{site}:*") == []
