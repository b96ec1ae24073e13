"""Selectors of the Postmedia network's news theme (National Post, Financial Post, …)."""

from newscrawl.sites.definition import Links

LINKS = Links(
    category="nav.primary-nav a[href*='/category/']",
    article="a.article-card__link[href]",
)
# Article permalinks: /<section>[/<subsection>]/<slug> (category pages live under /category/).
ARTICLE_URLS = r"^https://[^/]+/(?!category/|author/|tag/)(?:[a-z0-9-]+/)+[a-z0-9-]{12,}/?$"
# The JSON-LD keywords: "Category: X" and "NLP Entity Tokens: X" give X; ids, host names,
# "NLP Category: …" machine labels and broad section names give nothing.
_SKIP = (
    r'NLP Category: [^"]*|[0-9a-f]{8}-[0-9a-f]{4}-[^"]*|[\w.-]+\.(?:com|ca)(?=")|'
    r'(?:(?:NLP Entity Tokens|Category): )?(?:Curated|News|Newsroom daily|story|Canada|World|'
    r'Politics|Business|Travel|Entertainment|General|Ottawa Sun)(?=")'
)
TAGS = (
    """(re:match(substring-before(substring-after(//script[@type="application/ld+json"]"""
    """[contains(., '"keywords"')], '"keywords"'), ']'), """
    f"""'"(?:{_SKIP}|(?:Category: |NLP Entity Tokens: )?([^"]+))"', "gi"))"""
)
FIELDS = {"tags": TAGS}
# The standfirst (beside the headline and byline), then the story sections.
BODY = (".article-header__detail__texts, .story-v2-article-header-main, "
        "section.article-content__content-group--story")
BODY_EXCLUDE = (
    "h1.article-title", ".article-meta", ".visually-hidden", "#disclaimer", "figure",
    ".article-content__ad-group", ".article-content__widget-group", ".more-topic",
    ".featured-video", ".featured-video__jw-strategy-title", ".embedded-video", ".oembed",
    # The author's address, the wire credit and the closing "bookmark us" promo.
    "p:contains('Email: ')", "p:contains('With reporting by')",
    "p:contains('Our website is')",
)
IMAGES = "section.article-content__content-group--story figure"

# What every site on this theme shares: `SiteDefinition(..., **THEME)`.
THEME = {
    "links": LINKS,
    "fields": FIELDS,
    "body": BODY,
    "body_exclude": BODY_EXCLUDE,
    "images": IMAGES,
    "article_urls": ARTICLE_URLS,
}
