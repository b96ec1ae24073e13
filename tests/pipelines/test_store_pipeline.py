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


def test_the_pipelines_of_one_crawler_share_one_store(tmp_path):
    crawler = get_crawler(settings_dict={"NEWSCRAWL_STORE_PATH": str(tmp_path / "s.sqlite3")})
    assert StorePipeline.from_crawler(crawler).store is DedupePipeline.from_crawler(crawler).store
    other = get_crawler(settings_dict={"NEWSCRAWL_STORE_PATH": str(tmp_path / "s.sqlite3")})
    assert StorePipeline.from_crawler(other).store is not StorePipeline.from_crawler(crawler).store
