"""Per-site health in the stats and the run report (newscrawl.extensions.report)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest
from scrapy import Spider
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from newscrawl.extensions.report import (
    SiteHealthReport,
    bar_chart,
    count_item,
    field_health,
    render_report,
    timeline,
)
from newscrawl.meta import SITE_NAME


def item(n: int = 1, **overrides):
    value = {
        "url": f"http://news.test/{n}/", "site": "demo", "title": f"Story {n}",
        "authors": ["Jane Doe"], "published": f"2024-12-0{n}T08:00:00-05:00",
        "modified": None, "category": "Markets", "tags": [], "summary": "S",
        "body": "words " * 40, "images": [], "source": "Reuters", "language": "en",
        "reading_time": 2, "word_count": 40, "scraped_at": "x",
        "provenance": {"url": "site", "title": "site", "authors": "site", "published": "site",
                       "category": "site", "summary": "meta", "body": "site",
                       "language": "site", "reading_time": "site"},
    }
    value.update(overrides)
    return value


class Stats(dict):
    def inc_value(self, key, count=1):
        self[key] = self.get(key, 0) + count


def test_health_counts_fill_and_origin_per_field():
    stats = Stats()
    count_item(stats, item(1))
    count_item(stats, item(2, title="Story", authors=[], provenance={"title": "jsonld"}))
    health = field_health(stats)
    assert stats["newscrawl/health/items"] == 2
    assert health["title"].rate == 1.0
    assert health["title"].origins == {"site": 1, "jsonld": 1}
    assert health["title"].rate_from("site") == 0.5
    assert health["authors"].rate == 0.5
    assert health["modified"].rate == 0.0 and health["modified"].describe_origins() == "none"
    assert health["source"].origins == {"derived": 2}  # no provenance: derived in cleaning
    assert "site" not in health and "provenance" not in health and "word_count" not in health


def test_uncertain_bodies_are_counted_and_reported():
    stats = Stats()
    count_item(stats, item(1, body_confidence=0.2))
    count_item(stats, item(2, body_confidence=0.5))  # at the threshold: not uncertain
    count_item(stats, item(3))  # a site definition's body: no confidence
    assert stats["newscrawl/health/body_confidence/uncertain"] == 1
    report = render_report("demo", stats, Counter(), Counter())
    assert "| bodies uncertain (`body_confidence` < 0.5) | 1 |" in report


def test_no_items_no_health():
    assert field_health({}) == {}


def test_bar_chart_scales_to_the_longest_bar_and_shows_small_counts():
    chart = bar_chart([("a", 40), ("bb", 1), ("c", 0)], width=8).splitlines()
    assert chart[0] == "a   ████████  40"
    assert chart[1] == "bb  ▎         1"  # 1/40 of 8 cells: 1.6 eighths
    assert chart[2] == "c             0"
    assert bar_chart([("a", 1000), ("b", 1)], width=8).splitlines()[1].startswith("b  ▏ ")
    assert bar_chart([]) == "(none)"


@pytest.mark.parametrize(
    ("days", "unit", "first"),
    [
        ({"2024-12-01": 2, "2024-12-03": 1}, "day", ("2024-12-01", 2)),
        ({"2024-10-01": 1, "2024-10-02": 1, "2024-12-03": 1}, "week", ("2024-09-30", 2)),
        ({"2023-01-05": 1, "2023-01-25": 1, "2024-12-03": 1}, "month", ("2023-01", 2)),
    ],
)
def test_timeline_groups_long_spans(days, unit, first):
    found_unit, rows = timeline(Counter(days))
    assert found_unit == unit
    assert rows[0] == first
    assert sum(count for _, count in rows) == sum(days.values())


def test_timeline_keeps_undated_articles():
    assert timeline(Counter({"2024-12-01": 1, "(no date)": 2}))[1][-1] == ("(no date)", 2)


def test_report_shows_numbers_monitors_fields_and_charts():
    stats = Stats({"start_time": datetime(2026, 11, 28, 12, tzinfo=UTC),
                   "finish_time": datetime(2026, 11, 28, 12, 1, tzinfo=UTC),
                   "finish_reason": "finished", "item_scraped_count": 2,
                   "newscrawl/validate/rejected": 1, "newscrawl/rejected/short_body": 1,
                   "newscrawl/dedupe/near_duplicate": 1, "newscrawl/store/new": 2,
                   "robotstxt/forbidden": 4, "newscrawl/monitors/failures": ["Items: nothing"]})
    count_item(stats, item(1))
    count_item(stats, item(2))
    report = render_report("demo", stats, Counter({"2024-12-01": 1, "2024-12-02": 1}),
                           Counter({"Markets": 2}))
    assert report.startswith("# Crawl report: demo")
    assert "Started 2026-11-28 12:00:00+00:00, finished 2026-11-28 12:01:00+00:00" in report
    assert "| articles written | 2 |" in report
    assert "| rejected, in the quarantine feed | 1 (short_body: 1) |" in report
    assert "| duplicates dropped | 1 (near_duplicate: 1) |" in report
    assert "| pages robots.txt forbade | 4 |" in report
    assert "## Monitors: FAILED\n\n- Items: nothing" in report
    assert "| `title` | 100% | site 100% |" in report
    assert "| `summary` | 100% | meta 100% |" in report
    assert "## Articles per day (published)" in report
    assert "2024-12-02  " + "█" * 40 + "  1" in report
    assert "Markets  " + "█" * 40 + "  2" in report


def test_extension_counts_scraped_items_and_writes_the_report(tmp_path):
    crawler = get_crawler(Spider, {
        "NEWSCRAWL_REPORT_URI": str(tmp_path / "%(site)s" / "report.md"),
        SITE_NAME: "demo"})
    crawler.spider = Spider(name="news")
    crawler.stats.open_spider()
    extension = SiteHealthReport.from_crawler(crawler)
    extension.item_scraped(item(1))
    extension.item_scraped(item(2, category=None, published=None))
    extension.spider_closed("finished")
    stats = crawler.stats.get_stats()
    assert stats["newscrawl/health/items"] == 2
    assert stats["newscrawl/health/category/fill_rate"] == 0.5
    report = (tmp_path / "demo" / "report.md").read_text(encoding="utf-8")
    assert "(no date)" in report and "(none)" in report and "(finished)" in report


def test_extension_is_off_when_disabled():
    crawler = get_crawler(Spider, {"NEWSCRAWL_REPORT_ENABLED": False})
    with pytest.raises(NotConfigured):
        SiteHealthReport.from_crawler(crawler)


def test_report_names_the_web_archive_written_and_replayed():
    written = render_report("demo", {"newscrawl/warc/folder": "warc", "newscrawl/warc/files": 3,
                                     "newscrawl/warc/bytes": 2_500_000,
                                     "newscrawl/warc/records": 90}, Counter(), Counter())
    assert "| web archive written | 3 files, 2.5 MB, 90 records in `warc` |" in written
    assert "replayed from" not in written
    replayed = render_report("demo", {
        "newscrawl/warc/replayed_from": "cc/*.warc.gz", "newscrawl/warc/read": 10,
        "newscrawl/warc/replayed": 4, "newscrawl/warc/skipped/request": 5,
        "newscrawl/warc/skipped/non_200": 1, "newscrawl/warc/broken_files": 1,
        "newscrawl/warc/damaged": 2},
        Counter(), Counter())
    assert ("| replayed from the web archive | `cc/*.warc.gz`: 4 pages of 10 records, 6 skipped "
            "(request: 5, non_200: 1), 1 files with damage, skipped over in 2 places (see the "
            "log) |") in replayed
    assert "web archive written" not in replayed
