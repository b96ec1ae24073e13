"""cnbc.com: CNBC business news."""

from newscrawl.sites.definition import Links, SiteDefinition

SITE = SiteDefinition(
    name="cnbc",
    domains=("cnbc.com",),
    start_urls=("https://www.cnbc.com/",),
    timezone="America/New_York",
    country="us",
    language="en",
    links=Links(
        category="a.nav-menu-button, a.nav-menu-subLink",
        article="a.Card-title[href*='.html']",
    ),
    # JSON-LD keywords add CMS labels ("cnbc", "Articles"); the editors' tags are here.
    fields={"tags": "meta:news_keywords"},
    split={"tags": ","},
    body="div[data-module='ArticleBody']",
    body_exclude=("blockquote[data-test=Pullquote]", ".RelatedContent-relatedContent",
                  ".InlineImage-imageEmbed", ".HighlightShare-hidden", "figure"),
    article_urls=r"^https://www\.cnbc\.com/\d{4}/\d{2}/\d{2}/[a-z0-9-]+\.html(?:[?#]|$)",
    sitemaps=("https://www.cnbc.com/sitemapAll.xml", "https://www.cnbc.com/sitemap_news.xml"),
)
