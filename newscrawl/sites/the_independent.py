"""independent.co.uk: The Independent."""

from newscrawl.sites.definition import Links, SiteDefinition

SITE = SiteDefinition(
    name="the_independent",
    domains=("independent.co.uk",),
    start_urls=("https://www.independent.co.uk/",),
    timezone="Europe/London",
    country="gb",
    language="en",
    links=Links(category="header nav a[href^='/'], nav.topics a",
                article="a[href^='/'][href$='.html'][href*='-b'], "
                "a[href^='https://www.independent.co.uk/'][href$='.html'][href*='-b']"),
    body="#main",
    # Newsletter sign-up, ad slots (data-mpu, teads), recommendation widgets and the
    # closing all-italic editor's note ("This is a breaking story...").
    body_exclude=("[data-component=Newsletter]", "form", "[data-mpu]", "[class*=teads]",
                  "[id*=taboola]", "aside", "figure", "#main > p:last-child:has(> em:only-child)",
                  "script", "style"),
    article_urls=r"^https://www\.independent\.co\.uk/[a-z0-9/-]+-b\d+\.html$",
    sitemaps=("https://www.independent.co.uk/sitemap.xml",
              "https://www.independent.co.uk/sitemaps/googlenews"),
)
