"""reuters.com: Reuters."""

from newscrawl.sites.definition import Links, SiteDefinition

SITE = SiteDefinition(
    name="reuters",
    domains=("reuters.com",),
    start_urls=("https://www.reuters.com/",),
    timezone="UTC",
    country="gb",
    language="en",
    links=Links(category="nav[aria-label='Main navigation'] a[href^='/']",
                article="a[data-testid=Heading][href*='-20'], a[data-testid=Title][href*='-20']"),
    # Topics: the sub-channel, then the channel list ("World;Media & Telecom;…"); the
    # JSON-LD keywords are internal codes (MTVID, EREP…).
    fields={"tags": "//meta[@name='analyticsAttributes.topicSubChannel' or "
                    "@name='DCSext.ChannelList']/@content"},
    split={"tags": ";"},
    # Paragraphs are <div data-testid=paragraph-N>; links end in a clipped ", opens new tab".
    body="[data-testid=ArticleBody]",
    paragraphs="[data-testid^=paragraph-], h2[data-testid=Heading], h3[data-testid=Heading]",
    body_exclude=("span[style*='clip']",),
    article_urls=r"^https://www\.reuters\.com/[a-z-]+/(?:[a-z-]+/)*[a-z0-9-]+-\d{4}-\d{2}-\d{2}/?$",
    sitemaps=("https://www.reuters.com/arc/outboundfeeds/sitemap-index/?outputType=xml",
              "https://www.reuters.com/arc/outboundfeeds/news-sitemap-index/?outputType=xml"),
)
