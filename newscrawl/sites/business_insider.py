"""businessinsider.com: Business Insider."""

from newscrawl.sites.definition import Links, SiteDefinition

SITE = SiteDefinition(
    name="business_insider",
    domains=("businessinsider.com",),
    start_urls=("https://www.businessinsider.com/",),
    timezone="America/New_York",
    country="us",
    language="en",
    links=Links(category="a.accordion-link[href^='https://www.businessinsider.com/']"),
    fields={"title": "h1.headline::text"},
    body=".post-summary-bullets, .post-body-content",
    body_exclude=("figure", ".ad-callout-wrapper", ".in-post-sticky", ".related-posts"),
    article_urls=r"^https://www\.businessinsider\.com/[a-z0-9-]+-\d{4}-\d{1,2}(?:[?#]|$)",
    sitemaps=(
        "https://www.businessinsider.com/sitemap/google-news.xml",
        "https://www.businessinsider.com/sitemap/2024-01.xml",
    ),
)
