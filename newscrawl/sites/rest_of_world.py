"""restofworld.org: Rest of World, tech journalism beyond the West (WordPress)."""

from newscrawl.sites.definition import Links, SiteDefinition

SITE = SiteDefinition(
    name="rest_of_world",
    domains=("restofworld.org",),
    start_urls=("https://restofworld.org/",),
    timezone="America/New_York",
    country="us",
    language="en",
    links=Links(
        category=".nav-menu--grid .menu__item a",
        article="a.recirc-story__link",
    ),
    fields={"category": ".masthead-eyebrow .story-section a::text"},
    # The dek (standfirst) in the header opens the body; photo conveyors are captions.
    body=".post-header__text, .post-content",
    body_exclude=(".post-header__text__section", ".post-header__text__title", "figure",
                  ".conveyor", "script"),
    article_urls=r"^https://restofworld\.org/\d{4}/[a-z0-9-]+/?(?:[?#]|$)",
    feeds=("https://restofworld.org/feed/latest/",),
    sitemaps=("https://restofworld.org/sitemap.xml",),
)
