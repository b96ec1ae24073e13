"""Pages Scrapy gives up on are counted under ``newscrawl/skipped/<reason>`` and reported.

Redirect and meta-refresh chains that loop or go on past ``REDIRECT_MAX_TIMES`` and
responses over ``DOWNLOAD_MAXSIZE`` used to leave only a DEBUG or WARNING line.
"""

from __future__ import annotations

import contextlib
import gzip
import re
from pathlib import Path

from bad_input import crawl
from bad_input.cases import site_definition
from bad_input.server import RouteServer, _Handler

HTML = [("Content-Type", "text/html")]
MAXSIZE = 100_000
BIG = b"<html><body><p>" + b"word " * (3 * MAXSIZE // 5) + b"</p></body></html>"
HOPS = 30  # more than REDIRECT_MAX_TIMES (20)


class _NoLengthHandler(_Handler):
    """Paths under /stream/ are sent without Content-Length, ended by closing the
    connection: their size shows only while they are read."""

    def handle(self) -> None:
        # The crawler hangs up on a response over its size limit, between requests too.
        with contextlib.suppress(ConnectionResetError):
            super().handle()

    def do_GET(self) -> None:
        if not self.path.startswith("/stream/"):
            super().do_GET()
            return
        self.server.hits[self.path] = self.server.hits.get(self.path, 0) + 1
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            for start in range(0, len(BIG), 16_384):
                self.wfile.write(BIG[start:start + 16_384])


def _redirect(to: str, status: int = 302) -> tuple[int, list[tuple[str, str]], bytes]:
    return status, [("Location", to), *HTML], b""


def _refresh(to: str) -> tuple[int, list[tuple[str, str]], bytes]:
    return 200, HTML, (f'<html><head><meta http-equiv="refresh" content="0; url={to}">'
                       f"</head><body></body></html>").encode()


def _routes() -> dict[str, tuple[int, list[tuple[str, str]], bytes]]:
    routes = {
        # Back to where it started: the duplicate filter alone would drop it uncounted.
        "/loop/a/": _redirect("/loop/b/"),
        "/loop/b/": _redirect("/loop/a/", 301),
        "/refresh-loop/a/": _refresh("/refresh-loop/b/"),
        "/refresh-loop/b/": _refresh("/refresh-loop/a/"),
        "/big/": (200, HTML, BIG),
        # Small on the wire, over the limit once unpacked: Scrapy's decompression drops it.
        "/gzip/big/": (200, [*HTML, ("Content-Encoding", "gzip")], gzip.compress(BIG)),
    }
    for hop in range(HOPS):  # a new URL every hop, as with a session token in it
        routes[f"/chain/{hop}/"] = _redirect(f"/chain/{hop + 1}/")
        routes[f"/refresh/{hop}/"] = _refresh(f"/refresh/{hop + 1}/")
    links = ["/loop/a/", "/chain/0/", "/refresh-loop/a/", "/refresh/0/", "/big/", "/stream/big/",
             "/gzip/big/"]
    items = "".join(f'<li><a href="{link}">{link}</a></li>' for link in links)
    routes["/"] = (200, HTML, f'<html><body><ul class="articles">{items}</ul></body></html>'
                   .encode())
    return routes


def test_loops_and_oversized_pages_are_counted_and_reported(tmp_path: Path):
    with RouteServer() as server:
        server.httpd.RequestHandlerClass = _NoLengthHandler
        server.routes.update(_routes())
        result = crawl.run(tmp_path, [site_definition(server.base_url)], "site=badinput",
                           settings={"SPIDERMON_ENABLED": False, "DOWNLOAD_MAXSIZE": MAXSIZE,
                                     "NEWSCRAWL_STATE_DIR": tmp_path / "state"})
        hits = dict(server.hits)
    assert result.returncode == 0, result.stderr[-3000:]
    skipped = {key: value for key, value in result.stats.items()
               if key.startswith("newscrawl/skipped/")}
    assert skipped == {"newscrawl/skipped/redirect_loop": 2,
                       "newscrawl/skipped/meta_refresh_loop": 2,
                       "newscrawl/skipped/too_large": 3}, result.stderr[-3000:]
    # Each loop stops where it comes back, each chain at Scrapy's limit.
    assert hits["/loop/a/"] == hits["/refresh-loop/a/"] == 1
    assert "/chain/21/" not in hits and "/refresh/21/" not in hits
    assert hits["/big/"] == hits["/stream/big/"] == hits["/gzip/big/"] == 1
    report = (result.output / "badinput" / "report.md").read_text()
    row = re.search(r"^\| pages skipped \| (\d+) \((.*)\) \|$", report, re.MULTILINE)
    assert row, report
    assert row[1] == "7"
    assert sorted(row[2].split(", ")) == [
        "meta_refresh_loop: 2", "redirect_loop: 2", "too_large: 3"]


def test_a_page_that_refreshes_itself_is_crawled_not_skipped(tmp_path: Path):
    # News home pages reload themselves every minute or so: that is no redirect.
    home = (b'<html><head><meta http-equiv="refresh" content="60; url=/"></head><body>'
            b'<ul class="articles"><li><a href="/story/">story</a></li></ul></body></html>')
    with RouteServer() as server:
        server.routes.update({"/": (200, HTML, home), "/story/": _refresh("/story/")})
        result = crawl.run(tmp_path, [site_definition(server.base_url)], "site=badinput",
                           settings={"SPIDERMON_ENABLED": False,
                                     "NEWSCRAWL_STATE_DIR": tmp_path / "state"})
        hits = dict(server.hits)
    assert result.returncode == 0, result.stderr[-3000:]
    assert hits["/"] == 1 and hits["/story/"] == 1  # the home page was parsed for its links
    assert not [key for key in result.stats if key.startswith("newscrawl/skipped/")]


def test_a_start_url_that_leads_to_another_site_says_so(tmp_path):
    """The home page redirects to another host (the site moved): the crawl found nothing,
    and its one line spoke of start URLs and selectors, not of the redirect."""
    with RouteServer() as server:
        moved_to = f"http://localhost:{server.port}/home/"
        server.routes["/"] = (301, [("Location", moved_to)], b"")
        result = crawl.run(tmp_path, [], f"start_url={server.base_url}/")
    assert result.returncode == 3
    assert result.stats["newscrawl/skipped/start_offsite"] == 1
    assert (f"start URL {server.base_url}/ redirects to {moved_to}, another site: "
            f"crawl that (start_url=…) or add its domain to the definition") in result.stderr
