"""Selectors of the SmartMag-style WordPress news theme, shared by the sites built on it."""

from newscrawl.sites.definition import Links

LINKS = Links(
    category="nav.navigation-main .menu a[href*='/category/']",
    pagination=".main-pagination a.next",
    article=".loop .l-post .post-title a",
    date=".loop .l-post time::attr(datetime)",
)
# WordPress permalinks: /YYYY/MM/DD/slug/
ARTICLE_URLS = r"/\d{4}/\d{2}/\d{2}/[^/?#]+/?$"
FIELDS = {
    "url": "link[rel=canonical]::attr(href)",
    "title": "h1.post-title::text",
    "authors": ".the-post-header .post-author a::text",
    "published": ".the-post-header time.post-date::attr(datetime)",
    "modified": ".the-post-header time.updated::attr(datetime)",
    "category": ".the-post-header .cat-labels a::text",
    "tags": ".the-post-tags a[rel=tag]::text",
    "summary": "meta[name=description]::attr(content)",
    "language": "html::attr(lang)",
    "reading_time": ".the-post-header .read-time::text",
}
BODY = ".the-post .entry-content"
BODY_EXCLUDE = ("figure", ".inline-newsletter", ".post-share", "script", "style")
IMAGES = ".the-post .entry-content figure"

# What every site on this theme shares: `SiteDefinition(..., **THEME)`.
THEME = {
    "links": LINKS,
    "fields": FIELDS,
    "body": BODY,
    "body_exclude": BODY_EXCLUDE,
    "images": IMAGES,
    "article_urls": ARTICLE_URLS,
}
