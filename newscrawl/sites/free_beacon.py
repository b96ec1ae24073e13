"""freebeacon.com: The Washington Free Beacon (WordPress)."""

from newscrawl.sites.definition import Links, SiteDefinition

SITE = SiteDefinition(
    name="free_beacon",
    domains=("freebeacon.com",),
    start_urls=("https://freebeacon.com/",),
    timezone="America/New_York",
    country="us",
    language="en",
    links=Links(
        category=".nav-menu .menu-item-object-category a",
        article="a.nav-post",
    ),
    # The standfirst (h2.article-excerpt) opens the body.
    body="div:has(> h2.article-excerpt), .article-content",
    body_exclude=(".tag-list", ".inline-ad-wrapper", ".in-article-ad-wrapper", "figure",
                  ".wp-caption", "script", "style"),
    article_urls=r"^https://freebeacon\.com/(?!tag/|category/|author/)[a-z0-9-]+/[a-z0-9-]+/?(?:[?#]|$)",
    sitemaps=("https://freebeacon.com/wp-sitemap.xml",),
)
