"""bbc.co.uk / bbc.com: BBC News."""

from newscrawl.sites.definition import Links, SiteDefinition

SITE = SiteDefinition(
    name="bbc",
    domains=("bbc.co.uk", "bbc.com"),
    start_urls=("https://www.bbc.co.uk/news",),
    timezone="Europe/London",
    country="gb",
    language="en",
    links=Links(
        category="#main-navigation-container a[href^='/']",
        article="a[data-testid='internal-link'][href*='/articles/'], "
                "a[data-testid='external-anchor'][href*='/articles/']",
    ),
    fields={"tags": "[data-component='tag-list-block'] a::text"},
    # Article pages are a run of blocks: text, subheadlines, images, link cards, tags.
    body="article [data-component='text-block'], article [data-component='subheadline-block']",
    body_exclude=("figure", "script", "style"),
    article_urls=r"^https://www\.bbc\.(?:co\.uk|com)/news/(?:articles/[a-z0-9]+|[a-z_-]+-\d{6,})/?$",
    sitemaps=("https://www.bbc.co.uk/sitemaps/https-index-uk-news.xml",
              "https://www.bbc.co.uk/sitemaps/https-index-com-archive.xml"),
)
