"""timesofindia.indiatimes.com: The Times of India (React, hashed class names)."""

from newscrawl.sites.definition import Links, SiteDefinition

SITE = SiteDefinition(
    name="times_of_india",
    domains=("timesofindia.indiatimes.com",),
    start_urls=("https://timesofindia.indiatimes.com/",),
    timezone="Asia/Kolkata",
    country="in",
    language="en",
    links=Links(
        category="nav a[href^='https://timesofindia.indiatimes.com/']",
        article="a[href*='/articleshow/']",
    ),
    # /<section>[/<city>]/slug/articleshow/NNNNNNNNN.cms
    article_urls=r"/articleshow/\d+\.cms$",
    # The keywords tag leads with per-city boilerplate ("Bhopal news", …); the
    # news_keywords tag holds the story's own keywords.
    fields={"tags": "meta:news_keywords"},
    split={"tags": ","},
    feeds=("https://timesofindia.indiatimes.com/rssfeedstopstories.cms",
           "https://timesofindia.indiatimes.com/rssfeedmostrecent.cms"),
    sitemaps=("https://timesofindia.indiatimes.com/sitemap/today",
              "https://timesofindia.indiatimes.com/sitemap/yesterday"),
)
