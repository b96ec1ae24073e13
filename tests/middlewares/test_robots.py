"""robots.txt is obeyed for every request that waited for it, not only the first one.

A site definition with several feeds and sitemaps sends its discovery requests and start
page together; all of them wait for the one robots.txt download. Scrapy 2.19 gave the
parser to the first of them only (the others were let through unchecked).
"""

from __future__ import annotations

from pathlib import Path

from bad_input import crawl
from bad_input.server import RouteServer

from newscrawl.sites.definition import SiteDefinition

TEXT = [("Content-Type", "text/plain")]
HTML = [("Content-Type", "text/html")]
XML = [("Content-Type", "application/xml")]
DISCOVERY = ("/feed.xml", "/news.rss", "/sitemap.xml", "/sitemap-news.xml")


def blocked_site(base_url: str) -> SiteDefinition:
    return SiteDefinition(
        name="robotsblocked",
        domains=("127.0.0.1",),
        start_urls=(f"{base_url}/", f"{base_url}/world/"),
        feeds=tuple(f"{base_url}{path}" for path in DISCOVERY[:2]),
        sitemaps=tuple(f"{base_url}{path}" for path in DISCOVERY[2:]),
    )


def test_disallow_all_keeps_every_request_of_a_site_definition_out(tmp_path: Path):
    with RouteServer() as server:
        server.routes["/robots.txt"] = (200, TEXT, b"User-agent: *\nDisallow: /\n")
        for path in ("/", "/world/"):
            server.routes[path] = (200, HTML, b"<html><body><h1>News</h1></body></html>")
        for path in DISCOVERY:
            server.routes[path] = (200, XML, b"<urlset></urlset>")
        result = crawl.run(tmp_path, [blocked_site(server.base_url)], "site=robotsblocked",
                           settings={"SPIDERMON_ENABLED": False,
                                     "NEWSCRAWL_STATE_DIR": tmp_path / "state"})
        hits = dict(server.hits)
    assert result.returncode == 0, result.stderr[-3000:]
    assert hits == {"/robots.txt": 1}
    # Every request the spider made was refused (and counted), none slipped through.
    assert result.stats["robotstxt/forbidden"] == 2 + len(DISCOVERY)
