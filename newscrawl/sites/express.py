"""express.co.uk: Daily Express (Reach plc, its own template)."""

from newscrawl.sites.definition import Links, SiteDefinition

SITE = SiteDefinition(
    name="express",
    domains=("express.co.uk",),
    start_urls=("https://www.express.co.uk/",),
    timezone="Europe/London",
    country="gb",
    language="en",
    links=Links(category="nav.main-navigation a[href^='/']",
                article="a[href*='/news/'][href*='/1'], a[href*='/showbiz/'][href*='/1']"),
    # The <h1> gets a "LIVE:" prefix on live blogs; og:title is the headline.
    fields={"title": "meta:og:title"},
    # Standfirst (header h3), the story and, on live blogs, each entry's head and text.
    body="#singleArticle article > header, #singleArticle .text-description:not(.dont-miss), "
         "#singleArticle .live-events__entry",
    body_exclude=("h1", ".panel", ".live-events__entry-info", ".photo", "[class*=ad-slot]",
                  "[id*=ad-]", "[class*=taboola]", "script", "style"),
    article_urls=r"^https://www\.express\.co\.uk/[a-z/-]+/\d{5,}/[A-Za-z0-9-]+/?$",
    sitemaps=("https://www.express.co.uk/googlenews.xml", "https://www.express.co.uk/sitemap.xml"),
)
