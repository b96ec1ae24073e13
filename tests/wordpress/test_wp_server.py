"""Smoke tests of the WordPress harness: the real site, over real HTTP, matches its truth."""

from __future__ import annotations

import html
import re
import urllib.error
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from .wp_server import AUTHORS, CONFIG_DIR, WordPressServer, fetch

AUTHOR_NAMES = [author.display_name for author in AUTHORS]


def newest_first(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(records, key=lambda r: datetime.fromisoformat(r["published"]), reverse=True)


def api_posts(server: WordPressServer) -> tuple[int, list[dict[str, Any]]]:
    """X-WP-Total and the posts of the first page of /wp/v2/posts with _embed."""
    response = fetch(server.rest_url("/wp/v2/posts", per_page=100, _embed=1))
    assert response.status == 200, response.text[:500]
    return int(response.headers["X-WP-Total"]), response.json()


def paragraphs(rendered: str) -> list[str]:
    """The text paragraphs of rendered content, figures left out. In a list of posts, WordPress
    wraps the [caption] figure of every classic post after a block post in <p>…</p> (do_blocks
    re-adds wpautop after shortcode_unautop), so figures go first, then the empty <p>."""
    text = re.sub(r"<figure.*?</figure>", "", rendered, flags=re.S)
    return [html.unescape(p) for p in re.findall(r"<p>(.*?)</p>", text, re.S) if p]


def test_home_page_lists_the_newest_posts_and_advertises_the_api(
        wordpress: Callable[..., WordPressServer]) -> None:
    server = wordpress()
    home = fetch(server.base_url + "/")
    assert home.status == 200
    assert '<link rel="https://api.w.org/"' in home.text
    newest = newest_first(server.truth())
    for record in newest[:10]:  # posts_per_page
        assert f'href="{record["url"]}"' in home.text
        assert html.escape(record["title"]) in home.text
    second = fetch(server.base_url + "/page/2/")
    assert second.status == 200
    assert f'href="{newest[10]["url"]}"' in second.text


def test_sitemap_lists_the_articles_and_the_protected_post(
        wordpress: Callable[..., WordPressServer]) -> None:
    server = wordpress()
    robots = fetch(server.base_url + "/robots.txt")
    assert f"Sitemap: {server.base_url}/wp-sitemap.xml" in robots.text
    index = fetch(server.base_url + "/wp-sitemap.xml")
    assert index.status == 200  # 501 without php-xml
    posts = fetch(server.base_url + "/wp-sitemap-posts-post-1.xml")
    listed = set(re.findall(r"<loc>(.*?)</loc>", posts.text))
    hidden = server.non_articles()
    assert listed == ({record["url"] for record in server.truth()}
                      | {entry["url"] for entry in hidden["protected"]})
    # The pages sitemap starts with the home page (it lists the latest posts).
    pages = fetch(server.base_url + "/wp-sitemap-posts-page-1.xml")
    assert set(re.findall(r"<loc>(.*?)</loc>", pages.text)) == {
        server.base_url + "/", *(entry["url"] for entry in hidden["pages"])}


def test_post_page_has_body_caption_byline_and_image(
        wordpress: Callable[..., WordPressServer]) -> None:
    server = wordpress()
    with_images = [record for record in server.truth() if record["images"]]
    assert with_images
    pages = []
    for record in with_images:
        page = fetch(record["url"])
        assert page.status == 200
        pages.append(page.text)
        for text in record["body"].split("\n\n"):
            assert f"{text}</p>" in page.text
        image = record["images"][0]
        assert f'src="{image["url"]}"' in page.text
        assert f'>{image["caption"]}</figcaption>' in page.text
        # Twenty Twenty-One's byline: "By <a href=.../author/login/ rel="author">Name</a>".
        assert f'rel="author">{record["authors"][0]}</a>' in page.text
    picture = fetch(with_images[0]["images"][0]["url"])
    assert picture.status == 200
    assert picture.headers["Content-Type"] == "image/png"
    assert picture.body.startswith(b"\x89PNG")
    # Both caption styles: a block image and a classic [caption] shortcode.
    assert any('class="wp-block-image' in page for page in pages)
    assert any('class="wp-caption' in page for page in pages)


def test_rest_api_lists_exactly_the_articles_and_the_protected_post(
        wordpress: Callable[..., WordPressServer]) -> None:
    server = wordpress()
    truth = {record["url"]: record for record in server.truth()}
    hidden = server.non_articles()
    assert len(truth) == 30
    assert [len(hidden[kind]) for kind in ("drafts", "protected", "pages")] == [1, 1, 2]
    assert hidden["attachments"]
    total, items = api_posts(server)
    listed = {item["link"]: item for item in items}
    protected = {entry["url"] for entry in hidden["protected"]}
    # WordPress lists password-protected posts, marked, with their content withheld.
    assert set(listed) == set(truth) | protected
    assert total == len(items) == len(truth) + len(protected)
    for url in protected:
        assert listed[url]["content"] == {"rendered": "", "protected": True}
    not_listed = {entry["id"] for kind in ("drafts", "pages", "attachments")
                  for entry in hidden[kind]}
    assert not not_listed & {item["id"] for item in items}
    for url, record in truth.items():
        item = listed[url]
        assert item["id"] == record["id"]
        assert html.unescape(item["title"]["rendered"]) == record["title"]
        # The API's dates are site-local without an offset; the truth has the offset.
        assert item["date"] == record["published"][:19]
        assert item["modified"] == record["modified"][:19]
        assert [author["name"] for author in item["_embedded"]["author"]] == record["authors"]
        categories, tags = item["_embedded"]["wp:term"]
        assert sorted(term["name"] for term in categories) == sorted(record["categories"])
        assert sorted(term["name"] for term in tags) == sorted(record["tags"])
        assert paragraphs(item["content"]["rendered"]) == record["body"].split("\n\n")
    assert any(record["modified"] != record["published"] for record in truth.values())
    assert {record["published"][-6:] for record in truth.values()} == {"-05:00", "-04:00"}
    assert any(record["category"] == "Stock Market" for record in truth.values())
    assert any(len(record["categories"]) > 1 for record in truth.values())


def test_disabled_api_answers_401(wordpress: Callable[..., WordPressServer]) -> None:
    server = wordpress(api="disabled")
    for url in (server.rest_url("/wp/v2/posts"), server.rest_url("/")):
        response = fetch(url)
        assert response.status == 401
        assert response.json()["code"] == "rest_disabled"
    # The site itself still works, and still advertises the API.
    home = fetch(server.base_url + "/")
    assert home.status == 200
    assert '<link rel="https://api.w.org/"' in home.text
    server.set_api("open")
    assert fetch(server.rest_url("/wp/v2/posts")).status == 200


def test_users_hidden_api_gives_posts_without_author_names(
        wordpress: Callable[..., WordPressServer]) -> None:
    server = wordpress(api="users_hidden")
    total, items = api_posts(server)
    assert total == len(server.truth()) + 1
    for item in items:
        assert [author["code"] for author in item["_embedded"]["author"]] == ["rest_no_route"]
        assert "name" not in item["_embedded"]["author"][0]
    body = fetch(server.rest_url("/wp/v2/posts", per_page=100, _embed=1)).text
    assert not any(name in body for name in AUTHOR_NAMES)
    assert fetch(server.rest_url("/wp/v2/users")).status == 404


def test_plain_permalinks_serve_the_api_at_rest_route_only(
        wordpress: Callable[..., WordPressServer]) -> None:
    server = wordpress(pretty_permalinks=False)
    truth = server.truth()
    assert all(re.fullmatch(rf"{re.escape(server.base_url)}/\?p=\d+", r["url"]) for r in truth)
    assert server.rest_url("/wp/v2/posts").startswith(f"{server.base_url}/?rest_route=")
    total, items = api_posts(server)
    assert total == len(truth) + 1
    assert {r["url"] for r in truth} <= {item["link"] for item in items}
    # Without rewrite rules, nginx's fallback to index.php serves the home page for /wp-json/.
    pretty = fetch(f"{server.base_url}/wp-json/wp/v2/posts")
    assert pretty.headers["Content-Type"].startswith("text/html")
    assert "X-WP-Total" not in pretty.headers
    page = fetch(truth[0]["url"])
    assert page.status == 200
    assert html.escape(truth[0]["title"]) in page.text


def test_block_theme_serves_home_and_post_pages(
        wordpress: Callable[..., WordPressServer]) -> None:
    server = wordpress(theme="twentytwentythree")
    home = fetch(server.base_url + "/")
    assert home.status == 200
    assert "wp-block-post-title" in home.text
    newest = newest_first(server.truth())
    assert all(html.escape(record["title"]) in home.text for record in newest[:10])
    record = next(record for record in newest if record["images"])
    page = fetch(record["url"]).text
    # Twenty Twenty-Three names the author without a link, and links categories as rel="tag".
    assert f'<p class="wp-block-post-author__name">{record["authors"][0]}</p>' in page
    assert f'>{record["images"][0]["caption"]}</figcaption>' in page
    assert all(f"{text}</p>" in page for text in record["body"].split("\n\n"))


def test_added_and_modified_posts_show_up_and_stop_cleans_up(
        own_wordpress: Callable[..., WordPressServer]) -> None:
    server = own_wordpress(posts=3)
    site_now = datetime.now(ZoneInfo(server.timezone))
    added = server.add_posts(2)
    dated = server.add_posts(1, dates=[datetime(2023, 5, 1, 8, 30)])
    assert dated[0]["published"] == "2023-05-01T08:30:00-04:00"
    for record in added:
        assert abs(datetime.fromisoformat(record["published"]) - site_now) < timedelta(minutes=5)
    first = min(server.truth(), key=lambda record: record["id"])  # a seeded one
    changed = server.modify_post(first["id"])
    assert changed["url"] == first["url"]
    assert changed["title"] == f"Updated: {first['title']}"
    assert changed["body"].startswith(first["body"] + "\n\n")
    assert datetime.fromisoformat(changed["modified"]) > datetime.fromisoformat(first["modified"])
    truth = {record["url"]: record for record in server.truth()}
    assert len(truth) == 6
    assert truth[first["url"]] == changed
    total, items = api_posts(server)
    assert total == 7  # with the protected post
    listed = {item["link"]: item for item in items}
    for record in [*added, *dated, changed]:
        assert listed[record["url"]]["modified"] == record["modified"][:19]
        assert paragraphs(listed[record["url"]]["content"]["rendered"]) == \
            record["body"].split("\n\n")
    config = CONFIG_DIR / f"config-{server.host}.php"
    assert config.exists()
    server.stop()
    assert not config.exists()
    with pytest.raises(urllib.error.URLError):
        fetch(server.base_url + "/", timeout=5)
