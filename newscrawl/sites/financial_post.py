"""financialpost.com: the Financial Post, Postmedia's business paper."""

from newscrawl.sites import _postmedia as theme
from newscrawl.sites.definition import SiteDefinition

SITE = SiteDefinition(
    name="financial_post",
    domains=("financialpost.com",),
    start_urls=("https://financialpost.com/",),
    timezone="America/Toronto",
    country="ca",
    language="en",
    **theme.THEME,
    feeds=("https://financialpost.com/feed",),
    sitemaps=(
        "https://financialpost.com/sitemap-news.xml",
        "https://financialpost.com/sitemap-old.xml",
    ),
)
