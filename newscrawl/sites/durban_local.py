"""durbanlocal.co.za: Durban Local (IOL's Next.js community-paper platform)."""

from newscrawl.sites.definition import Links, SiteDefinition

SITE = SiteDefinition(
    name="durban_local",
    domains=("durbanlocal.co.za",),
    start_urls=("https://www.durbanlocal.co.za/",),
    timezone="Africa/Johannesburg",
    country="za",
    language="en",
    links=Links(
        category="ul[class*=navigation_sections] a",
        article="a[href*='/20'][href$='/']",
    ),
    # /<section>/YYYY-MM-DD-slug/
    article_urls=r"/\d{4}-\d{2}-\d{2}-[a-z0-9-]+/?$",
    # The keywords meta tag is machine-made; article:tag holds the editors' tags.
    fields={"tags": "meta:article:tag"},
    # Text widgets only: the image widgets between them hold captions and credits.
    body="[class*=article-widgets] > [class*=text_text]",
    sitemaps=("https://durbanlocal.co.za/sitemap/",),
)
