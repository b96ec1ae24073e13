"""theguardian.com: The Guardian."""

from newscrawl.sites.definition import Links, SiteDefinition

SITE = SiteDefinition(
    name="the_guardian",
    domains=("theguardian.com",),
    start_urls=("https://www.theguardian.com/",),
    timezone="Europe/London",
    country="gb",
    language="en",
    links=Links(category="a[data-link-name^='nav2 : subnav'], a[data-link-name^='nav3 : primary']",
                article="a[data-link-name='article'], a[data-link-name*='card-@']"),
    # The standfirst, then the body; inline figures hold media and newsletter sign-ups.
    body="[data-gu-name=standfirst], #maincontent",
    body_exclude=("figure", "aside", "gu-island", "script", "style"),
    article_urls=r"^https://www\.theguardian\.com/[a-z0-9/-]+/\d{4}/[a-z]{3}/\d{2}/[a-z0-9-]+$",
    sitemaps=("https://www.theguardian.com/sitemaps/news.xml",),
)
