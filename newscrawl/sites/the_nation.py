"""thenation.com: The Nation (WordPress blocks theme)."""

from newscrawl.sites.definition import Links, SiteDefinition

SITE = SiteDefinition(
    name="the_nation",
    domains=("thenation.com",),
    start_urls=("https://www.thenation.com/",),
    timezone="America/New_York",
    country="us",
    language="en",
    links=Links(
        category="a.menu__main-link[href^='https://www.thenation.com/'],"
                 " .footer-col__menu a[href^='https://www.thenation.com/']",
        article=".collections__card-content .title a, .story a[href*='/article/']",
    ),
    fields={"title": "h1.article-title__title::text",
            "category": ".article-title__label a::text"},
    # The header's dek opens the body; the rest of the header does not belong to it.
    body="article.blocks-wrapper",
    body_exclude=(".article-title__eyebrow", ".article-title__title", ".article-title__meta",
                  "aside", "figure", ".ad", ".current-issue", ".cta > .container",
                  ".popular-articles", ".expand-reduce", ".expand-reduce-casual",
                  ".article-end", ".connatix-player-footer", ".collections", "script"),
    article_urls=r"^https://www\.thenation\.com/article/[a-z0-9-]+/[a-z0-9-]+/?(?:[?#]|$)",
    sitemaps=("https://www.thenation.com/sitemap_index.xml",
              "https://www.thenation.com/news-sitemap.xml"),
)
