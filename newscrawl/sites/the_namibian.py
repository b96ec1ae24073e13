"""namibian.com.na: The Namibian (WordPress block theme)."""

from newscrawl.sites.definition import Links, SiteDefinition

SITE = SiteDefinition(
    name="the_namibian",
    domains=("namibian.com.na",),
    start_urls=("https://www.namibian.com.na/",),
    timezone="Africa/Windhoek",
    country="na",
    language="en",
    links=Links(
        category="ul.menu a[href*='/category/']",
        pagination="a.next.page-numbers, .wp-block-query-pagination-next",
        article="article.ps-relative a, .wpp-list a",
    ),
    # Posts sit at the root: /slug/
    article_urls=r"^https://www\.namibian\.com\.na/[a-z0-9-]+/?$",
    body=".entry-content.wp-block-post-content",
    # The subscription call-out, figures and a closing "additional reporting by" list.
    body_exclude=(".namps-single-cta", "figure", "script", "style",
                  ".entry-content > ul:nth-last-child(2)"),
    feeds=("https://www.namibian.com.na/feed/",),
    sitemaps=("https://namibian.com.na/sitemap_index.xml",),
)
