"""The finance theme over real HTTP: pages equal the truth, listings, traps, feeds, sitemaps."""

from __future__ import annotations

import json
import re
import urllib.request
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from urllib.parse import urljoin, urlsplit

import pytest
from demo_reader import fetch, read_article
from parsel import Selector

from newscrawl.demo.content import SERVER_ERROR_ONCE, UPDATE_NOTE
from newscrawl.demo.server import DemoServer
from newscrawl.demo.themes.finance import DEAD_LINK
from newscrawl.demo.truth import truth_records

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ARTICLE_PATH = re.compile(r"^/\d{4}/\d{2}/\d{2}/[^/]+/$")
BOILERPLATE = ('class="off-canvas"', "Close Menu", "What's Hot", "Contact Us",
               'class="navigation-main"', 'class="main-sidebar"', "Top Posts", "4 Views",
               "Stay In Touch", "All rights reserved", "Type above and press Enter to search")


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    with DemoServer(n_articles=240) as demo:
        yield demo


@pytest.fixture(scope="module")
def truth(server: DemoServer) -> dict[str, dict]:
    return {r["url"]: r for r in truth_records(server.app.theme)}


def ok(url: str) -> str:
    status, html = fetch(url)
    assert status == 200, url
    return html


def listing(server: DemoServer, path: str) -> tuple[list[str], int]:
    """Article URLs of a listing and all its "Next" pages, and how many pages there were."""
    urls, pages, url = [], 0, server.base_url + path
    while url:
        page = Selector(ok(url))
        urls += [urljoin(url, href) for href in
                 page.css(".loop .l-post h2.post-title a::attr(href)").getall()]
        assert len(page.css(".loop .l-post")) <= 10
        nxt = page.css(".main-pagination a.next::attr(href)").get()
        url = urljoin(url, nxt) if nxt else None
        pages += 1
    return urls, pages


def test_every_article_page_reads_as_its_truth(server, truth):
    erroring = server.app.error_path
    for url, expected in truth.items():
        if urlsplit(url).path == erroring:
            fetch(url)  # the first answer is the 500 tested below
        got = read_article(ok(url), url)
        wanted = {name: expected[name] for name in got}
        assert got == wanted, url


def test_home_pagination_lists_every_article_once(server, truth):
    urls, pages = listing(server, "/")
    assert Counter(urls) == Counter(set(truth))
    assert pages == 24


def test_category_pagination_lists_each_member_once_newest_first(server, truth):
    home = ok(server.base_url + "/")
    menu = Selector(home).css("nav.navigation-main .menu a[href*='/category/']")
    categories = {a.xpath("string()").get(): a.attrib["href"] for a in menu}
    listed: Counter[str] = Counter()
    for name, href in categories.items():
        status, _ = fetch(href)
        if name == "Markets Archive":  # a menu entry of a removed section
            assert status == 404
            continue
        urls, pages = listing(server, urlsplit(href).path)
        assert len(urls) == len(set(urls)), name
        members = [u for u, r in truth.items() if r["category"] == name]
        assert set(members) <= set(urls), name
        dates = [truth[u]["published"] for u in urls]
        assert dates == sorted(dates, key=datetime.fromisoformat, reverse=True)
        assert pages == -(-len(urls) // 10)
        listed.update(urls)
    assert set(listed) == set(truth)
    twice = [u for u, n in listed.items() if n == 2]
    assert len(truth) / 15 < len(twice) < len(truth) / 6  # some articles are in two categories
    assert max(listed.values()) == 2


def test_page_numbers_link_every_page(server):
    page = Selector(ok(server.base_url + "/category/stock-market/page/2/"))
    assert page.css(".main-pagination .page-numbers.current::text").get() == "2"
    numbers = page.css(".main-pagination a.page-numbers:not(.next)::text").getall()
    assert "1" in numbers and "3" in numbers
    assert page.css(".main-pagination a.page-numbers::attr(href)").get() == \
        "/category/stock-market/"


def test_every_page_carries_the_boilerplate(server, truth):
    paths = ["/", "/page/3/", "/category/crypto/", "/contact/", "/privacy-policy/",
             "/terms-of-service/", urlsplit(next(iter(truth))).path, "/no/such/page/"]
    for path in paths:
        status, html = fetch(server.base_url + path)
        assert status == (404 if path == "/no/such/page/" else 200), path
        for phrase in BOILERPLATE:
            assert phrase in html, (path, phrase)


def test_server_error_once_then_ok(server, truth):
    with DemoServer(n_articles=30) as fresh:
        article = next(a for a in fresh.app.site.articles if a.index == SERVER_ERROR_ONCE)
        url = fresh.app.theme.article_url(article)
        assert fetch(url)[0] == 500
        assert fetch(url)[0] == 200
        assert fetch(url)[0] == 200


def test_dead_link_in_top_posts_answers_404(server):
    home = ok(server.base_url + "/")
    top = Selector(home).xpath("//h5[.='Top Posts']/following-sibling::ul[1]//a/@href").getall()
    assert DEAD_LINK in top
    assert ARTICLE_PATH.match(DEAD_LINK)
    status, html = fetch(server.base_url + DEAD_LINK)
    assert status == 404 and "Page not found" in html


def test_unknown_pages_answer_404(server):
    for path in ("/category/crypto/page/99/", "/page/0/", "/tag/no-such-tag/",
                 "/2024/01/02/no-such-article/", "/api/article/1.json"):
        assert fetch(server.base_url + path)[0] == 404, path


def test_links_mix_absolute_relative_external_and_tracking(server, truth):
    home = ok(server.base_url + "/")
    page = Selector(home)
    hrefs = page.css("a::attr(href)").getall()
    assert any(h.startswith(server.base_url + "/category/") for h in hrefs)
    assert any(ARTICLE_PATH.match(h) for h in hrefs)  # relative article links
    hosts = {urlsplit(h).hostname for h in hrefs if h.startswith("https://")}
    assert {"www.facebook.com", "x.com", "www.instagram.com"} <= hosts
    hot = page.css(".trending a::attr(href)").getall()
    assert len(hot) == 3 and all(h.endswith("?utm_source=newsletter&utm_medium=email")
                                 for h in hot)
    url = urljoin(server.base_url, hot[0])
    html = fetch(url)[1]
    canonical = Selector(html).css("link[rel=canonical]::attr(href)").get()
    assert canonical == url.split("?")[0] and canonical in truth
    external = [r for r in truth.values() if "quarterly report" in r["body"]]
    html = fetch(external[0]["url"])[1]
    assert "https://www.example.com/" in html


def test_article_metadata_matches_truth(server, truth):
    record = next(r for r in truth.values() if r["modified"] and r["images"])
    page = Selector(fetch(record["url"])[1])
    meta = {m.attrib.get("property") or m.attrib.get("name"): m.attrib.get("content")
            for m in page.css("meta")}
    assert meta["og:type"] == "article" and meta["og:url"] == record["url"]
    assert meta["og:image"] == record["images"][0]["url"]
    published = datetime.fromisoformat(meta["article:published_time"])
    assert published == datetime.fromisoformat(record["published"])
    assert meta["article:published_time"].endswith("+00:00")
    assert datetime.fromisoformat(meta["article:modified_time"]) == \
        datetime.fromisoformat(record["modified"])
    assert page.css("meta[property='article:tag']::attr(content)").getall() == record["tags"]
    crumbs = page.css("nav.breadcrumbs a::text").getall()
    assert crumbs == ["Home", record["category"]]
    assert page.css("body::attr(class)").get() == "post-template-default single single-post"
    graph = json.loads(page.css("script[type='application/ld+json']::text").get())["@graph"]
    news = next(node for node in graph if node["@type"] == "NewsArticle")
    assert news["datePublished"] == record["published"]
    assert [a["name"] for a in news["author"]] == record["authors"]
    assert news["keywords"] == record["tags"]
    assert {node["@type"] for node in graph} == {"NewsArticle", "BreadcrumbList", "WebPage",
                                                 "WebSite"}


def test_no_author_article_has_no_byline(server, truth):
    record = next(r for r in truth.values() if not r["authors"])
    html = fetch(record["url"])[1]
    assert "post-author" not in html and 'rel="author"' not in html


def test_images_are_served(server, truth):
    record = next(r for r in truth.values() if r["images"])
    with urllib.request.urlopen(record["images"][0]["url"]) as response:
        assert response.headers["Content-Type"] == "image/jpeg"
        assert response.read()[:3] == b"\xff\xd8\xff"


def test_feed_and_robots(server, truth):
    robots = fetch(server.base_url + "/robots.txt")[1]
    assert f"Sitemap: {server.base_url}/sitemap.xml" in robots.splitlines()
    feed = fetch(server.base_url + "/feed/")[1]
    items = ET.fromstring(feed).findall("./channel/item")
    assert len(items) == 20
    newest = sorted(truth.values(), key=lambda r: datetime.fromisoformat(r["published"]))[-20:]
    assert {i.findtext("link") for i in items} == {r["url"] for r in newest}


def test_sitemaps(server, truth):
    index = ET.fromstring(fetch(server.base_url + "/sitemap.xml")[1])
    maps = [loc.text for loc in index.iter(f"{SM}loc")]
    assert {urlsplit(m).path for m in maps} == {"/post-sitemap.xml", "/page-sitemap.xml",
                                                 "/category-sitemap.xml", "/news-sitemap.xml"}
    posts = ET.fromstring(fetch(server.base_url + "/post-sitemap.xml")[1])
    lastmods = {u.findtext(f"{SM}loc"): u.findtext(f"{SM}lastmod") for u in posts}
    assert set(lastmods) == set(truth)
    for url, lastmod in lastmods.items():
        assert lastmod == (truth[url]["modified"] or truth[url]["published"])
    news = ET.fromstring(fetch(server.base_url + "/news-sitemap.xml")[1])
    recent = {u.findtext(f"{SM}loc") for u in news}
    newest = max(datetime.fromisoformat(r["published"]) for r in truth.values())
    assert recent == {u for u, r in truth.items()
                      if datetime.fromisoformat(r["published"]) >= newest - timedelta(days=2)}
    assert 1 < len(recent) < len(truth) / 2
    categories = ET.fromstring(fetch(server.base_url + "/category-sitemap.xml")[1])
    assert len(list(categories)) >= 8
    pages = ET.fromstring(fetch(server.base_url + "/page-sitemap.xml")[1])
    assert {urlsplit(u.findtext(f"{SM}loc")).path for u in pages} == {
        "/contact/", "/privacy-policy/", "/terms-of-service/"}


def test_calendar_is_an_endless_trap(server):
    home = ok(server.base_url + "/")
    url = urljoin(server.base_url, Selector(home).css("a[href^='/calendar/']::attr(href)").get())
    seen = set()
    for _ in range(30):
        html = ok(url)
        seen.add(url)
        url = urljoin(url, Selector(html).css(".calendar a.prev::attr(href)").get())
    assert len(seen) == 30


def test_revised_article_is_served_updated(truth):
    old = sorted(truth.values(), key=lambda r: datetime.fromisoformat(r["published"]))[5]
    slug = old["url"].rstrip("/").rsplit("/", 1)[1]
    with DemoServer(n_articles=240, revised={slug}) as server:
        url = server.base_url + urlsplit(old["url"]).path
        got = read_article(fetch(url)[1], url)
        posts = fetch(server.base_url + "/post-sitemap.xml")[1]
    assert got["body"] == old["body"] + "\n\n" + UPDATE_NOTE
    assert got["modified"] and got["modified"] > (old["modified"] or old["published"])
    assert f"<loc>{url}</loc><lastmod>{got['modified']}</lastmod>" in posts
