"""End-to-end crawls of the demo site over real HTTP, compared with its ground truth."""

from __future__ import annotations

import csv
import subprocess
import sys

from conftest import demo_discovery_requests, demo_sections
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector

import newscrawl.settings as project_settings
from newscrawl.demo.server import DemoServer
from newscrawl.demo.truth import TRUTH_FIELDS
from newscrawl.meta import SITE_NAME, CrawlSite, crawl_site
from newscrawl.schema import FIELDS
from newscrawl.sites import get_site
from newscrawl.spiders.news import NewsSpider

BOILERPLATE = [
    "Close Menu", "What's Hot", "Related Posts", "Add A Comment", "Leave A Reply", "Top Posts",
    "Stay In Touch", "All rights reserved", "Type above and press Enter", "Mins Read",
    "No Comments", "Facebook Twitter", "Subscribe", "Views",
]


def test_demo_crawl_equals_ground_truth(crawl, truth):
    # Its own server: the demo's 500-once page must answer 500 to this crawl.
    with DemoServer(n_articles=240) as server:
        demo_url = server.base_url
        result = crawl("site=demo", f"start_url={demo_url}/")
    assert result.returncode == 0, result.stderr[-3000:]
    items = result.feed("demo")
    urls = [item["url"] for item in items]
    assert len(urls) == len(set(urls)), "an article was emitted twice"
    truth = truth(demo_url)
    assert set(urls) - set(truth) == set(), "non-article or unknown pages emitted"
    assert set(truth) - set(urls) == set(), "articles missed"
    wrong = [
        f"{item['url']} {name}: {item[name]!r} != {truth[item['url']][name]!r}"
        for item in items
        for name in TRUTH_FIELDS
        if item[name] != truth[item["url"]][name]
    ]
    assert not wrong, f"{len(wrong)} wrong fields, e.g.\n" + "\n".join(wrong[:10])
    # The site definition gave every body: the generic extractor's confidence is not
    # computed for it (nor the extractor run), as the schema says.
    assert all(item["provenance"]["body"] == "site" for item in items)
    assert all(item["body_confidence"] is None for item in items)
    leaked = [(item["url"], phrase) for item in items for phrase in BOILERPLATE
              if phrase in item["body"]]
    assert not leaked
    stats = result.stats
    assert stats["downloader/response_status_count/404"] >= 1
    assert stats["downloader/response_status_count/500"] >= 1
    assert stats["item_scraped_count"] == len(truth)


def test_csv_feed_has_schema_columns_and_neutralised_formulas(demo_url, crawl):
    result = crawl("site=demo", f"start_url={demo_url}/")
    assert result.returncode == 0, result.stderr[-3000:]
    rows = list(csv.DictReader((result.output / "demo" / "articles.csv").open(encoding="utf-8")))
    items = {item["url"]: item for item in result.feed("demo")}
    assert list(rows[0]) == list(FIELDS)
    assert len(rows) == len(items)
    risky = [item for item in items.values() if item["title"].startswith(("-", "+", "="))]
    assert risky, "the demo site has titles starting with - or +"
    for row in rows:
        item = items[row["url"]]
        assert row["authors"] == "; ".join(item["authors"])
        if item in risky:
            assert row["title"] == "'" + item["title"]
        else:
            assert row["title"] == item["title"]


def test_limits_bound_the_crawl(demo_url, crawl):
    result = crawl("site=demo", f"start_url={demo_url}/", "max_articles=7")
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(result.feed("demo")) == 7
    assert result.stats["newscrawl/limits/max_articles"] >= 1
    # Once it has its articles, the crawl walks no further: robots.txt, the home page,
    # each section's first page (asked for before any article was), the feeds and
    # sitemaps, the articles. Before, it walked every listing page of every section.
    assert result.stats["downloader/request_count"] <= (
        2 + demo_sections(demo_url) + demo_discovery_requests(demo_url) + 7)


def test_max_pages_caps_listing_pages_per_section(demo_url, crawl):
    result = crawl("site=demo", f"start_url={demo_url}/", "max_pages=1")
    assert result.returncode == 0, result.stderr[-3000:]
    # every section (8+ categories and the home page) stopped before its second page ...
    assert result.stats["newscrawl/limits/max_pages"] >= 9
    # ... and the sitemap still led to every article
    assert len(result.feed("demo")) == 240


def test_max_pages_argument_lowers_the_setting_but_never_raises_it(demo_url, crawl):
    result = crawl("site=demo", f"start_url={demo_url}/", "max_pages=50",
                   settings={"NEWSCRAWL_MAX_PAGES": 1})
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stats["newscrawl/limits/max_pages"] >= 9  # as with max_pages=1


def run_scrapy(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scrapy", *args], capture_output=True,
                          text=True, timeout=120)


def test_unknown_site_is_one_clear_line_and_nonzero_exit():
    proc = run_scrapy("crawl", "news", "-a", "site=dmeo")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith(
        "newscrawl: bad argument site='dmeo': unknown site 'dmeo'; did you mean demo?; "
        "known sites: ap_news, bbc,"), last


def test_bad_argument_names_the_problem():
    proc = run_scrapy("crawl", "news", "-a", "site=demo", "-a", "max_articles=lots")
    assert proc.returncode == 2
    assert "max_articles='lots'" in proc.stderr
    proc = run_scrapy("crawl", "news", "-a", "site=demo", "-a", "colour=blue")
    assert proc.returncode == 2
    assert "colour" in proc.stderr and "unknown argument" in proc.stderr


def test_the_crawls_site_is_published_for_components_and_a_stray_setting_cannot_split_it():
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    settings.set(SITE_NAME, "other", priority="cmdline")  # as `-s NEWSCRAWL_SITE_NAME=other`
    crawler = Crawler(NewsSpider, settings)
    spider = NewsSpider.from_crawler(crawler, site="demo", start_url="http://127.0.0.1:8123/")
    site = crawl_site(crawler)
    assert site.name == spider.site == "demo"
    assert site.definition is get_site("demo")
    assert site.domains == tuple(spider.allowed_domains)
    assert "127.0.0.1" in site.domains


def test_a_generic_crawl_publishes_its_host_and_no_definition():
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    crawler = Crawler(NewsSpider, settings)
    NewsSpider.from_crawler(crawler, start_url="http://news.example/")
    assert crawl_site(crawler) == CrawlSite("news.example", None, ("news.example",))


def test_since_reads_a_listings_numeric_dates_as_the_sites_language_writes_them():
    """A German listing's "09.12.2024" is the 9th of December, newer than
    ``since=2024-12-01``: read month first (the 12th of September) it stopped the listing
    there, and the articles on its later pages were never fetched."""
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    crawler = Crawler(NewsSpider, settings)
    crawler.stats = MemoryStatsCollector(crawler)  # as when the crawl starts
    spider = NewsSpider.from_crawler(crawler, site="demo", start_url="http://127.0.0.1:8123/",
                                     since="2024-12-01")
    spider.site_definition = spider.site_definition.model_copy(update={"language": "de"})
    listing = HtmlResponse(
        "http://127.0.0.1:8123/category/markets/", encoding="utf-8",
        body=b'<div class="loop"><div class="l-post"><time datetime="09.12.2024">9.12.</time>'
             b'</div></div>')
    assert spider.links.listing_dates(listing) == ["09.12.2024"]
    assert not spider._stop_paginating(listing, "markets", 1, [])


def test_sitemaps_served_as_gzip_files_are_read_and_bad_ones_counted(tmp_path):
    """A ``.xml.gz`` sitemap sent as the file it is (no Content-Encoding) was read as XML,
    gave nothing, and its articles were lost without a word."""
    import gzip

    from bad_input import crawl
    from bad_input.cases import article_html
    from bad_input.server import RouteServer

    html = [("Content-Type", "text/html; charset=utf-8")]
    namespace = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    with RouteServer() as server:
        base = server.base_url
        stories = [f"/2024/05/0{n}/story-{n}/" for n in range(1, 4)]
        urlset = (f'<?xml version="1.0"?><urlset {namespace}>'
                  + "".join(f"<url><loc>{base}{path}</loc></url>" for path in stories)
                  + "</urlset>").encode()
        index = (f'<?xml version="1.0"?><sitemapindex {namespace}>'
                 + "".join(f"<sitemap><loc>{base}/{name}</loc></sitemap>" for name in (
                     "post-sitemap.xml.gz", "bomb-sitemap.xml.gz", "news-sitemap.xml"))
                 + "</sitemapindex>").encode()
        server.routes.update({
            "/robots.txt": (200, [("Content-Type", "text/plain")],
                            f"User-agent: *\nSitemap: {base}/sitemap_index.xml\n".encode()),
            "/": (200, html, b"<html><body><p>Welcome</p></body></html>"),
            "/sitemap_index.xml": (200, [("Content-Type", "application/xml")], index),
            "/post-sitemap.xml.gz": (200, [("Content-Type", "application/x-gzip")],
                                     gzip.compress(urlset)),
            # 60 kB that unpack to 60 MB, over the 50 MB a sitemap may have
            "/bomb-sitemap.xml.gz": (200, [("Content-Type", "application/x-gzip")],
                                     gzip.compress(b" " * 60_000_000)),
            "/news-sitemap.xml": (200, html, b"<html><body>Not found</body></html>"),
            **{path: (200, html, article_html(path.split("/")[-2]).encode())
               for path in stories},
        })
        result = crawl.run(tmp_path, [], f"start_url={base}/")
    assert result.returncode == 0, result.stderr[-3000:]
    assert sorted(item["url"] for item in result.feed(base.removeprefix("http://"))) == [
        base + path for path in stories]
    assert result.stats["newscrawl/skipped/too_large"] == 1
    assert result.stats["newscrawl/skipped/not_a_sitemap_or_feed"] == 1
    assert f"bomb-sitemap.xml.gz unpacks to more than {50 * 1024 * 1024} bytes" in result.stderr


def test_an_article_that_redirects_to_a_listing_is_no_article(tmp_path):
    """Sites send a removed article to the home page or a section. The listing it landed
    on was delivered as an article (its title the site's, its body the teasers)."""
    from bad_input import crawl
    from bad_input.cases import article_html
    from bad_input.cases import site_definition as bad_site
    from bad_input.server import RouteServer

    html = [("Content-Type", "text/html; charset=utf-8")]

    def moved(to: str) -> tuple:
        return 301, [("Location", to)], b""

    teasers = "".join(f'<li><a href="/news/{name}/">Headline {name} on markets today</a>'
                      f'<p>A teaser for story {name}, long enough to read as a paragraph '
                      f'of text about markets and the economy.</p></li>'
                      for name in ("a", "to-home", "to-archive", "renamed", "moved"))
    listing = f'<html><body><ul class="articles">{teasers}</ul></body></html>'.encode()
    with RouteServer() as server:
        base = server.base_url
        site = bad_site(base).model_copy(update={"article_urls": r"/news/[^/]+/$"})
        server.routes.update({
            "/": (200, html, listing),
            "/archive/": (200, html, listing.replace(b"<ul", b"<h1>Archive</h1><ul")),
            "/news/a/": (200, html, article_html("a").encode()),
            "/news/to-home/": moved("/"),
            "/news/to-archive/": moved("/archive/"),
            "/news/renamed/": moved("/news/renamed-story/"),
            "/news/renamed-story/": (200, html, article_html("renamed").encode()),
            # Moved out of the definition's article URLs, but it says it is an article.
            "/news/moved/": moved("/stories/2024/moved.html"),
            "/stories/2024/moved.html": (200, html, article_html(
                "moved", head='<meta property="og:type" content="article">').encode()),
        })
        result = crawl.run(tmp_path, [site], "site=badinput", f"start_url={base}/",
                           settings={"SPIDERMON_ENABLED": False})
    assert result.returncode == 0, result.stderr[-3000:]
    assert sorted(item["url"] for item in result.feed("badinput")) == [
        f"{base}/news/a/", f"{base}/news/renamed-story/", f"{base}/stories/2024/moved.html"]
    # The home page was fetched already: the redirect to it is a duplicate request.
    assert result.stats["newscrawl/skipped/redirected_to_non_article"] == 1
    assert f"{base}/news/to-archive/ redirects to {base}/archive/, not an article" \
        in result.stderr


def test_a_sitemap_may_be_as_large_as_the_sitemap_protocol_allows(tmp_path):
    """Sitemaps may hold 50 MB (sitemaps.org), more than DOWNLOAD_MAXSIZE lets a page
    have: one over it was refused, and every article it listed lost."""
    from bad_input import crawl
    from bad_input.cases import article_html
    from bad_input.server import RouteServer

    html = [("Content-Type", "text/html; charset=utf-8")]
    with RouteServer() as server:
        base = server.base_url
        stories = [f"/2024/05/0{n}/story-{n}/" for n in range(1, 4)]
        tags = "".join(f"<url><loc>{base}/tag/topic-{n}/</loc></url>" for n in range(30_000))
        urlset = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                  'sitemap/0.9">' + "".join(f"<url><loc>{base}{path}</loc></url>"
                                            for path in stories) + tags + "</urlset>").encode()
        assert len(urlset) > 1_500_000
        server.routes.update({
            "/robots.txt": (200, [("Content-Type", "text/plain")],
                            f"User-agent: *\nSitemap: {base}/post-sitemap.xml\n".encode()),
            "/": (200, html, b"<html><body><p>Welcome</p></body></html>"),
            "/post-sitemap.xml": (200, [("Content-Type", "application/xml")], urlset),
            **{path: (200, html, article_html(path.split("/")[-2]).encode())
               for path in stories},
        })
        result = crawl.run(tmp_path, [], f"start_url={base}/",
                           settings={"DOWNLOAD_MAXSIZE": 1_000_000})
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(result.feed(base.removeprefix("http://"))) == 3
    assert "newscrawl/skipped/too_large" not in result.stats
