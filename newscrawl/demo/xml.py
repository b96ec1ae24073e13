"""The demo site's RSS feed and sitemaps."""

from __future__ import annotations

from datetime import UTC, timedelta
from email.utils import format_datetime
from html import escape

from newscrawl.demo.content import Article, DemoSite, iso

SITEMAP_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS_NS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
STATIC_PAGES = ("/contact/", "/privacy-policy/", "/terms-of-service/")


def rss(site: DemoSite, base: str, name: str) -> str:
    items = "".join(
        f"<item><title>{escape(a.display_title)}</title><link>{base}{a.path}</link>"
        f"<guid>{base}{a.path}</guid><pubDate>{format_datetime(a.published.astimezone(UTC))}"
        f"</pubDate><category>{escape(a.category.name)}</category>"
        f"<description>{escape(a.summary)}</description></item>"
        for a in site.articles[:20]
    )
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>{escape(name)}</title><link>{base}/</link>"
            f"<description>Finance news</description>{items}</channel></rss>")


def lastmod(article: Article) -> str:
    return iso(article.modified or article.published)


def sitemap_index(base: str) -> str:
    maps = "".join(f"<sitemap><loc>{base}/{name}</loc></sitemap>" for name in
                   ("post-sitemap.xml", "page-sitemap.xml", "category-sitemap.xml",
                    "news-sitemap.xml"))
    return f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex {SITEMAP_NS}>{maps}</sitemapindex>'


def _urlset(entries: str, extra_ns: str = "") -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset {SITEMAP_NS} {extra_ns}>{entries}</urlset>'


def post_sitemap(site: DemoSite, base: str) -> str:
    return _urlset("".join(f"<url><loc>{base}{a.path}</loc><lastmod>{lastmod(a)}</lastmod></url>"
                           for a in site.articles))


def page_sitemap(base: str) -> str:
    return _urlset("".join(f"<url><loc>{base}{path}</loc></url>" for path in STATIC_PAGES))


def category_sitemap(site: DemoSite, base: str) -> str:
    return _urlset("".join(f"<url><loc>{base}/category/{c.slug}/</loc></url>"
                           for c in site.categories))


def news_sitemap(site: DemoSite, base: str, name: str) -> str:
    if not site.articles:
        return _urlset("", NEWS_NS)
    cutoff = site.articles[0].published - timedelta(days=2)
    entries = "".join(
        f"<url><loc>{base}{a.path}</loc><news:news><news:publication><news:name>"
        f"{escape(name)}</news:name><news:language>en</news:language></news:publication>"
        f"<news:publication_date>{iso(a.published)}</news:publication_date>"
        f"<news:title>{escape(a.display_title)}</news:title></news:news></url>"
        for a in site.articles if a.published >= cutoff
    )
    return _urlset(entries, NEWS_NS)
