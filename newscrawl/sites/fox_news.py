"""foxnews.com: Fox News."""

from newscrawl.sites.definition import Links, SiteDefinition

_FEEDS = "https://moxie.foxnews.com/google-publisher/{}.xml"

SITE = SiteDefinition(
    name="fox_news",
    domains=("foxnews.com",),
    start_urls=("https://www.foxnews.com/",),
    timezone="America/New_York",
    country="us",
    language="en",
    links=Links(category=".primary-nav a, .nav-item a", article=".info-header .title a"),
    fields={"tags": "meta:classification-tags"},
    split={"tags": ","},
    body=".article-body",
    # Bold all-caps link paragraphs ("CLICK HERE TO GET THE FOX NEWS APP") are promos.
    body_exclude=(".image-ct", ".video-ct", ".ad-container", ".author-bio", "figure",
                  "p:has(> a:only-child > strong)"),
    article_urls=r"^https://www\.foxnews\.com/(?!category/|video/)[a-z-]+/[a-z0-9-]{12,}(?:[?#]|$)",
    feeds=tuple(_FEEDS.format(name) for name in (
        "latest", "world", "politics", "us", "travel", "opinion", "tech", "science", "health")),
    sitemaps=("https://www.foxnews.com/sitemap.xml",
              "https://www.foxnews.com/sitemap.xml?type=news"),
)
