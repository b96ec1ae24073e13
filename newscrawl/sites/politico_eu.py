"""politico.eu: Politico Europe."""

from newscrawl.sites.definition import Links, SiteDefinition

SITE = SiteDefinition(
    name="politico_eu",
    domains=("politico.eu",),
    start_urls=("https://www.politico.eu/",),
    timezone="Europe/Brussels",
    country="be",
    language="en",
    links=Links(category="nav.primary-nav a[href*='/section/'], nav.secondary-nav a[href*='/tag/']",
                article="a[href^='https://www.politico.eu/article/']"),
    # meta keywords lists every tag; the JSON-LD keywords only the lower-cased sections.
    fields={"tags": "meta:keywords"},
    split={"tags": ","},
    # The standfirst (hero excerpt), then the body's content blocks (split by ads).
    body="article .article__header .hero, article .article__content",
    body_exclude=("h1", ".hero__actions", ".hero__media", ".article-meta", "figure", "aside",
                  "script", "style"),
    article_urls=r"^https://www\.politico\.eu/article/[a-z0-9-]+/?(?:[?#]|$)",
    feeds=("https://www.politico.eu/feed/",),
    sitemaps=("https://www.politico.eu/sitemap.xml", "https://www.politico.eu/news-sitemap.xml"),
)
