"""A dropped item is logged in one line at its drop's level (the crawls that show it:
``tests/test_bad_input.py``, ``tests/warc/test_warc_record.py``)."""

from __future__ import annotations

import logging

import pytest
from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from newscrawl.logformatter import ArticleLogFormatter


@pytest.mark.parametrize(("level", "expected"), [("DEBUG", logging.DEBUG), (None, logging.WARNING)])
def test_a_drop_is_its_message_alone_at_its_level(level: str | None, expected: int) -> None:
    crawler = get_crawler(Spider)
    crawler.spider = Spider("news")
    crawler.spider.crawler = crawler
    item = {"url": "http://news.test/a/", "body": "The whole text of the article."}
    drop = DropItem("unchanged since an earlier run: http://news.test/a/", log_level=level)
    entry = ArticleLogFormatter().dropped(item, drop, None, crawler.spider)
    assert entry["level"] == expected
    assert entry["msg"] % entry["args"] == f"Dropped: {drop}"
