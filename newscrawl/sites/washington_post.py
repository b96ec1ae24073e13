"""washingtonpost.com: The Washington Post."""

from newscrawl.sites.definition import Links, SiteDefinition

SITE = SiteDefinition(
    name="washington_post",
    domains=("washingtonpost.com",),
    start_urls=("https://www.washingtonpost.com/",),
    timezone="America/New_York",
    country="us",
    language="en",
    links=Links(
        category="nav a[href^='https://www.washingtonpost.com/']",
        article="a[data-pb-local-content-field=web_headline][href]",
    ),
    # The dek (in the header, beside the headline), then the article-body blocks.
    body="header[data-qa=main-full], div[data-qa=article-body]",
    body_exclude=("h1", "[data-qa=author-byline]", ".article-body-ad", ".article-image",
                  "blockquote.twitter-tweet", "figure", ".hide-for-print", "script", "style"),
    article_urls=r"^https://www\.washingtonpost\.com/(?:[a-z0-9-]+/)+\d{4}/\d{2}/\d{2}/[^/]+/?$",
    feeds=("https://feeds.washingtonpost.com/rss/world",
           "https://feeds.washingtonpost.com/rss/national"),
    sitemaps=("https://www.washingtonpost.com/sitemaps/sitemap.xml.gz",
              "https://www.washingtonpost.com/sitemaps/news-sitemap.xml.gz"),
)
