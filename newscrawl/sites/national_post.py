"""nationalpost.com: the National Post (Postmedia)."""

from newscrawl.sites import _postmedia as theme
from newscrawl.sites.definition import SiteDefinition

SITE = SiteDefinition(
    name="national_post",
    domains=("nationalpost.com",),
    start_urls=("https://nationalpost.com/",),
    timezone="America/Toronto",
    language="en",
    links=theme.LINKS,
    fields=theme.FIELDS,
    body=theme.BODY,
    body_exclude=theme.BODY_EXCLUDE,
    images=theme.IMAGES,
    article_urls=theme.ARTICLE_URLS,
    feeds=("https://nationalpost.com/feed",),
    sitemaps=(
        "https://nationalpost.com/sitemap-news.xml",
        "https://nationalpost.com/sitemap-old.xml",
    ),
)
