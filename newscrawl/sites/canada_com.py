"""o.canada.com: Canada.com, Postmedia's national news and lifestyle site."""

from newscrawl.sites import _postmedia as theme
from newscrawl.sites.definition import SiteDefinition

SITE = SiteDefinition(
    name="canada_com",
    domains=("canada.com",),
    start_urls=("https://www.canada.com/",),
    timezone="America/Toronto",
    country="ca",
    language="en",
    **theme.THEME,
    feeds=("https://o.canada.com/feed",),
    sitemaps=(
        "https://o.canada.com/sitemap-news.xml",
        "https://o.canada.com/sitemap-old.xml",
    ),
)
