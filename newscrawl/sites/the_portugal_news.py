"""theportugalnews.com: The Portugal News (English-language weekly, own CMS)."""

from newscrawl.sites.definition import Links, SiteDefinition

SITE = SiteDefinition(
    name="the_portugal_news",
    domains=("theportugalnews.com",),
    start_urls=("https://www.theportugalnews.com/",),
    timezone="Europe/Lisbon",
    country="pt",
    language="en",
    links=Links(
        category="ul.navbar-nav a[href^='/news/'], ul.dropdown-menu a[href^='/news/']",
        pagination="ul.pagination a[rel=next]",
        article="article.columns-xs a[href*='/news/20'], .col-4 a[href*='/news/20']",
    ),
    # /news/YYYY-MM-DD/slug/NNNNN
    article_urls=r"/news/\d{4}-\d{2}-\d{2}/[a-z0-9-]+/\d+/?$",
    # The byline is bare text: "By TPN, in <sections> · <date>".
    fields={"authors": "(substring-before(substring-after(//article[contains(@class, 'full')]"
                       "//p[contains(@class, 'text-sm')]/text()[1], 'By '), ','))"},
    # The standfirst, then the text; ad slots are ".pub".
    body="article.full .fs-4.font-semibold, article.full .article-body",
    body_exclude=(".pub", "figure", "script", "style"),
    sitemaps=("https://www.theportugalnews.com/sitemap-news.xml",),
)
