"""dailystar.co.uk: Daily Star (Reach plc)."""

from newscrawl.sites import _reach as theme
from newscrawl.sites.definition import SiteDefinition

SITE = SiteDefinition(
    name="daily_star",
    domains=("dailystar.co.uk",),
    start_urls=("https://www.dailystar.co.uk/",),
    timezone="Europe/London",
    country="gb",
    language="en",
    **theme.THEME,
    article_urls=r"^https://www\.dailystar\.co\.uk" + theme.ARTICLE_PATH,
    sitemaps=("https://www.dailystar.co.uk/sitemaps/sitemap_index.xml",
              "https://www.dailystar.co.uk/map_news.xml"),
)
