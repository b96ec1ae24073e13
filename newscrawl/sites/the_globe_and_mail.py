"""theglobeandmail.com: The Globe and Mail, Toronto (Arc XP)."""

from newscrawl.sites.definition import Links, SiteDefinition

SITE = SiteDefinition(
    name="the_globe_and_mail",
    domains=("theglobeandmail.com",),
    start_urls=("https://www.theglobeandmail.com/",),
    timezone="America/Toronto",
    country="ca",
    language="en",
    links=Links(category="nav a[href^='/']", article="a[href*='/article-']"),
    # article:tag holds the section; the keywords minus the "newsletter" labels are the tags.
    fields={"tags": """(re:match(//meta[@name="keywords"]/@content,
        "(?:^|,)\\s*(?![^,]*news)([^,]+)", "gi"))"""},
    body="article.l-article",
    body_exclude=("figure", ".c-ad--base", ".rawHtml", ".c-article-body__subheading-v2--level6",
                  "article > div:first-child", "script", "style"),
    article_urls=r"^https://www\.theglobeandmail\.com/(?:[a-z0-9-]+/)+article-[a-z0-9-]+/?$",
    sitemaps=(
        "https://www.theglobeandmail.com/arc/outboundfeeds/news-sitemap-index/?outputType=xml",
        "https://www.theglobeandmail.com/arc/outboundfeeds/sitemap-index/?outputType=xml",
    ),
)
