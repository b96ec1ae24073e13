"""apnews.com: the Associated Press news site (Brightspot CMS)."""

from newscrawl.sites.definition import Links, SiteDefinition

SITE = SiteDefinition(
    name="ap_news",
    domains=("apnews.com",),
    start_urls=("https://apnews.com/",),
    timezone="America/New_York",
    country="us",
    language="en",
    links=Links(
        category="nav .HamburgerNavigationItem a[href^='https://apnews.com/']",
        article=".PagePromo-title a[href*='/article/']",
    ),
    fields={
        "title": "jsonld:headline",
        # The keywords minus the wire-routing ones ("PA State Wire", "AP Top News", "p").
        "tags": r"""(re:match(//meta[@name="keywords"]/@content,
            "(?:^|,\s*)(?![^,]*(?:state wire| news))([^,\s][^,]+)", "gi"))""",
    },
    body=".RichTextStoryBody",
    body_exclude=(".Infobox", "h2:contains('___')", "h2:contains('___') + p", "figure"),
    article_urls=r"^https://apnews\.com/article/[a-z0-9-]+-[0-9a-f]{32}(?:[?#]|$)",
    sitemaps=("https://apnews.com/sitemap.xml", "https://apnews.com/news-sitemap-content.xml"),
)
