"""A generic crawl (``-a start_url=``, no site definition) of a real WordPress: from its
REST API where it is open, from its pages where it is not; every published post once,
nothing else, its fields right."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from bad_input.crawl import run as crawl_sites

from newscrawl.sites import SiteDefinition

from .wp_server import WordPressServer, fetch

Crawl = Callable[..., Any]
# WordPress's default themes Debian packages: a classic one and two block themes.
THEMES = ["twentytwentyone", "twentytwentytwo", "twentytwentythree"]

# Fields every item must get right, compared exactly. Tags as a set: WordPress keeps no
# order for them (its pages and its API list them by name).
EXACT = ("title", "authors", "category")


def feed(result: Any, server: WordPressServer, name: str = "articles.jsonl") -> list[dict]:
    return result.feed(urlsplit(server.base_url).netloc, name)


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.lower()))


def body_f1(found: str, expected: str) -> float:
    """Token F1 of a body against its truth, as the extraction benchmark scores it."""
    got, want = words(found), words(expected)
    common = sum((got & want).values())
    if not common:
        return 0.0
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def assert_matches_truth(items: list[dict[str, Any]], server: WordPressServer) -> None:
    """Every article exactly once and nothing else, each with the fields of its truth."""
    truth = {record["url"]: record for record in server.truth()}
    urls = Counter(item["url"] for item in items)
    assert [url for url, count in urls.items() if count > 1] == []
    hidden = {entry["url"] for entries in server.non_articles().values() for entry in entries}
    assert set(urls) & hidden == set()
    assert set(urls) == set(truth)
    wrong = []
    for item in items:
        record = truth[item["url"]]
        for name in EXACT:
            if item.get(name) != record[name]:
                wrong.append((item["url"], name, item.get(name), record[name]))
        if sorted(item.get("tags", [])) != sorted(record["tags"]):
            wrong.append((item["url"], "tags", item.get("tags"), record["tags"]))
        for name in ("published",):
            if datetime.fromisoformat(item[name]) != datetime.fromisoformat(record[name]):
                wrong.append((item["url"], name, item[name], record[name]))
        if body_f1(item["body"], record["body"]) < 0.97:
            wrong.append((item["url"], "body", item["body"][:200], record["body"][:200]))
    assert wrong == [], "\n".join(map(repr, wrong))


def run(crawl: Crawl, server: WordPressServer, workdir: Path, **settings: Any) -> Any:
    result = crawl(f"start_url={server.base_url}/", workdir=workdir, settings=settings)
    assert result.returncode == 0, result.stderr[-3000:]
    assert feed(result, server, "rejected.jsonl") == []
    return result


@pytest.mark.parametrize("theme", THEMES)
def test_open_api_gives_every_post_once_with_its_fields(wordpress, crawl, tmp_path, theme):
    server = wordpress(theme=theme)
    result = run(crawl, server, tmp_path)
    items = feed(result, server)
    assert_matches_truth(items, server)
    assert {origin for item in items for origin in item["provenance"].values()} == {"wp-api"}
    assert result.stats["newscrawl/wordpress/api_pages"] == 1
    assert "newscrawl/wordpress/api_refused" not in result.stats


@pytest.mark.parametrize("theme", THEMES)
def test_disabled_api_gives_the_same_from_the_pages(wordpress, crawl, tmp_path, theme):
    server = wordpress(theme=theme, api="disabled")
    result = run(crawl, server, tmp_path)
    items = feed(result, server)
    assert_matches_truth(items, server)
    assert "wp-api" not in {origin for item in items for origin in item["provenance"].values()}
    assert result.stats["newscrawl/wordpress/api_refused"] == 1


def test_api_disallowed_by_robots_txt_is_not_read(wordpress, crawl, tmp_path):
    server = wordpress(api="robots_disallowed")
    assert "Disallow: /wp-json/" in fetch(server.base_url + "/robots.txt").text
    result = run(crawl, server, tmp_path)
    assert_matches_truth(feed(result, server), server)
    assert result.stats["newscrawl/wordpress/api_refused"] == 1
    assert "newscrawl/wordpress/api_pages" not in result.stats


def test_api_turned_off_walks_the_pages(wordpress, crawl, tmp_path):
    server = wordpress()
    result = run(crawl, server, tmp_path, NEWSCRAWL_WORDPRESS_API=False)
    assert_matches_truth(feed(result, server), server)
    assert not any(key.startswith("newscrawl/wordpress/") for key in result.stats)


def test_hidden_users_take_the_authors_from_each_page(wordpress, crawl, tmp_path):
    server = wordpress(api="users_hidden")
    result = run(crawl, server, tmp_path)
    items = feed(result, server)
    assert_matches_truth(items, server)
    assert result.stats["newscrawl/wordpress/from_page"] == len(server.truth())
    # The API still gives what it has: the item's category and tags came from it.
    assert {item["provenance"]["tags"] for item in items if item.get("tags")} == {"wp-api"}


def test_a_run_whose_api_broke_makes_the_next_ask_for_everything(own_wordpress, crawl,
                                                                  tmp_path):
    server = own_wordpress(150, api="broken_after_page_1")
    state = {"NEWSCRAWL_STATE_DIR": tmp_path / "state",
             "NEWSCRAWL_STORE_PATH": tmp_path / "ledger.sqlite3"}
    broken = run(crawl, server, tmp_path / "run1", RETRY_TIMES=0, **state)
    assert broken.stats["newscrawl/wordpress/api_refused"] == 1
    server.set_api("open")
    # Had the API's later pages and the HTML walk both failed, posts would be missing:
    # the next run does not ask only for what changed since the broken one started.
    second = run(crawl, server, tmp_path / "run2", **state)
    # Nothing new, but posts edited after publication come again: the theme's pages the
    # first run read them from do not show when a post was modified, the API does.
    edited = {record["url"] for record in server.truth()
              if record["modified"] and record["modified"] != record["published"]}
    assert {item["url"] for item in feed(second, server)} <= edited
    assert second.stats["newscrawl/wordpress/api_pages"] == 2  # every page, all known
    assert "newscrawl/wordpress/nothing_new" not in second.stats
    third = run(crawl, server, tmp_path / "run3", **state)
    assert third.stats["newscrawl/wordpress/nothing_new"] == 1


def test_a_run_limited_to_the_newest_posts_leaves_the_rest_to_the_next(wordpress, crawl,
                                                                      tmp_path):
    """``max_pages=1`` reads the API's first page of posts (the newest 100): the next run
    must ask for every post again, not only for what changed since that run started."""
    server = wordpress(150)
    state = {"NEWSCRAWL_STATE_DIR": tmp_path / "state",
             "NEWSCRAWL_STORE_PATH": tmp_path / "ledger.sqlite3"}
    first = crawl(f"start_url={server.base_url}/", "max_pages=1", workdir=tmp_path / "run1",
                  settings=state)
    assert first.returncode == 0, first.stderr[-3000:]
    assert first.stats["newscrawl/limits/max_pages"] == 1
    second = run(crawl, server, tmp_path / "run2", **state)
    urls = [item["url"] for item in feed(first, server) + feed(second, server)]
    assert len(feed(first, server)) == 100
    assert sorted(urls) == sorted(record["url"] for record in server.truth())


def test_a_run_with_its_max_articles_asks_for_no_further_page_of_posts(wordpress, crawl,
                                                                      tmp_path):
    server = wordpress(150)  # two pages of 100 posts
    result = run(crawl, server, tmp_path, NEWSCRAWL_STORE_PATH=tmp_path / "ledger.sqlite3")
    assert result.stats["newscrawl/wordpress/api_pages"] == 2
    limited = crawl(f"start_url={server.base_url}/", "max_articles=5",
                    workdir=tmp_path / "limited")
    assert limited.returncode == 0, limited.stderr[-3000:]
    assert len(feed(limited, server)) == 5
    assert limited.stats["newscrawl/wordpress/api_pages"] == 1


def test_pages_without_totals_are_followed_by_their_link_header(own_wordpress, crawl,
                                                                 tmp_path):
    server = own_wordpress(150, api="no_totals")
    listed = fetch(server.rest_url("/wp/v2/posts", per_page=100))
    assert "X-WP-TotalPages" not in listed.headers and 'rel="next"' in listed.headers["Link"]
    result = run(crawl, server, tmp_path)
    assert_matches_truth(feed(result, server), server)
    assert result.stats["newscrawl/wordpress/api_pages"] == 2
    assert "newscrawl/wordpress/api_refused" not in result.stats


def test_api_failing_mid_list_loses_no_post(own_wordpress, crawl, tmp_path):
    server = own_wordpress(150, api="broken_after_page_1")
    result = run(crawl, server, tmp_path, RETRY_TIMES=0)
    items = feed(result, server)
    assert_matches_truth(items, server)
    assert result.stats["newscrawl/wordpress/api_refused"] == 1
    # The first page's posts came from the API (those the HTML walk did not reach first:
    # it starts as soon as page 2 fails, while page 1's posts are still being read).
    assert 0 < Counter(item["provenance"]["body"] for item in items)["wp-api"] <= 100


@pytest.mark.parametrize("pretty_permalinks", [True, False])
def test_unadvertised_api_is_found_from_wordpress_own_assets(wordpress, crawl, tmp_path,
                                                             pretty_permalinks):
    server = wordpress(api="unadvertised", pretty_permalinks=pretty_permalinks)
    assert "api.w.org" not in fetch(server.base_url + "/").text
    result = run(crawl, server, tmp_path)
    assert_matches_truth(feed(result, server), server)
    assert result.stats["newscrawl/wordpress/api_pages"] == 1


def test_site_definition_with_platform_wordpress_reads_the_api(wordpress, tmp_path):
    server = wordpress(api="unadvertised")
    host = urlsplit(server.base_url).hostname
    site = SiteDefinition(name="wp_test", platform="wordpress", domains=(host,),
                          start_urls=(server.base_url + "/",))
    result = crawl_sites(tmp_path, [site], "site=wp_test")
    assert result.returncode == 0, result.stderr[-3000:]
    items = result.feed("wp_test")
    assert_matches_truth(items, server)
    assert {item["provenance"]["title"] for item in items} == {"wp-api"}


def test_site_definition_can_turn_the_api_off(wordpress, tmp_path):
    server = wordpress()
    host = urlsplit(server.base_url).hostname
    site = SiteDefinition(name="wp_test", platform="wordpress", domains=(host,),
                          start_urls=(server.base_url + "/",),
                          sitemaps=(server.base_url + "/wp-sitemap-posts-post-1.xml",),
                          settings={"NEWSCRAWL_WORDPRESS_API": False})
    result = crawl_sites(tmp_path, [site], "site=wp_test")
    assert result.returncode == 0, result.stderr[-3000:]
    assert_matches_truth(result.feed("wp_test"), server)
    assert not any(key.startswith("newscrawl/wordpress/") for key in result.stats)


def test_plain_permalinks_read_the_api_by_rest_route(wordpress, crawl, tmp_path):
    server = wordpress(pretty_permalinks=False)
    result = run(crawl, server, tmp_path)
    assert_matches_truth(feed(result, server), server)
    assert result.stats["newscrawl/wordpress/api_pages"] == 1


def test_300_posts_in_few_requests_then_only_what_changed(own_wordpress, crawl, tmp_path):
    server = own_wordpress(300)
    state = {"NEWSCRAWL_STATE_DIR": tmp_path / "state",
             "NEWSCRAWL_STORE_PATH": tmp_path / "ledger.sqlite3"}
    first = run(crawl, server, tmp_path / "run1", **state)
    assert_matches_truth(feed(first, server), server)
    assert first.stats["downloader/request_count"] <= 40
    listed = fetch(server.rest_url("/wp/v2/posts", per_page=100))
    assert first.stats["newscrawl/wordpress/api_pages"] == int(
        listed.headers["X-WP-TotalPages"])

    unchanged = run(crawl, server, tmp_path / "run2", **state)
    assert feed(unchanged, server) == []
    assert unchanged.stats["downloader/request_count"] <= 10

    added = server.add_posts(5)
    third = run(crawl, server, tmp_path / "run3", **state)
    assert sorted(item["url"] for item in feed(third, server)) == sorted(
        record["url"] for record in added)

    updated = server.modify_post(server.truth()[0]["id"])
    fourth = run(crawl, server, tmp_path / "run4", **state)
    assert [(item["url"], item["title"]) for item in feed(fourth, server)] == [
        (updated["url"], updated["title"])]


@pytest.mark.parametrize("api", ["open", "users_hidden"])
def test_a_recording_of_the_api_replays_to_the_same_items(wordpress, crawl, tmp_path, api):
    server = wordpress(api=api)
    archive = tmp_path / "warc"
    live = run(crawl, server, tmp_path / "live", NEWSCRAWL_WARC_DIR=archive)
    replayed = crawl(f"warc={archive}", workdir=tmp_path / "replay")
    assert replayed.returncode == 0, replayed.stderr[-3000:]
    assert replayed.stats.get("downloader/request_count", 0) == 0
    assert feed(replayed, server, "rejected.jsonl") == []
    # Named after the recorded site, as the live crawl's files are.
    items = feed(replayed, server)
    assert_matches_truth(items, server)

    def comparable(result: Any) -> list[dict[str, Any]]:
        return sorted(({k: v for k, v in item.items() if k != "scraped_at"}
                       for item in feed(result, server)), key=lambda item: item["url"])

    assert comparable(replayed) == comparable(live)
