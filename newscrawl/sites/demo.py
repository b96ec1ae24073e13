"""The embedded demo news site (`python -m newscrawl.demo serve`)."""

from newscrawl.sites import _smartmag as theme
from newscrawl.sites.definition import SiteDefinition

SITE = SiteDefinition(
    name="demo",
    domains=("127.0.0.1", "localhost"),
    start_urls=("http://127.0.0.1:8000/",),
    timezone="America/New_York",
    **theme.THEME,
    feeds=("http://127.0.0.1:8000/feed/",),
    sitemaps=("http://127.0.0.1:8000/sitemap.xml",),
)
