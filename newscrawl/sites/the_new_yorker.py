"""newyorker.com: The New Yorker (Condé Nast)."""

from newscrawl.sites import _condenast as theme
from newscrawl.sites.definition import SiteDefinition

SITE = SiteDefinition(
    name="the_new_yorker",
    domains=("newyorker.com",),
    start_urls=("https://www.newyorker.com/",),
    timezone="America/New_York",
    country="us",
    language="en",
    **theme.THEME,
    article_urls=r"^https://www\.newyorker\.com/(?:[a-z0-9-]+/)+[a-z0-9]+(?:-[a-z0-9]+){3,}/?$",
    sitemaps=(
        "https://www.newyorker.com/sitemap.xml",
        "https://www.newyorker.com/feed/google-news-sitemap-feed/sitemap-google-news",
    ),
)
