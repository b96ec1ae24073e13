"""thegatewaypundit.com: The Gateway Pundit (WordPress)."""

from newscrawl.sites.definition import Links, SiteDefinition

SITE = SiteDefinition(
    name="the_gateway_pundit",
    domains=("thegatewaypundit.com",),
    start_urls=("https://www.thegatewaypundit.com/",),
    timezone="America/Chicago",
    country="us",
    language="en",
    links=Links(article=".wpp-list a[href*='/20']"),
    body=".entry-content",
    # "Read more:"/"Watch:" bold lines before embeds stay in (not expressible in CSS).
    body_exclude=(".speaker-mute", "blockquote", "figure", "iframe", ".post-poll", "script"),
    article_urls=r"^https://www\.thegatewaypundit\.com/\d{4}/\d{2}/[a-z0-9-]+/?(?:[?#]|$)",
    sitemaps=("https://www.thegatewaypundit.com/sitemap.xml",),
)
