"""The store pipeline: what the feeds get goes into the shared article store."""

from __future__ import annotations

from scrapy import signals
from scrapy.utils.test import get_crawler

from newscrawl.ledger import SHARED_LEDGER, open_ledger
from newscrawl.ledger.sqlite import SQLiteLedger
from newscrawl.pipelines.dedupe import DedupePipeline
from newscrawl.pipelines.store import StorePipeline

LEDGER = {"newscrawl.ledger.CrawlLedger": 10}


def item(**overrides):
    return {"url": "http://news.test/a/", "site": "demo", "title": "A", "modified": None,
            "published": "2024-12-01T08:00:00-05:00", "body": "Some words of a body. " * 10,
            **overrides}


def test_items_are_stored_counted_and_committed_when_the_spider_closes(tmp_path):
    path = tmp_path / "store.sqlite3"
    crawler = get_crawler(settings_dict={"EXTENSIONS": LEDGER, "NEWSCRAWL_STORE_PATH": str(path)})
    crawler.stats.open_spider()
    pipeline = StorePipeline.from_crawler(crawler)
    first = item()
    assert pipeline.process_item(first) is first
    pipeline.process_item(item(body="Another body entirely, with its own words. " * 5))
    assert crawler.stats.get_value("newscrawl/store/new") == 1
    assert crawler.stats.get_value("newscrawl/store/updated") == 1
    pipeline.close_spider()
    crawler.signals.send_catch_log(signals.spider_opened)
    crawler.signals.send_catch_log(signals.spider_closed, reason="finished")
    with SQLiteLedger(path) as store:
        assert len(store.versions(first["url"])) == 2
        assert store.candidates([], None) == []


def test_crawlers_handed_one_ledger_share_it_and_only_its_owner_closes_it(tmp_path):
    # A crawl of several sites runs one crawler per site in one thread: two connections
    # to one SQLite file would each wait for the other's write lock, and fail.
    ledger = open_ledger(str(tmp_path / "s.sqlite3"), commit_items=1000)

    def sharing_crawler():
        return get_crawler(settings_dict={"EXTENSIONS": LEDGER, SHARED_LEDGER: ledger})

    first, second = sharing_crawler(), sharing_crawler()
    assert StorePipeline.from_crawler(first).store is ledger
    assert DedupePipeline.from_crawler(second).store is ledger
    for number in range(3):  # writes in turns, nothing committed in between
        for crawler in (first, second):
            crawler.stats.open_spider()
            StorePipeline.from_crawler(crawler).process_item(
                item(url=f"https://news.test/{crawler is first}/{number}"))
    for crawler in (first, second):
        crawler.signals.send_catch_log(signals.spider_opened)
        crawler.signals.send_catch_log(signals.spider_closed, reason="finished")
    assert len(ledger) == 6  # committed, still open for its owner
    with SQLiteLedger(tmp_path / "s.sqlite3", read_only=True) as stored:
        assert len(stored) == 6
    ledger.close()
