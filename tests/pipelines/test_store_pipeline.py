"""The store pipeline: what the feeds get goes into the shared article store."""

from __future__ import annotations

from scrapy import signals
from scrapy.utils.test import get_crawler

from newscrawl.pipelines.dedupe import DedupePipeline
from newscrawl.pipelines.store import StorePipeline
from newscrawl.store import ArticleStore


def item(**overrides):
    return {"url": "http://news.test/a/", "site": "demo", "title": "A", "modified": None,
            "published": "2024-12-01T08:00:00-05:00", "body": "Some words of a body. " * 10,
            **overrides}


def test_items_are_stored_counted_and_committed_when_the_spider_closes(tmp_path):
    path = tmp_path / "store.sqlite3"
    crawler = get_crawler(settings_dict={"NEWSCRAWL_STORE_PATH": str(path)})
    crawler.stats.open_spider()
    pipeline = StorePipeline.from_crawler(crawler)
    first = item()
    assert pipeline.process_item(first) is first
    pipeline.process_item(item(body="Another body entirely, with its own words. " * 5))
    assert crawler.stats.get_value("newscrawl/store/new") == 1
    assert crawler.stats.get_value("newscrawl/store/updated") == 1
    pipeline.close_spider()
    crawler.signals.send_catch_log(signals.spider_closed, spider=None, reason="finished")
    with ArticleStore(path) as store:
        assert len(store.versions(first["url"])) == 2
        assert store.candidates([], None) == []


def test_the_crawlers_of_one_process_share_one_store_per_path(tmp_path):
    # A crawl of several sites runs one crawler per site in one thread: two connections
    # to one SQLite file would each wait for the other's write lock, and fail.
    def crawler_on(name):
        return get_crawler(settings_dict={"NEWSCRAWL_STORE_PATH": str(tmp_path / name),
                                          "NEWSCRAWL_STORE_COMMIT_ITEMS": 1000})

    first, second = crawler_on("s.sqlite3"), crawler_on("s.sqlite3")
    store = StorePipeline.from_crawler(first).store
    assert store is DedupePipeline.from_crawler(first).store
    assert StorePipeline.from_crawler(second).store is store
    assert StorePipeline.from_crawler(crawler_on("t.sqlite3")).store is not store
    for number in range(3):  # writes in turns, nothing committed in between
        for crawler in (first, second):
            crawler.stats.open_spider()
            StorePipeline.from_crawler(crawler).process_item(
                item(url=f"https://news.test/{crawler is first}/{number}"))
    first.signals.send_catch_log(signals.spider_closed, reason="finished")
    assert len(store) == 6  # still open for the second crawler
    second.signals.send_catch_log(signals.spider_closed, reason="finished")
    assert StorePipeline.from_crawler(crawler_on("s.sqlite3")).store is not store
    with ArticleStore(tmp_path / "s.sqlite3", read_only=True) as stored:
        assert len(stored) == 6


