"""Spidermon monitors (newscrawl.monitors) and the crawl command's exit status."""

from __future__ import annotations

import json

import pytest
from bad_input import crawl as crawl_with_sites
from scrapy import Spider
from scrapy.utils.test import get_crawler
from spidermon.contrib.scrapy.runners import SpiderMonitorRunner

from newscrawl import settings as project
from newscrawl.meta import SITE_DEFINITION, SITE_NAME
from newscrawl.monitors import FAILED, FAILURES, SiteHealthMonitorSuite, min_fill
from newscrawl.sites import get_site
from newscrawl.sites.definition import SiteDefinition
from tests.conftest import run_crawl

# pytest resets warning filters per test: the one newscrawl.monitors sets for crawls.
pytestmark = pytest.mark.filterwarnings("ignore:Spider.log.. is deprecated")

DEMO = get_site("demo")


def health(items: int, **fields: dict[str, int]) -> dict[str, int]:
    """Health stats: ``title={"site": 9, "jsonld": 1}`` → filled 10, by origin."""
    stats = {"newscrawl/health/items": items, "item_scraped_count": items,
             "newscrawl/validate/checked": items}
    for name, origins in fields.items():
        stats[f"newscrawl/health/{name}/filled"] = sum(origins.values())
        for origin, count in origins.items():
            stats[f"newscrawl/health/{name}/from/{origin}"] = count
    return stats


GOOD = health(10, title={"site": 10}, published={"site": 10}, body={"site": 10})


def run_monitors(stats: dict, site: SiteDefinition | None = DEMO, **settings) -> list[str]:
    """The suite as Spidermon runs it when the spider closes; the recorded failures."""
    crawler = get_crawler(Spider, {
        "NEWSCRAWL_MIN_FILL": project.NEWSCRAWL_MIN_FILL,
        "NEWSCRAWL_MAX_REJECTED_SHARE": project.NEWSCRAWL_MAX_REJECTED_SHARE,
        "NEWSCRAWL_MAX_GIVEN_UP_SHARE": project.NEWSCRAWL_MAX_GIVEN_UP_SHARE,
        SITE_NAME: site.name if site else "news.test", SITE_DEFINITION: site, **settings})
    spider = Spider(name="news")
    crawler.stats.open_spider()
    SpiderMonitorRunner(spider=spider).run(
        SiteHealthMonitorSuite(crawler=crawler), stats=stats, stats_history=[],
        crawler=crawler, spider=spider, sc_spider_name="news", job=None)
    failures = crawler.stats.get_value(FAILURES)
    assert crawler.stats.get_value(FAILED) == len(failures)
    return failures


def test_a_healthy_run_passes():
    assert run_monitors(GOOD) == []


def test_no_items_fails():
    failures = run_monitors({"response_received_count": 12, "newscrawl/validate/rejected": 3,
                             "newscrawl/rejected/missing_title": 3,
                             "downloader/response_status_count/200": 4,
                             "downloader/response_status_count/403": 8})
    assert len(failures) == 1
    # The statuses tell a site that refuses the crawler from one whose layout changed.
    assert failures[0].startswith("Items: site 'demo' returned no items: 12 pages fetched "
                                  "(HTTP status: 403: 8, 200: 4), 3 items rejected "
                                  "(missing_title: 3)")


def test_no_items_names_requests_that_failed():
    """A server that never answers was reported as 0 pages and broken selectors."""
    failures = run_monitors({
        "downloader/exception_count": 9,
        "downloader/exception_type_count/twisted.internet.error.TimeoutError": 9})
    assert ("0 pages fetched (HTTP status: none), 9 requests failed "
            "(twisted.internet.error.TimeoutError: 9)") in failures[0]


def test_no_items_names_pages_robots_txt_forbade():
    """A robots.txt that forbids the crawl was reported as selectors that no longer match."""
    failures = run_monitors({"response_received_count": 2, "robotstxt/forbidden": 3,
                             "downloader/response_status_count/200": 2})
    assert len(failures) == 1
    assert "robots.txt forbade 3 pages" in failures[0]
    assert "link selectors" not in failures[0]


@pytest.mark.parametrize("known", ["newscrawl/incremental/known", "newscrawl/dedupe/seen_before",
                                   "newscrawl/incremental/listing_stopped"])
def test_nothing_new_is_not_a_failure(known):
    assert run_monitors({known: 5}) == []


def test_a_field_filled_by_the_generic_fallback_instead_of_the_selector_fails():
    stats = {**GOOD, **health(10, title={"site": 3, "jsonld": 7})}
    [failure] = run_monitors(stats)
    assert "'title' filled by the site definition's selector in 30% of 10 items" in failure
    assert "minimum 90%" in failure and "jsonld 70%, site 30%" in failure


def test_without_a_selector_any_origin_counts():
    # Generic mode (no site definition): the fallback is all there is.
    assert run_monitors({**GOOD, **health(10, title={"jsonld": 10})}, site=None) == []


def test_site_definition_thresholds_override_the_defaults():
    site = DEMO.model_copy(update={"min_fill": {"category": 0.5, "title": 0.2}})
    assert min_fill(get_crawler(Spider, {"NEWSCRAWL_MIN_FILL": {"title": 0.9}}).settings,
                    site) == {"title": 0.2, "category": 0.5}
    stats = {**GOOD, **health(10, title={"site": 3, "jsonld": 7}, category={"site": 4})}
    [failure] = run_monitors(stats, site)
    assert "'category' filled by the site definition's selector in 40%" in failure
    assert "'title'" not in failure


def test_too_many_rejected_items_fail():
    stats = {**GOOD, "newscrawl/validate/checked": 10, "newscrawl/validate/rejected": 3,
             "newscrawl/rejected/short_body": 3}
    [failure] = run_monitors(stats)
    assert failure.startswith("Rejected items: site 'demo': 30% of items rejected (3 of 10; "
                              "short_body: 3), more than 20%")
    assert run_monitors(stats, NEWSCRAWL_MAX_REJECTED_SHARE=0.5) == []


def test_too_many_pages_given_up_on_fail():
    """A site that fails a quarter of the pages after their retries (down, or refusing the
    crawler with 503s): the run exited 0 with the articles it got."""
    stats = {**GOOD, "downloader/request_count": 40, "retry/count": 20,
             "newscrawl/unfetched/recorded": 5,
             "retry/reason_count/503 Service Unavailable": 16,
             "retry/reason_count/twisted.internet.error.TimeoutError": 4}
    [failure] = run_monitors(stats, NEWSCRAWL_MAX_GIVEN_UP_SHARE=0.1)
    assert failure == (
        "Pages given up on: site 'demo': 5 of 20 pages (25%) given up on after their retries "
        "(retried for 503 Service Unavailable: 16, twisted.internet.error.TimeoutError: 4), "
        "more than 10%; the next run asks for them again")
    assert run_monitors(stats, NEWSCRAWL_MAX_GIVEN_UP_SHARE=0.25) == []
    assert run_monitors({**stats, "newscrawl/unfetched/recorded": 1},
                        NEWSCRAWL_MAX_GIVEN_UP_SHARE=0.1) == []


def test_pages_given_up_on_fail_the_crawl_with_a_non_zero_exit(tmp_path):
    from bad_input import crawl
    from bad_input.cases import article_html
    from bad_input.server import RouteServer

    html = [("Content-Type", "text/html; charset=utf-8")]
    stories = [f"/2024/05/0{n}/story-{n}/" for n in range(1, 7)]
    with RouteServer() as server:
        server.routes.update({
            "/": (200, html, "".join(f'<a href="{path}">S</a>' for path in stories).encode()),
            **{path: (200, html, article_html(path[-8:-1]).encode()) for path in stories[:4]},
            **{path: (500, html, b"<html>oops</html>") for path in stories[4:]},
        })
        result = crawl.run(tmp_path, [], f"start_url={server.base_url}/",
                           settings={"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0})
    assert len(result.feed(f"127.0.0.1:{server.port}")) == 4
    assert result.returncode == 3, result.stderr[-3000:]
    assert "newscrawl: monitor failed: Pages given up on: site" in result.stderr
    assert "2 of" in result.stats["newscrawl/monitors/failures"][0]


def test_min_fill_in_a_site_definition_is_validated():
    with pytest.raises(ValueError, match="no such field"):
        DEMO.model_validate({**DEMO.model_dump(), "min_fill": {"headline": 0.5}})
    with pytest.raises(ValueError, match="between 0 and 1"):
        DEMO.model_validate({**DEMO.model_dump(), "min_fill": {"title": 90}})


def test_a_broken_selector_fails_the_crawl_with_a_non_zero_exit(demo_url, tmp_path):
    """The title selector no longer matches (a layout change): the generic fallback still
    finds titles, so every item is valid, but the run fails loudly."""
    broken = DEMO.model_copy(update={"fields": {**DEMO.fields, "title": "h1.headline-v2::text"}})
    result = crawl_with_sites.run(tmp_path, [broken], "site=demo",
                                  f"start_url={demo_url}/", "max_articles=20",
                                  settings={"NEWSCRAWL_STATE_DIR": tmp_path / "state"})
    assert result.returncode == 3, result.stderr[-3000:]
    assert result.stats["item_scraped_count"] == 20
    assert result.stats[FAILED] == 1
    assert "newscrawl: monitor failed: Field fill rates: site 'demo': fill rate below " \
           "minimum" in result.stderr
    assert "'title' filled by the site definition's selector in 0% of 20 items" in result.stderr
    report = (tmp_path / "output" / "demo" / "report.md").read_text(encoding="utf-8")
    assert "## Monitors: FAILED" in report


def test_a_page_or_an_item_lost_to_an_error_fails():
    assert run_monitors({**GOOD, "spider_exceptions/count": 1}) == [
        "Errors: site 'demo': 1 page(s) and 0 item(s) lost to an error; the log has each "
        "one's traceback"]
    assert len(run_monitors({**GOOD, "newscrawl/item_errors/count": 2})) == 1


def test_articles_lost_to_a_bug_fail_the_crawl_with_a_non_zero_exit(demo_url, tmp_path):
    """A bug that one page and one item hit: both are lost, every other article is
    delivered, and the run does not end as a success."""
    faulty = "tests.extensions.faulty_components"
    result = run_crawl(tmp_path, "site=demo", f"start_url={demo_url}/", "max_articles=10",
                       settings={
        "SPIDER_MIDDLEWARES": json.dumps({f"{faulty}.FailsOnTheThirdArticlePage": 100}),
        "ITEM_PIPELINES": json.dumps({**project.ITEM_PIPELINES,
                                      f"{faulty}.FailsOnTheSecondItem": 450})})
    assert result.returncode == 3, result.stderr[-3000:]
    assert result.stats["spider_exceptions/ValueError"] == 1
    assert result.stats["newscrawl/item_errors/count"] == 1
    assert result.stats["newscrawl/item_errors/KeyError"] == 1
    assert len(result.feed("demo")) == 8
    assert ("newscrawl: monitor failed: Errors: site 'demo': 1 page(s) and 1 item(s) lost "
            "to an error") in result.stderr


def test_a_crawl_stopped_before_it_fetched_anything_blames_no_site():
    stopped = {"finish_reason": "feed_write_failed"}
    assert run_monitors(stopped) == []
    # A site that answered nothing was still asked: its links are what to check.
    failures = run_monitors({"finish_reason": "finished", "downloader/request_count": 3})
    assert len(failures) == 1 and "returned no items" in failures[0]


def test_undated_items_are_kept_but_a_site_whose_dates_go_missing_fails():
    # Undated articles are valid items; a site that stopped giving dates is still caught.
    stats = {**GOOD, **health(10, published={"jsonld": 5})}
    [failure] = run_monitors(stats, site=None)
    assert "'published'" in failure and "50% of 10 items" in failure
    assert run_monitors({**GOOD, **health(10, published={"jsonld": 9})}, site=None) == []
