"""Selectors of Reach plc's article template (Daily Star, The Mirror)."""

from newscrawl.sites.definition import Links

LINKS = Links(category="#primary-header-nav a, nav[class*=Breadcrumb] a")
# Article paths end with the article's number: /news/latest-news/some-slug-37041208
ARTICLE_PATH = r"/(?:[a-z0-9-]+/)+[a-z0-9-]+-\d{6,}/?$"
# The standfirst (h2 lead text) and paragraphs of #article-body; ads, recommended-article
# boxes, image groups and the closing newsletter plug are not the story.
BODY = "article#article-body"
BODY_EXCLUDE = (
    "h1", "[data-testid=byline]", "[data-testid=image-group]", "button", "figure",
    "[class*=BoxStyles_box-container]", "p:has(a[href*=newsletter])", "script", "style",
)
# An image embed: <figure><img></figure> with its <figcaption> (title, credit) beside it.
IMAGES = "article#article-body [class*=ImageEmbed_image-embed]"

# What every site on this theme shares: `SiteDefinition(..., **THEME)`.
THEME = {
    "links": LINKS,
    "body": BODY,
    "body_exclude": BODY_EXCLUDE,
    "images": IMAGES,
}
