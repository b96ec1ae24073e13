"""The demo site's RSS feed and sitemaps (Yoast-style index, posts, pages, categories, news)."""

from __future__ import annotations

from datetime import UTC, timedelta
from email.utils import format_datetime
from html import escape

from newscrawl.demo.content import Article, iso
from newscrawl.demo.themes.base import STATIC, Theme

SITEMAP_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS_NS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
SITEMAPS = ("post-sitemap.xml", "page-sitemap.xml", "category-sitemap.xml", "news-sitemap.xml")
HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'


def rss(theme: Theme) -> str:
    items = "".join(
        f"<item><title>{escape(a.display_title)}</title><link>{theme.article_url(a)}</link>"
        f'<guid isPermaLink="true">{theme.article_url(a)}</guid>'
        f"<pubDate>{format_datetime(a.published.astimezone(UTC))}</pubDate>"
        f"<category>{escape(a.category.name)}</category>"
        f"<description>{escape(a.summary)}</description></item>\n"
        for a in theme.site.articles[:20]
    )
    return (f'{HEADER}<rss version="2.0"><channel><title>{escape(theme.name)}</title>'
            f"<link>{theme.base}/</link><description>Finance news</description>"
            f"<language>en-US</language>\n{items}</channel></rss>")


def lastmod(article: Article) -> str | None:
    return iso(article.modified or article.published)


def sitemap_index(theme: Theme) -> str:
    maps = "".join(f"<sitemap><loc>{theme.base}/{name}</loc></sitemap>\n" for name in SITEMAPS)
    return f"{HEADER}<sitemapindex {SITEMAP_NS}>\n{maps}</sitemapindex>"


def _urlset(entries: str, extra_ns: str = "") -> str:
    return f"{HEADER}<urlset {SITEMAP_NS} {extra_ns}>\n{entries}</urlset>"


def post_sitemap(theme: Theme) -> str:
    return _urlset("".join(
        f"<url><loc>{theme.article_url(a)}</loc><lastmod>{lastmod(a)}</lastmod></url>\n"
        for a in theme.site.articles))


def page_sitemap(theme: Theme) -> str:
    return _urlset("".join(f"<url><loc>{theme.base}{path}</loc></url>\n" for path in STATIC))


def category_sitemap(theme: Theme) -> str:
    return _urlset("".join(f"<url><loc>{theme.base}{theme.category_path(c.slug)}</loc></url>\n"
                           for c in theme.site.categories))


def news_sitemap(theme: Theme) -> str:
    """Google News: the articles of the two days before the newest one."""
    articles = theme.site.articles
    cutoff = articles[0].published - timedelta(days=2) if articles else None
    entries = "".join(
        f"<url><loc>{theme.article_url(a)}</loc><news:news><news:publication><news:name>"
        f"{escape(theme.name)}</news:name><news:language>en</news:language></news:publication>"
        f"<news:publication_date>{iso(a.published)}</news:publication_date>"
        f"<news:title>{escape(a.display_title)}</news:title></news:news></url>\n"
        for a in articles if cutoff and a.published >= cutoff
    )
    return _urlset(entries, NEWS_NS)


DOCUMENTS = {
    "/feed/": rss, "/sitemap.xml": sitemap_index, "/post-sitemap.xml": post_sitemap,
    "/page-sitemap.xml": page_sitemap, "/category-sitemap.xml": category_sitemap,
    "/news-sitemap.xml": news_sitemap,
}
"""Path -> the XML document served there."""
