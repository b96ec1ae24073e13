"""dailymail.co.uk: Daily Mail / MailOnline."""

from newscrawl.sites.definition import Links, SiteDefinition

SITE = SiteDefinition(
    name="daily_mail",
    domains=("dailymail.co.uk",),
    start_urls=("https://www.dailymail.co.uk/home/index.html",),
    timezone="Europe/London",
    country="gb",
    language="en",
    links=Links(category="ul.nav-primary a, ul.nav-secondary a",
                article="a[href*='/article-'][href$='.html']"),
    # The <h1> is the long headline; og:title is the short headline.
    fields={"title": "meta:og:title", "tags": ".articleTopicsRow a::text"},
    body="#js-article-text [itemprop=articleBody]",
    # Image groups and embeds; bulleted lists in the body are kept (they are content).
    body_exclude=(".artSplitter", ".mol-img-group", ".mol-embed", ".mol-video",
                  ".related-carousel", "script", "style"),
    article_urls=r"^https://www\.dailymail\.co\.uk/[a-z]+(?:/[a-z]+)?/article-\d+/[^/]+\.html$",
    sitemaps=("https://www.dailymail.co.uk/google-news-sitemap.xml",
              "https://www.dailymail.co.uk/sitemap-articles-year~2026.xml"),
)
