"""mexiconewsdaily.com: Mexico News Daily (WordPress, tagDiv Newspaper theme)."""

from newscrawl.sites.definition import Links, SiteDefinition

SITE = SiteDefinition(
    name="mexico_news_daily",
    domains=("mexiconewsdaily.com",),
    start_urls=("https://mexiconewsdaily.com/",),
    timezone="America/Mexico_City",
    country="mx",
    language="en",
    links=Links(
        category="ul.tdb-menu a[href*='/category/']",
        pagination=".page-nav a[aria-label=next-page]",
        article="h3.td-module-title a",
    ),
    # /<section>/slug/
    article_urls=r"^https://mexiconewsdaily\.com/(?!category/|author/|tag/)[a-z-]+/[a-z0-9-]+/?$",
    body=".tdb_single_content .tdb-block-inner",
    # Embedded tweets, figures and the closing italic "With reports from …" credit.
    body_exclude=("blockquote.twitter-tweet", "figure", "script", "p:last-child > em"),
    sitemaps=("https://mexiconewsdaily.com/sitemap_index.xml",),
)
