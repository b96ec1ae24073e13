"""Boilerplate learning in a generic crawl of a small site whose template leaks into bodies."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

BOX = "Our desk covers markets from Lisbon, Lagos and Lima every weekday."
N_ARTICLES = 6
SIDEBAR = f'<aside><div class="desk-box"><p>{BOX}</p></div></aside>'
LISTING = """<html lang="en"><body><nav><a href="/section/markets/">Markets</a></nav>
<main>{entries}{older}</main>{sidebar}</body></html>"""
OLDER = '<a rel="next" href="/section/markets/page/2/">Older posts</a>'
ENTRY = '<article><h2><a href="/2024/05/0{n}/story-{n}/">Story {n}</a></h2></article>'
# The box sits inside the article's content: no markup tells it from the article's text.
ARTICLE = """<html lang="en"><head><title>Story {n}</title>
<meta property="og:type" content="article"></head><body><main><article>
<h1>Story {n}</h1><time datetime="2024-05-0{n}T09:00:00+00:00">May {n}</time>
<div class="content">{paragraphs}<p>{box}</p></div></article></main></body></html>"""


def paragraphs(n: int) -> str:
    return "".join(f"<p>Story {n} paragraph {k} reports that the index moved {k * n} points "
                   f"after traders weighed figure {k + n} against the forecast.</p>"
                   for k in range(6))


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path in ("/", "/section/markets/", "/section/markets/page/2/"):
            last = self.path == "/section/markets/page/2/"
            half = range(4, 7) if last else range(1, 4)
            body = LISTING.format(entries="".join(ENTRY.format(n=n) for n in half),
                                  older="" if last else OLDER, sidebar=SIDEBAR)
        elif self.path.startswith("/2024/05/0"):
            n = int(self.path.split("/")[3])
            body = ARTICLE.format(n=n, paragraphs=paragraphs(n), box=BOX)
        elif self.path == "/robots.txt":
            body = ""
        else:
            self.send_error(404)
            return
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain" if self.path == "/robots.txt"
                         else "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def site_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_template_paragraph_leaves_every_body_but_the_first(site_url, crawl):
    # One request at a time: which listings were learned before which article is the
    # subject here, and with concurrent downloads it would depend on the machine's load.
    result = crawl(f"start_url={site_url}/", settings={"NEWSCRAWL_MIN_FILL": "{}",
                                                       "CONCURRENT_REQUESTS": 1})
    items = result.feed(urlsplit(site_url).netloc)
    assert len(items) == N_ARTICLES, result.stderr[-3000:]
    with_box = [item["url"] for item in items if BOX in item["body"]]
    assert len(with_box) == 1, with_box
    assert all("paragraph 5 reports" in item["body"] for item in items)
    assert result.stats["newscrawl/boilerplate/paragraphs_removed"] == N_ARTICLES - 1
    assert result.stats["newscrawl/boilerplate/listings_learned"] >= 2


def test_off_keeps_the_box(site_url, crawl):
    result = crawl(f"start_url={site_url}/", settings={"NEWSCRAWL_BOILERPLATE_MIN_LISTINGS": 0,
                                                       "NEWSCRAWL_MIN_FILL": "{}"})
    items = result.feed(urlsplit(site_url).netloc)
    assert len(items) == N_ARTICLES
    assert all(BOX in item["body"] for item in items)


def test_learning_stops_after_the_setting_s_listing_pages(site_url, crawl):
    result = crawl(f"start_url={site_url}/", settings={"NEWSCRAWL_BOILERPLATE_LEARN_LISTINGS": 1,
                                                       "NEWSCRAWL_MIN_FILL": "{}"})
    items = result.feed(urlsplit(site_url).netloc)
    assert result.stats["newscrawl/boilerplate/listings_learned"] == 1
    # One listing page is not evidence enough (MIN_LISTINGS = 2): the box stays.
    assert all(BOX in item["body"] for item in items)


def test_listings_are_known_by_their_role_not_by_a_callback_name():
    from scrapy import Request
    from scrapy.http import HtmlResponse
    from scrapy.utils.test import get_crawler

    from newscrawl.meta import PageRole, page_meta
    from newscrawl.pipelines.boilerplate import BoilerplatePipeline

    crawler = get_crawler(settings_dict={
        "NEWSCRAWL_BOILERPLATE_MIN_LISTINGS": 2, "NEWSCRAWL_BOILERPLATE_MIN_ARTICLES": 2,
        "NEWSCRAWL_BOILERPLATE_MAX_WORDS": 60, "NEWSCRAWL_BOILERPLATE_LEARN_LISTINGS": 100})
    crawler.stats.open_spider()
    pipeline = BoilerplatePipeline.from_crawler(crawler)
    page = LISTING.format(entries=ENTRY.format(n=1), older="", sidebar=SIDEBAR).encode()
    for role in (PageRole.HOME, PageRole.LISTING, PageRole.ARTICLE, PageRole.FEED):
        request = Request("http://news.test/", callback=lambda response: None,
                          meta=page_meta(role, "news.test"))
        pipeline.response_received(HtmlResponse("http://news.test/", body=page,
                                                request=request), request)
    assert crawler.stats.get_value("newscrawl/boilerplate/listings_learned") == 2
