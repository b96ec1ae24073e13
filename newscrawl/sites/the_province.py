"""theprovince.com: The Province, Vancouver (Postmedia)."""

from newscrawl.sites import _postmedia as theme
from newscrawl.sites.definition import SiteDefinition

SITE = SiteDefinition(
    name="the_province",
    domains=("theprovince.com",),
    start_urls=("https://theprovince.com/",),
    timezone="America/Vancouver",
    language="en",
    links=theme.LINKS,
    fields=theme.FIELDS,
    body=theme.BODY,
    body_exclude=theme.BODY_EXCLUDE,
    images=theme.IMAGES,
    article_urls=theme.ARTICLE_URLS,
    feeds=("https://theprovince.com/feed",),
    sitemaps=(
        "https://theprovince.com/sitemap-news.xml",
        "https://theprovince.com/sitemap-old.xml",
    ),
)
