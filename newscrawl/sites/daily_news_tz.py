"""dailynews.co.tz: Daily News, Tanzania (WordPress, Csco theme); generic extraction suffices."""

from newscrawl.sites.definition import Links, SiteDefinition

SITE = SiteDefinition(
    name="daily_news_tz",
    domains=("dailynews.co.tz",),
    start_urls=("https://dailynews.co.tz/",),
    timezone="Africa/Dar_es_Salaam",
    country="tz",
    language="en",
    links=Links(
        category=".cs-header__nav-inner a[href*='/category/']",
        pagination="a.next.page-numbers",
        article=".cs-entry__title a",
    ),
    # Posts sit at the root: /slug/
    article_urls=r"^https://dailynews\.co\.tz/[a-z0-9-]+/?$",
    sitemaps=("https://dailynews.co.tz/sitemap_index.xml",),
)
