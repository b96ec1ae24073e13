"""techradar.com: TechRadar (Future plc)."""

from newscrawl.sites.definition import Links, SiteDefinition

SITE = SiteDefinition(
    name="tech_radar",
    domains=("techradar.com",),
    start_urls=("https://www.techradar.com/",),
    timezone="Europe/London",
    country="gb",
    language="en",
    links=Links(category="nav.primary-nav a.meganav-item__link", article="a.article-link"),
    # The strapline (in the header's byline box), then the article body.
    body="div.news-article > header .byline-social, #article-body",
    body_exclude=(".ad-unit", "aside", ".slice-container", "figcaption", ".utility-bar",
                  ".tooltip-container",
                  "p:contains('Follow TechRadar on')", "script", "style"),
    article_urls=r"^https://www\.techradar\.com/(?:[a-z0-9-]+/)+[a-z0-9-]{12,}$",
    sitemaps=("https://www.techradar.com/sitemap.xml",
              "https://www.techradar.com/sitemap-news.xml"),
)
