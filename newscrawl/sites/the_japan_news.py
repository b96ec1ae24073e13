"""japannews.yomiuri.co.jp: The Japan News by the Yomiuri Shimbun (WordPress)."""

from newscrawl.sites.definition import Links, SiteDefinition

SITE = SiteDefinition(
    name="the_japan_news",
    domains=("japannews.yomiuri.co.jp",),
    start_urls=("https://japannews.yomiuri.co.jp/",),
    timezone="Asia/Tokyo",
    country="jp",
    language="en",
    links=Links(
        category=".global_menu a, #sub-menu a",
        article=".latestlist li a, .popularlist li a, .ranking li a",
    ),
    # /<section>/<subsection>/YYYYMMDD-NNNNNN/
    article_urls=r"/\d{8}-\d+/?$",
    # JSON-LD keywords carry an ordering prefix: "(1) 無料記事"; the XPath drops it.
    fields={"tags": "(substring-after(substring-before(substring-after(//script"
                    "[@type='application/ld+json'][contains(., '\"keywords\":\"(')],"
                    " '\"keywords\":\"('), '\"'), ') '))"},
    split={"tags": ","},
    sitemaps=("https://japannews.yomiuri.co.jp/sitemap.xml",
              "https://japannews.yomiuri.co.jp/sitemap-news.xml"),
)
