from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from newscrawl.pipelines.dedupe import DedupePipeline


def test_same_article_under_tracking_parameters_is_emitted_once():
    crawler = get_crawler()
    crawler.stats.open_spider()
    pipeline = DedupePipeline.from_crawler(crawler)
    first = {"url": "http://news.test/a/?id=1"}
    assert pipeline.process_item(first) is first
    with pytest.raises(DropItem):
        pipeline.process_item({"url": "http://news.test/a/?utm_source=x&id=1"})
    assert pipeline.process_item({"url": "http://news.test/b/"})
    assert crawler.stats.get_value("newscrawl/dedupe/duplicate_url") == 1
