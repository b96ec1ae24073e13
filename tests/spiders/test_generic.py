"""Generic mode: demo sites in three themes crawled with no site definition at all."""

from __future__ import annotations

import json
import subprocess
import sys
from urllib.parse import urlsplit

import pytest

from newscrawl.demo.server import DemoServer
from newscrawl.demo.truth import TRUTH_FIELDS

# The site name is the host (and port) in generic mode; the rest must match the ground truth.
COMPARED = [name for name in TRUTH_FIELDS if name != "site"]
ARTICLES = 60


def theme_truth(base_url: str, theme: str) -> dict[str, dict]:
    out = subprocess.run(
        [sys.executable, "-m", "newscrawl.demo", "truth", "--articles", str(ARTICLES),
         "--theme", theme, "--base-url", base_url],
        check=True, capture_output=True, text=True).stdout
    return {record["url"]: record for record in map(json.loads, out.splitlines())}


@pytest.mark.parametrize("theme", ["finance", "block", "newspaper"])
def test_generic_crawl_of_each_theme(theme, crawl, tmp_path):
    with DemoServer(n_articles=ARTICLES, theme=theme) as server:
        result = crawl(f"start_url={server.base_url}/",
                       settings={"NEWSCRAWL_STATE_DIR": tmp_path / "state"})
        expected = theme_truth(server.base_url, theme)
    assert result.returncode == 0, result.stderr[-3000:]
    items = result.feed(urlsplit(server.base_url).netloc)
    urls = [item["url"] for item in items]
    assert len(urls) == len(set(urls))
    assert set(urls) == set(expected), "recall and precision must both be 1.0"
    wrong = [f"{item['url']} {name}: {item[name]!r} != {expected[item['url']][name]!r}"
             for item in items for name in COMPARED
             if item[name] != expected[item["url"]][name]]
    exact = {item["url"] for item in items} - {line.split()[0] for line in wrong}
    assert len(exact) >= 0.95 * len(expected), "\n".join(wrong[:8])
    # Clean article pages: every body confident, as the run report says.
    assert all(item["body_confidence"] >= 0.5 for item in items)
    assert "newscrawl/health/body_confidence/uncertain" not in result.stats


@pytest.mark.parametrize(("start", "home"), [("example.test", "www.example.test"),
                                             ("www.example.test", "example.test")])
def test_a_site_that_sends_its_start_url_to_www_or_back_is_crawled(tmp_path, start, home):
    """``start_url=https://example.com/`` for a site at ``www.example.com`` (or the other
    way round): the home page's links (on the other host) were dropped as another site's,
    or the redirect itself was, and the crawl found nothing."""
    from bad_input import crawl
    from bad_input.cases import article_html
    from bad_input.server import RouteServer
    from loopback_resolver import RESOLVER

    html = [("Content-Type", "text/html; charset=utf-8")]
    with RouteServer() as server:
        site = f"http://{home}:{server.port}"
        stories = [f"/2024/05/0{n}/story-{n}/" for n in range(1, 4)]
        page = ('<html><body><nav><a href="/category/markets/">Markets</a></nav>'
                + "".join(f'<a href="{site}{path}">Story</a>' for path in stories)
                + "</body></html>")
        server.routes.update({
            "/": (301, [("Location", f"{site}/home/")], b""),
            "/home/": (200, html, page.encode()),
            **{path: (200, html, article_html(path.split("/")[-2]).encode())
               for path in stories},
        })
        result = crawl.run(tmp_path, [], f"start_url=http://{start}:{server.port}/",
                           settings={"DNS_RESOLVER": RESOLVER, "AUTOTHROTTLE_ENABLED": False,
                                     "DOWNLOAD_DELAY": 0})
    assert result.returncode == 0, result.stderr[-3000:]
    assert sorted(item["url"] for item in result.feed(f"{start}:{server.port}")) == [
        site + path for path in stories]


@pytest.mark.parametrize(("named_by", "named"), [
    ('<link rel="canonical" href="{site}/">', "home page"),
    ('<meta property="og:url" content="{site}">', "home page"),
    ('<link rel="canonical" href="{site}/?utm_source=seo">', "home page"),
    ('<link rel="canonical" href="{site}/business/">', "listing"),
])
def test_pages_that_name_the_home_page_or_a_section_as_their_url_are_each_an_article(
        tmp_path, named_by, named):
    """A theme or SEO plugin that gives every page the home page (or a section) as its
    canonical URL (or og:url) made every article one URL: all but the first were dropped
    as its duplicates at DEBUG, and the run exited 0."""
    from bad_input import crawl
    from bad_input.cases import article_html
    from bad_input.server import RouteServer

    html = [("Content-Type", "text/html; charset=utf-8")]
    with RouteServer() as server:
        site = server.base_url
        stories = [f"/2024/05/0{n}/story-{n}/" for n in range(1, 5)]
        page = "".join(f'<a href="{path}">Story {path}</a>' for path in stories)
        server.routes.update({
            "/": (200, html, f"<html><body>{page}</body></html>".encode()),
            **{path: (200, html, article_html(path.split("/")[-2],
                                              head=named_by.format(site=site)).encode())
               for path in stories},
        })
        result = crawl.run(tmp_path, [], f"start_url={site}/",
                           settings={"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0})
    assert result.returncode == 0, result.stderr[-3000:]
    items = result.feed(urlsplit(site).netloc)
    assert sorted(item["url"] for item in items) == [site + path for path in stories]
    assert all("url" not in item["provenance"] for item in items)  # not the page's word
    assert result.stats[f"newscrawl/canonical/{named.replace(' ', '_')}_ignored"] == len(stories)
    assert result.stderr.count(f"names the {named}") == 1


def test_sitemaps_and_feeds_the_site_keeps_on_another_host_are_read(tmp_path):
    """robots.txt may name a sitemap on another host (sitemaps.org allows it: a CDN, a
    sitemap service), and a page a feed on a feed service: both were dropped as offsite,
    with every article only they list. Their articles must still be on the site."""
    from bad_input import crawl
    from bad_input.cases import article_html
    from bad_input.server import RouteServer
    from loopback_resolver import RESOLVER

    html = [("Content-Type", "text/html; charset=utf-8")]
    xml = [("Content-Type", "application/xml")]
    with RouteServer() as server:
        site, elsewhere = f"http://news.test:{server.port}", f"http://cdn.other.test:{server.port}"
        stories = [f"/2024/05/0{n}/story-{n}/" for n in range(1, 4)]
        urls = "".join(f"<url><loc>{site}{path}</loc></url>" for path in stories[:2])
        items = (f"<item><link>{site}{stories[2]}</link></item>"
                 f"<item><link>{elsewhere}/2024/05/04/not-the-site/</link></item>")
        server.routes.update({
            "/robots.txt": (200, [("Content-Type", "text/plain")],
                            f"User-agent: *\nSitemap: {elsewhere}/maps/sitemap.xml\n".encode()),
            "/": (200, html, ('<html><head><link rel="alternate" type="application/rss+xml" '
                              f'href="{elsewhere}/feed.xml"></head><body>Home</body></html>'
                              ).encode()),
            "/maps/sitemap.xml": (200, xml, (
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"{urls}</urlset>").encode()),
            "/feed.xml": (200, xml,
                          f'<rss version="2.0"><channel>{items}</channel></rss>'.encode()),
            **{path: (200, html, article_html(path.split("/")[-2]).encode())
               for path in [*stories, "/2024/05/04/not-the-site/"]},
        })
        result = crawl.run(tmp_path, [], f"start_url={site}/",
                           settings={"DNS_RESOLVER": RESOLVER, "AUTOTHROTTLE_ENABLED": False,
                                     "DOWNLOAD_DELAY": 0})
    assert result.returncode == 0, result.stderr[-3000:]
    assert sorted(item["url"] for item in result.feed(f"news.test:{server.port}")) == [
        site + path for path in stories]


def test_articles_of_every_common_url_shape_are_crawled(tmp_path):
    """Generic mode knew articles by a few URL shapes: a bare id, an id in the query, a
    headline slug without a date, a slug starting with "jobs" or "cart", sections outside
    a fixed list of words, a <base href>, a feed's item of a section's shape: every such
    article was lost without a word."""
    from bad_input import crawl
    from bad_input.cases import article_html
    from bad_input.server import RouteServer

    html = [("Content-Type", "text/html; charset=utf-8")]
    xml = [("Content-Type", "application/xml")]
    in_sitemap = ["/news/12345", "/senate-passes-the-spending-bill/",
                  "/world/europe/eu-leaders-meet-on-energy-2024-05-20/"]
    on_home = ["/2024/05/04/jobs-report-beats-expectations/",
               "/2024/05/04/cartel-leader-arrested/", "/story.html?id=9"]
    in_section = ["/2024/05/09/tunnel-project-approved/"]  # linked under <base href="/">
    in_feed = ["/politics/mayor-resigns/"]  # a section's shape: a feed lists articles
    with RouteServer() as server:
        site = server.base_url
        links = "".join(f'<a href="{path}">Story</a>' for path in on_home)
        urls = "".join(f"<url><loc>{site}{path}</loc></url>" for path in in_sitemap)
        items = "".join(f"<item><link>{site}{path}</link></item>" for path in in_feed)
        server.routes.update({
            "/feed.xml": (200, xml, f'<rss version="2.0"><channel>{items}</channel></rss>'
                          .encode()),
            "/robots.txt": (200, [("Content-Type", "text/plain")],
                            f"User-agent: *\nSitemap: {site}/sitemap.xml\n".encode()),
            "/sitemap.xml": (200, xml, ('<urlset xmlns="http://www.sitemaps.org/schemas/'
                                        f'sitemap/0.9">{urls}</urlset>').encode()),
            "/": (200, html, ('<html><head><link rel="alternate" href="/feed.xml" '
                              'type="application/rss+xml"></head><body><nav>'
                              '<a href="/culture/">Culture</a><a href="/about-us/">About</a>'
                              f'</nav>{links}</body></html>').encode()),
            "/culture/": (200, html, (
                '<html><head><base href="/"></head><body>'
                f'<a href="{in_section[0][1:]}">Tunnel</a></body></html>').encode()),
            **{path: (200, html, article_html(f"story {n}").encode())
               for n, path in enumerate([*in_sitemap, *on_home, *in_section, *in_feed])},
        })
        result = crawl.run(tmp_path, [], f"start_url={site}/",
                           settings={"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0})
    assert result.returncode == 0, result.stderr[-3000:]
    items = result.feed(urlsplit(site).netloc)
    assert sorted(item["url"] for item in items) == sorted(
        site + path for path in [*in_sitemap, *on_home, *in_section, *in_feed])


def test_articles_of_other_sites_in_a_feed_take_no_place_in_max_articles(tmp_path):
    """A feed may list other sites' stories (a feed service, partners): they were claimed
    as articles, then dropped as offsite, and a crawl with max_articles=3 got fewer."""
    from bad_input import crawl
    from bad_input.cases import article_html
    from bad_input.server import RouteServer
    from loopback_resolver import RESOLVER

    html = [("Content-Type", "text/html; charset=utf-8")]
    xml = [("Content-Type", "application/xml")]
    with RouteServer() as server:
        site, other = f"http://news.test:{server.port}", f"http://other.test:{server.port}"
        theirs = [f"{other}/2024/05/0{n}/partner-story-number-{n}/" for n in range(1, 3)]
        ours = [f"{site}/2024/05/0{n}/story-number-{n}/" for n in range(3, 7)]
        items = "".join(f"<item><link>{url}</link></item>" for url in [*theirs, *ours])
        server.routes.update({
            "/robots.txt": (200, [("Content-Type", "text/plain")], b"User-agent: *\n"),
            "/": (200, html, (b'<html><head><link rel="alternate" type="application/rss+xml" '
                              b'href="/feed.xml"></head><body>Home</body></html>')),
            "/feed.xml": (200, xml,
                          f'<rss version="2.0"><channel>{items}</channel></rss>'.encode()),
            **{urlsplit(url).path: (200, html, article_html(urlsplit(url).path).encode())
               for url in [*theirs, *ours]},
        })
        result = crawl.run(tmp_path, [], f"start_url={site}/", "max_articles=3",
                           settings={"DNS_RESOLVER": RESOLVER, "AUTOTHROTTLE_ENABLED": False,
                                     "DOWNLOAD_DELAY": 0})
    assert result.returncode == 0, result.stderr[-3000:]
    assert sorted(item["url"] for item in result.feed(f"news.test:{server.port}")) == ours[:3]
    assert result.stats["newscrawl/skipped/offsite_article"] == len(theirs)


def test_pages_that_only_look_like_articles_are_read_as_listings(tmp_path):
    """A headline slug alone does not make an article: WordPress pages linked from the
    menu (/code-of-ethics-policy/) came out as articles, and a section front with a long
    name (/health-and-wellness-tips/) as an article of teasers whose own articles were
    never fetched. A page that says nothing of being an article, not even a date, is a
    listing: its article links are followed, no item is made of it."""
    from bad_input import crawl
    from bad_input.cases import article_html
    from bad_input.server import RouteServer

    html = [("Content-Type", "text/html; charset=utf-8")]
    stories = ["/health-and-wellness-tips/five-ways-to-sleep-better/",
               "/stocks-rally-as-inflation-cools/"]
    with RouteServer() as server:
        base = server.base_url
        server.routes.update({
            "/": (200, html, (b'<html><body><nav><a href="/health-and-wellness-tips/">Health</a>'
                              b'</nav><a href="/stocks-rally-as-inflation-cools/">Stocks</a>'
                              b'<footer><a href="/code-of-ethics-policy/">Ethics</a></footer>'
                              b'</body></html>')),
            "/health-and-wellness-tips/": (200, html, (
                "<html><head><title>Health and Wellness Tips</title></head><body><h1>Health"
                f'</h1><h2><a href="{stories[0]}">Five ways to sleep better</a></h2>'
                "<p>Our editors pick the best advice on sleep, food and exercise.</p>"
                "</body></html>").encode()),
            "/code-of-ethics-policy/": (200, html, article_html(
                "ethics", title="Code of Ethics Policy", published=None, authors=(),
                category=None).encode()),
            **{path: (200, html, article_html(path).encode()) for path in stories},
        })
        result = crawl.run(tmp_path, [], f"start_url={base}/",
                           settings={"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0})
    assert result.returncode == 0, result.stderr[-3000:]
    items = result.feed(urlsplit(base).netloc)
    assert sorted(item["url"] for item in items) == sorted(base + path for path in stories)
    assert result.stats["newscrawl/generic/not_an_article"] == 2
