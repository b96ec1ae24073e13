"""wired.com: Wired (Condé Nast)."""

from newscrawl.sites import _condenast as theme
from newscrawl.sites.definition import SiteDefinition

SITE = SiteDefinition(
    name="wired",
    domains=("wired.com",),
    start_urls=("https://www.wired.com/",),
    timezone="America/New_York",
    country="us",
    language="en",
    **theme.THEME,
    article_urls=r"^https://www\.wired\.com/(?:story|review|gallery)/[a-z0-9-]+/?$",
    feeds=("https://www.wired.com/feed/rss",),
    sitemaps=(
        "https://www.wired.com/feed/google-latest-news/sitemap-google-news",
        "https://www.wired.com/sitemap.xml",
        "https://www.wired.com/sitemap-archive-1.xml",
    ),
)
