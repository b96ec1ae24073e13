"""lestimes.com: Lesotho Times (WordPress, PenNews theme); bylines are a bold body line."""

from newscrawl.sites.definition import Links, SiteDefinition

SITE = SiteDefinition(
    name="lesotho_times",
    domains=("lestimes.com",),
    start_urls=("https://lestimes.com/",),
    timezone="Africa/Maseru",
    country="ls",
    language="en",
    links=Links(
        category="ul.menu a[href*='/category/']",
        pagination="a.next.page-numbers",
        article=".penci__post-title a, h4.entry-title a",
    ),
    article_urls=r"^https://lestimes\.com/[a-z0-9-]+/?$",
    # The WordPress author is the paper; the reporters are an all-bold line near the top
    # of the text: "First Reporter/Second Reporter".
    fields={"authors": "(//div[contains(@class, 'entry-content')]/p[position() <= 4]"
                       "[strong][normalize-space(.) = normalize-space(strong)])[1]"},
    split={"authors": "/"},
    body=".entry-content",  # minus the "A/B" byline line
    body_exclude=("p > strong:only-child:contains('/')", "figure", "script", "style"),
    sitemaps=("https://lestimes.com/sitemap_index.xml",),
)
