"""worldtruth.tv: World Truth TV (WordPress, Newspaper theme)."""

from newscrawl.sites.definition import Links, SiteDefinition

SITE = SiteDefinition(
    name="world_truth",
    domains=("worldtruth.tv",),
    start_urls=("https://worldtruth.tv/",),
    timezone="America/New_York",
    country="us",
    language="en",
    links=Links(
        category=".widget_archive a, .td-mobile-main-menu .sub-menu a",
        pagination=".page-nav a:has(.td-icon-menu-right)",
        article=".td-module-title a",
    ),
    # The microdata date carries a wrong offset; the OpenGraph one is right. No category
    # is shown: the post's first category class that is not a catch-all one ("health").
    fields={
        "published": "meta:article:published_time",
        "category": r"""(re:match(//article[contains(@class, 'type-post')]/@class,
            "\bcategory-(?!(?:blog|home|news|world-truth)(?:\s|$))([a-z0-9-]+)", "g"))""",
    },
    body=".td-post-content",
    body_exclude=(".td-g-rec", ".swp_social_panel", ".td_block_related_posts", "figure",
                  ".wp-caption", "script"),
    article_urls=r"^https://(?:www\.)?worldtruth\.tv/[a-z0-9-]+/?(?:[?#]|$)",
    feeds=("https://feeds.feedburner.com/ConsciousnessTv",),
)
