"""doorpickers.com: the WordPress finance-news site the demo theme is modelled on."""

from newscrawl.sites import _smartmag as theme
from newscrawl.sites.definition import SiteDefinition

SITE = SiteDefinition(
    name="doorpickers",
    platform="wordpress",
    domains=("doorpickers.com",),
    start_urls=("https://doorpickers.com/",),
    timezone="America/New_York",
    country="us",
    language="en",
    **theme.THEME,
    feeds=("https://doorpickers.com/feed/",),
    sitemaps=("https://doorpickers.com/sitemap_index.xml",),
)
