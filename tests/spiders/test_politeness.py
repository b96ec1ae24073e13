"""Politeness and traps against a small purpose-built site on 127.0.0.1: robots.txt,
Retry-After, redirects to other hosts, calendar links, non-HTML responses."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest


def body(title: str) -> str:
    """Distinct text per article: identical bodies would be near-duplicates of each other."""
    words = title.lower().split()
    return " ".join(f"Sentence {n} of the {words[0]} story weighs figure {n * 7}."
                    for n in range(12))

ARTICLE = """<html lang="en"><head><link rel="canonical" href="{url}"></head><body>
<article class="the-post"><div class="the-post-header">
<h1 class="post-title">{title}</h1>
<time class="post-date" datetime="2024-01-0{day}T10:00:00-05:00">Jan {day}</time></div>
<div class="post-content entry-content"><p>{body}</p></div></article></body></html>"""

HOME = """<html><body><nav class="navigation-main"><ul class="menu">
<li><a href="/category/news/">News</a></li>
<li><a href="/category/private/">Private</a></li>
<li><a href="/category/events/?month=2024-01">Events</a></li></ul></nav>
<div class="loop"></div></body></html>"""

LISTING = """<html><body><div class="loop">{entries}</div></body></html>"""
ENTRY = '<article class="l-post"><h2 class="post-title"><a href="{href}">x</a></h2></article>'

ARTICLES = {
    "/2024/01/01/plain/": "Plain article",
    "/2024/01/02/busy/": "Busy article",
    "/2024/01/04/private-story/": "Private article",
}


class Handler(BaseHTTPRequestHandler):
    hits: ClassVar[Counter] = Counter()
    lock = threading.Lock()

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, status: int, body: str = "", ctype: str = "text/html",
              headers: dict[str, str] | None = None) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        with self.lock:
            self.hits[self.path] += 1
            hits = self.hits[self.path]
        path = self.path
        base = f"http://127.0.0.1:{self.server.server_port}"
        if path == "/robots.txt":
            self._send(200, "User-agent: *\nDisallow: /category/private/\n", "text/plain")
        elif path == "/":
            self._send(200, HOME)
        elif path == "/category/news/":
            hrefs = ["/2024/01/01/plain/", "/2024/01/02/busy/", "/2024/01/03/moved/",
                     "/2024/01/05/report.pdf/"]
            self._send(200, LISTING.format(entries="".join(ENTRY.format(href=h) for h in hrefs)))
        elif path == "/category/private/":
            self._send(200, LISTING.format(entries=ENTRY.format(href="/2024/01/04/private-story/")))
        elif path == "/2024/01/02/busy/" and hits == 1:
            self._send(429, "slow down", headers={"Retry-After": "1"})
        elif path == "/2024/01/03/moved/":
            self._send(302, headers={"Location": "http://elsewhere.test/story/"})
        elif path == "/2024/01/05/report.pdf/":
            self._send(200, "%PDF-1.4 binary", "application/pdf")
        elif path in ARTICLES:
            day = path.split("/")[3][-1]
            title = ARTICLES[path]
            self._send(200, ARTICLE.format(url=base + path, title=title, day=day,
                                           body=body(title)))
        else:
            self._send(404, "not found")


@pytest.fixture
def polite_site() -> Iterator[tuple[str, Counter]]:
    Handler.hits = Counter()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", Handler.hits
    server.shutdown()
    server.server_close()


def test_politeness_and_traps(polite_site, crawl):
    base, hits = polite_site
    result = crawl("site=demo", f"start_url={base}/")
    assert result.returncode == 0, result.stderr[-3000:]
    titles = sorted(item["title"] for item in result.feed("demo"))
    # robots.txt keeps the private section out; the 429 is retried after its Retry-After
    assert titles == ["Busy article", "Plain article"]
    assert hits["/category/private/"] == 0
    assert result.stats["robotstxt/forbidden"] >= 1
    assert hits["/2024/01/02/busy/"] == 2
    assert result.stats["newscrawl/retry_after/waited"] == 1
    # the redirect to another host is dropped and counted, not followed
    assert result.stats["offsite/filtered"] >= 1
    # the calendar link is a trap: never requested
    assert not any("month=" in path for path in hits)
    assert result.stats["newscrawl/traps/skipped"] == 1
    # the PDF is skipped and counted
    assert result.stats["newscrawl/skipped/non_html"] == 1


class EndlessListings(BaseHTTPRequestHandler):
    """Two sections whose "next" link never ends: past its last page, one shows that page
    again, the other an empty listing (servers that ignore a page number do either)."""

    hits: ClassVar[Counter] = Counter()
    lock = threading.Lock()
    SECTIONS: ClassVar[dict[str, list[list[str]]]] = {
        "repeats": [["/2024/01/01/first/", "/2024/01/02/second/"], ["/2024/01/03/third/"]],
        "empties": [["/2024/01/04/fourth/"], []],
    }

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, status: int, page: str) -> None:
        data = page.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        with self.lock:
            self.hits[self.path] += 1
        parts = self.path.strip("/").split("/")
        base = f"http://127.0.0.1:{self.server.server_port}"
        if self.path == "/":
            menu = "".join(f'<li><a href="/category/{name}/">{name}</a></li>'
                           for name in self.SECTIONS)
            self._send(200, f'<html><body><nav class="navigation-main"><ul class="menu">'
                            f'{menu}</ul></nav></body></html>')
        elif parts[0] == "category" and parts[1] in self.SECTIONS:
            number = int(parts[3]) if len(parts) == 4 else 1
            pages = self.SECTIONS[parts[1]]
            entries = "".join(ENTRY.format(href=href) for href in pages[min(number, 2) - 1])
            following = (f'<div class="main-pagination"><a class="next" href="/category/'
                         f'{parts[1]}/page/{number + 1}/">Next</a></div>')
            self._send(200, LISTING.format(entries=entries + following))
        elif len(parts) == 4 and parts[0] == "2024":
            title = f"{parts[3].capitalize()} story"
            self._send(200, ARTICLE.format(url=base + self.path, title=title, day=parts[2][-1],
                                           body=body(title)))
        else:
            self._send(404, "not found")


def test_a_listing_that_never_ends_is_left_when_it_repeats_itself(crawl):
    EndlessListings.hits = Counter()
    server = ThreadingHTTPServer(("127.0.0.1", 0), EndlessListings)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = crawl("site=demo", f"start_url=http://127.0.0.1:{server.server_port}/",
                       settings={"NEWSCRAWL_MAX_PAGES": 40, "NEWSCRAWL_MIN_FILL": "{}"})
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0, result.stderr[-3000:]
    assert sorted(item["title"] for item in result.feed("demo")) == sorted(
        f"{slug.capitalize()} story" for slug in ("first", "second", "third", "fourth"))
    listings = Counter(path.split("/")[2] for path in EndlessListings.hits
                       if path.startswith("/category/"))
    # Each section left at the first page that lists what the page before it did.
    assert listings == {"repeats": 3, "empties": 3}
    assert result.stats["newscrawl/traps/repeated_listing"] == 2
