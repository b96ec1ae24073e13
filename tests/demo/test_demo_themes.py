"""Every theme serves the same articles: pages read as the truth, listings reach them all."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import pytest
from demo_reader import LISTINGS, MENUS, SELECTORS, fetch, read_article
from parsel import Selector

from newscrawl.demo.content import SERVER_ERROR_ONCE, load_site
from newscrawl.demo.server import DemoServer
from newscrawl.demo.themes import THEMES, make_theme
from newscrawl.demo.truth import truth_records

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
WORDPRESS = r"/\d{4}/\d{2}/\d{2}/[a-z0-9-]+/"
ARTICLE_URLS = {"finance": WORDPRESS, "block": WORDPRESS, "newspaper": r"/news/\d+-[a-z0-9-]+"}
N, LIVE = 60, 3


@dataclass
class Served:
    theme: str
    server: DemoServer
    truth: dict[str, dict]


@pytest.fixture(scope="module", params=sorted(THEMES))
def served(request) -> Iterator[Served]:
    with DemoServer(n_articles=N, theme=request.param, js_articles=LIVE) as server:
        yield Served(request.param, server,
                     {r["url"]: r for r in truth_records(server.app.theme)})


def walk(theme: str, url: str) -> list[str]:
    """Article URLs of a listing, following its next/"Load more" links to the end."""
    articles_css, next_css = LISTINGS[theme]
    found: list[str] = []
    while url:
        status, html = fetch(url)
        assert status == 200, url
        page = Selector(html)
        found += [urljoin(url, href) for href in page.css(articles_css).getall()]
        nxt = page.css(next_css + "::attr(href)").get()
        url = urljoin(url, nxt) if nxt else None
    return found


def test_truth_is_the_same_content_in_every_theme():
    site = load_site(N, js_articles=LIVE)
    records = {name: truth_records(make_theme(name, site, "http://h")) for name in THEMES}
    strip = [{k: v for k, v in r.items() if k not in ("url", "images")}
             for r in records["finance"]]
    for name, theme_records in records.items():
        assert [{k: v for k, v in r.items() if k not in ("url", "images")}
                for r in theme_records] == strip, name
        assert all(re.fullmatch(ARTICLE_URLS[name], urlsplit(r["url"]).path)
                   for r in theme_records), name


def test_static_articles_read_as_their_truth(served):
    for url, expected in served.truth.items():
        if urlsplit(url).path == served.server.app.error_path:
            fetch(url)  # its first answer is a 500
        if expected["category"] == "Live Markets":
            continue
        status, html = fetch(url)
        assert status == 200, url
        got = read_article(html, url, SELECTORS[served.theme])
        assert got == {name: expected[name] for name in got}, url


def test_live_articles_load_their_body_from_the_api(served):
    live = [r for r in served.truth.values() if r["category"] == "Live Markets"]
    assert len(live) == LIVE
    for record in live:
        page = Selector(fetch(record["url"])[1])
        box = page.css("[data-src]")
        assert box.xpath("string()").get() == "Loading…"
        assert "fetch(" in page.css("script:not([type])::text").get()
        status, data = fetch(urljoin(record["url"], box.attrib["data-src"]))
        assert status == 200
        assert "\n\n".join(json.loads(data)["paragraphs"]) == record["body"]


def test_listings_reach_every_article(served):
    base = served.server.base_url
    assert Counter(walk(served.theme, base + "/")) == Counter(set(served.truth))
    menu = Selector(fetch(base + "/")[1]).css(MENUS[served.theme])
    listed: Counter[str] = Counter()
    for link in menu:
        url, name = urljoin(base, link.attrib["href"]), link.xpath("string()").get()
        if name == "Markets Archive":  # a removed section
            assert fetch(url)[0] == 404
            continue
        urls = walk(served.theme, url)
        assert len(urls) == len(set(urls)), url
        assert {u for u, r in served.truth.items() if r["category"] == name} <= set(urls), url
        listed.update(urls)
    assert set(listed) == set(served.truth)
    assert max(listed.values()) == 2


def test_error_once_dead_link_and_404(served):
    with DemoServer(n_articles=10, theme=served.theme) as fresh:
        article = next(a for a in fresh.app.site.articles if a.index == SERVER_ERROR_ONCE)
        url = fresh.app.theme.article_url(article)
        assert [fetch(url)[0] for _ in range(3)] == [500, 200, 200]
        assert fetch(fresh.base_url + "/no/such/thing")[0] == 404
        dead = fresh.app.theme.dead_link
        if dead:
            assert dead in fetch(fresh.base_url + "/")[1]
            assert fetch(fresh.base_url + dead)[0] == 404


def test_sitemaps_use_the_theme_urls(served):
    base = served.server.base_url
    posts = ET.fromstring(fetch(base + "/post-sitemap.xml")[1])
    assert {u.findtext(f"{SM}loc") for u in posts} == set(served.truth)
    categories = ET.fromstring(fetch(base + "/category-sitemap.xml")[1])
    for url in categories:
        assert fetch(url.findtext(f"{SM}loc"))[0] == 200


def test_only_some_themes_carry_json_ld(served):
    record = next(r for r in served.truth.values() if r["category"] != "Live Markets")
    page = Selector(fetch(record["url"])[1])
    scripts = page.css("script[type='application/ld+json']::text").getall()
    if served.theme == "block":
        assert scripts == []
        assert not page.css("meta[property]")
        return
    data = json.loads(scripts[0])
    nodes = data.get("@graph", [data])
    news = next(node for node in nodes if node["@type"] == "NewsArticle")
    assert news["datePublished"] == record["published"]
    assert [a["name"] for a in news["author"]] == record["authors"]
