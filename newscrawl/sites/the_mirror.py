"""mirror.co.uk: The Mirror (Reach plc)."""

from newscrawl.sites import _reach as theme
from newscrawl.sites.definition import SiteDefinition

SITE = SiteDefinition(
    name="the_mirror",
    domains=("mirror.co.uk",),
    start_urls=("https://www.mirror.co.uk/",),
    timezone="Europe/London",
    country="gb",
    language="en",
    **theme.THEME,
    article_urls=r"^https://www\.mirror\.co\.uk" + theme.ARTICLE_PATH,
    sitemaps=("https://www.mirror.co.uk/sitemaps/sitemap_index.xml",
              "https://www.mirror.co.uk/map_news.xml"),
)
