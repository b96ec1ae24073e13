"""theprovince.com: The Province, Vancouver (Postmedia)."""

from newscrawl.sites import _postmedia as theme
from newscrawl.sites.definition import SiteDefinition

SITE = SiteDefinition(
    name="the_province",
    domains=("theprovince.com",),
    start_urls=("https://theprovince.com/",),
    timezone="America/Vancouver",
    country="ca",
    language="en",
    **theme.THEME,
    feeds=("https://theprovince.com/feed",),
    sitemaps=(
        "https://theprovince.com/sitemap-news.xml",
        "https://theprovince.com/sitemap-old.xml",
    ),
)
