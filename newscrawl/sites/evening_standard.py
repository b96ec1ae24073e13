"""standard.co.uk: The (London) Evening Standard."""

from newscrawl.sites.definition import Links, SiteDefinition

SITE = SiteDefinition(
    name="evening_standard",
    domains=("standard.co.uk",),
    start_urls=("https://www.standard.co.uk/",),
    timezone="Europe/London",
    country="gb",
    language="en",
    links=Links(category="header nav a[href^='/']",
                article="a[href^='/'][href$='.html'][href*='-b'], "
                "a[href^='https://www.standard.co.uk/'][href$='.html'][href*='-b']"),
    # The <h1> is the long headline; og:title is the short one.
    fields={"title": "meta:og:title"},
    body="#main",
    # Newsletter sign-up, related-article asides, ad slots and fact boxes (headed by an
    # arrow icon) sit between the paragraphs; captions are <div>s, not paragraphs. An
    # all-italic last paragraph is an editor's note ("X is out now").
    body_exclude=("form", "[data-island-hydrate-component=NewsletterSignup]", "aside",
                  "[class*=teads]", "#main > div:has(span[aria-label=Arrow])", "figure",
                  "#main > div:last-child p:has(> em:only-child)", "script", "style"),
    article_urls=r"^https://www\.standard\.co\.uk/[a-z0-9/-]+-b\d+\.html$",
    feeds=("https://www.standard.co.uk/rss",),
    sitemaps=("https://www.standard.co.uk/sitemap.xml",),
)
