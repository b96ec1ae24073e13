"""Validation reasons and the quarantine feed."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from newscrawl.meta import SITE_DOMAINS, SITE_NAME
from newscrawl.pipelines.validate import ValidatePipeline, rejection_reasons

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
DOMAINS = ("news.test",)


def valid_item(**overrides):
    item = {
        "url": "http://news.test/2024/12/09/oil/", "site": "demo", "title": "Oil slips",
        "authors": ["Jane Doe"], "published": "2024-12-09T08:30:00-05:00", "modified": None,
        "category": "Energy", "tags": [], "summary": None, "body": "word " * 40,
        "images": [], "source": None, "language": "en", "reading_time": None,
        "word_count": 40, "scraped_at": None, "provenance": {},
    }
    item.update(overrides)
    return item


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"title": ""}, "missing_title"),
        ({"title": None}, "missing_title"),
        ({"body": ""}, "missing_body"),
        ({"authors": "Jane Doe"}, "invalid_authors"),
        ({"word_count": -1}, "invalid_word_count"),
        ({"url": "ftp://news.test/a"}, "bad_url_scheme"),
        ({"url": "http://elsewhere.test/a"}, "offsite_url"),
        ({"images": [{"url": "file:///etc/passwd"}]}, "bad_image_url_scheme"),
        ({"images": [{"url": "http://news.test/a.jpg"}, {"url": "javascript:alert(1)"}]},
         "bad_image_url_scheme"),
        ({"published": "yesterday-ish"}, "unparseable_published"),
        ({"published": "2024-12-09T08:30:00"}, "unparseable_published"),  # no offset
        ({"published": "2026-12-01T00:00:00+00:00"}, "future_published"),
        ({"published": "1989-12-31T00:00:00+00:00"}, "too_old_published"),
        ({"modified": "2030-01-01T00:00:00+00:00"}, "future_modified"),
        # Outside the years 1-9999 in UTC: no store, no state, no comparison can use it.
        ({"published": "9999-12-31T23:00:00-10:00"}, "out_of_range_published"),
        ({"modified": "0001-01-01T00:00:00+14:00"}, "out_of_range_modified"),
        ({"word_count": 12, "body": "word " * 12}, "short_body"),
        ({"body": "word \ufffd\ufffd " * 40}, "garbled_body"),  # binary served as text
        ({"colour": "blue"}, "invalid_colour"),
    ],
)
def test_each_reason(overrides, reason):
    assert reason in rejection_reasons(valid_item(**overrides), DOMAINS, 30, NOW)


def test_valid_item_has_no_reasons():
    assert rejection_reasons(valid_item(), DOMAINS, 30, NOW) == []


def test_an_undated_article_is_valid():
    # Guides, features and blog posts often state no date: the item says null.
    assert rejection_reasons(valid_item(published=None), DOMAINS, 30, NOW) == []


def test_out_of_range_is_the_only_date_reason():
    item = valid_item(published="9999-12-31T23:00:00-10:00")
    assert rejection_reasons(item, DOMAINS, 30, NOW) == ["out_of_range_published"]


def test_images_anywhere_on_the_web_are_fine():
    item = valid_item(images=[{"url": "https://cdn.elsewhere.test/a.jpg"}])
    assert rejection_reasons(item, DOMAINS, 30, NOW) == []


def test_a_stray_replacement_character_is_not_garbled():
    item = valid_item(body="word " * 40 + "caf\ufffd")
    assert rejection_reasons(item, DOMAINS, 30, NOW) == []


def test_published_within_a_day_ahead_is_accepted():
    item = valid_item(published="2026-11-29T06:00:00+00:00")  # time zones run ahead
    assert rejection_reasons(item, DOMAINS, 30, NOW) == []


def test_rejected_item_is_quarantined_counted_and_dropped(tmp_path):
    crawler = get_crawler(Spider, {
        "NEWSCRAWL_REJECTED_URI": str(tmp_path / "%(site)s" / "rejected.jsonl"),
        "NEWSCRAWL_MIN_BODY_WORDS": 30,
        # What NewsSpider publishes for `-a site=demo`.
        SITE_NAME: "demo", SITE_DOMAINS: ["127.0.0.1"],
    })
    crawler.stats.open_spider()
    pipeline = ValidatePipeline.from_crawler(crawler)
    good = valid_item(url="http://127.0.0.1:8000/2024/12/09/oil/")
    assert pipeline.process_item(good) is good
    bad = valid_item(url="http://127.0.0.1:8000/x/", title="")
    with pytest.raises(DropItem, match="missing_title"):
        pipeline.process_item(bad)
    pipeline.close_spider()
    lines = (tmp_path / "demo" / "rejected.jsonl").read_text().splitlines()
    assert [json.loads(line) for line in lines] == [{"reasons": ["missing_title"], "item": bad}]
    assert crawler.stats.get_value("newscrawl/rejected/missing_title") == 1
    # Items, for the monitors' rejected share (reasons are counted per reason).
    assert crawler.stats.get_value("newscrawl/validate/checked") == 2
    assert crawler.stats.get_value("newscrawl/validate/rejected") == 1
