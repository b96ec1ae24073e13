"""euronews.com: Euronews, English edition."""

from newscrawl.sites.definition import Links, SiteDefinition

SITE = SiteDefinition(
    name="euronews_en",
    domains=("euronews.com",),
    start_urls=("https://www.euronews.com/",),
    timezone="Europe/Paris",
    country="fr",
    language="en",
    links=Links(category="a.c-navigation-bar__link", article="a.the-media-object__link"),
    fields={"category": "a.c-article-breadcrumbs__link.active::text"},
    # The summary (h2.c-article-summary) opens the body; the header sits in the same box.
    body="div:has(> h2.c-article-summary)",
    body_exclude=(".o-article-newsy__contributors-publication-date", ".connatix-container",
                  ".c-article-partage-commentaire", ".c-article-you-might-also-like",
                  ".c-article-partage-commentaire-popup-overlay", ".widget--type-image",
                  ".c-article-content ~ div", "a.accessibility-bar__goto", "figure", "script"),
    article_urls=r"^https://www\.euronews\.com/(?:[a-z-]+/)*\d{4}/\d{2}/\d{2}/[a-z0-9-]+(?:[?#]|$)",
    sitemaps=("https://www.euronews.com/sitemaps/en/articles.xml",
              "https://www.euronews.com/sitemaps/en/latest-news.xml"),
)
