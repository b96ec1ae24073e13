"""robots.txt is obeyed for every request that waited for it, not only the first one.

A site definition with several feeds and sitemaps sends its discovery requests and start
page together; all of them wait for the one robots.txt download. Scrapy 2.19 gave the
parser to the first of them only (the others were let through unchecked).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
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


@pytest.mark.parametrize(("asked", "limit"), [("1", None), ("3600", 1)])
def test_a_crawl_delay_is_the_least_time_between_two_requests(tmp_path: Path, asked, limit):
    """Scrapy ignores Crawl-delay: the site's pages went out as fast as the crawl could
    send them. Now one at a time, that far apart; a delay past NEWSCRAWL_CRAWL_DELAY_MAX
    waits that maximum and says so."""
    from bad_input.cases import article_html
    from bad_input.cases import site_definition as bad_site

    names = ("a", "b", "c")
    with RouteServer() as server:
        server.routes.update({
            "/robots.txt": (200, TEXT, f"User-agent: *\nCrawl-delay: {asked}\n".encode()),
            "/": (200, HTML, ('<html><body><ul class="articles">' + "".join(
                f'<li><a href="/news/{name}/">{name}</a></li>' for name in names)
                + "</ul></body></html>").encode()),
            **{f"/news/{name}/": (200, HTML, article_html(name).encode()) for name in names},
        })
        result = crawl.run(tmp_path, [bad_site(server.base_url)], "site=badinput",
                           settings={"SPIDERMON_ENABLED": False,
                                     **({"NEWSCRAWL_CRAWL_DELAY_MAX": limit} if limit else {})})
        arrivals = [moment for moment, path in server.arrivals if path != "/robots.txt"]
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(result.feed("badinput")) == 3 and len(arrivals) == 4
    # Sent 1 s apart; each arrival may lag its sending by a loaded machine's scheduling,
    # which shifts one gap but not the sum (before: all three came within 0.1 s).
    gaps = [later - earlier for earlier, later in itertools.pairwise(arrivals)]
    assert min(gaps) > 0.5 and arrivals[-1] - arrivals[0] > 2.7, gaps
    assert result.stats["newscrawl/robots/crawl_delay"] == 1
    assert ("asks for 3600 s between requests" in result.stderr) is bool(limit)
