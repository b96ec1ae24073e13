"""ottawacitizen.com: the Ottawa Citizen (Postmedia)."""

from newscrawl.sites import _postmedia as theme
from newscrawl.sites.definition import SiteDefinition

SITE = SiteDefinition(
    name="ottawa_citizen",
    domains=("ottawacitizen.com",),
    start_urls=("https://ottawacitizen.com/",),
    timezone="America/Toronto",
    country="ca",
    language="en",
    **theme.THEME,
    sitemaps=(
        "https://ottawacitizen.com/sitemap-news.xml",
        "https://ottawacitizen.com/sitemap-old.xml",
    ),
)
