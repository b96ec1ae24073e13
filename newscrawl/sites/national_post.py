"""nationalpost.com: the National Post (Postmedia)."""

from newscrawl.sites import _postmedia as theme
from newscrawl.sites.definition import SiteDefinition

SITE = SiteDefinition(
    name="national_post",
    domains=("nationalpost.com",),
    start_urls=("https://nationalpost.com/",),
    timezone="America/Toronto",
    country="ca",
    language="en",
    **theme.THEME,
    feeds=("https://nationalpost.com/feed",),
    sitemaps=(
        "https://nationalpost.com/sitemap-news.xml",
        "https://nationalpost.com/sitemap-old.xml",
    ),
)
