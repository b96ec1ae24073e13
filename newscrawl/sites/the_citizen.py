"""citizen.co.za: The Citizen (South Africa, WordPress)."""

from newscrawl.sites.definition import Links, SiteDefinition

SITE = SiteDefinition(
    name="the_citizen",
    domains=("citizen.co.za",),
    start_urls=("https://www.citizen.co.za/",),
    timezone="Africa/Johannesburg",
    country="za",
    language="en",
    links=Links(
        category=".main-header ul.menu a[href^='https://www.citizen.co.za/']",
        pagination="a.next.page-numbers",
        article="span.title a, .card article h2 a[href*='citizen.co.za']",
    ),
    # /<section>[/<subsection>]/slug/
    article_urls=r"^https://www\.citizen\.co\.za/(?!tag/|author/)[a-z0-9-]+/(?:[a-z0-9-]+/)?[a-z0-9-]+/?$",
    # The standfirst, then the text.
    body=".single-content-wrapper > .single-excerpt, .single-content-wrapper > .single-content",
    body_exclude=(".read-more-posts-container", ".related-posts-container",
                  "[id^=google-ad]", "script", "style",
                  "p > strong:only-child"),  # "ALSO READ: <link>" lines
    sitemaps=("https://www.citizen.co.za/sitemap_index.xml",),
)
