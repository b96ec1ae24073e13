"""thewest.com.au: The West Australian (React); the generic extractor suffices."""

from newscrawl.sites.definition import Links, SiteDefinition

SITE = SiteDefinition(
    name="west_australian",
    domains=("thewest.com.au",),
    start_urls=("https://thewest.com.au/",),
    timezone="Australia/Perth",
    country="au",
    language="en",
    links=Links(
        # Styled-components class names carry hashes; the stable part is "StyledList".
        category="ul[class*=StyledList] a[href^='/'], nav[class*=StyledTopicNav] a",
        article="a[href^='/'][href*='-c-']",
    ),
    # /<section>[/<subsection>]/slug-c-NNNNNNNN
    article_urls=r"^https://thewest\.com\.au/.+-c-\d+/?$",
    feeds=("https://thewest.com.au/rss",),
    sitemaps=("https://thewest.com.au/news-sitemap.xml", "https://thewest.com.au/sitemap.xml"),
)
