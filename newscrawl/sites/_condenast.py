"""Selectors of Condé Nast's article template (The New Yorker, Wired)."""

from newscrawl.sites.definition import Links

LINKS = Links(
    category="nav a[href^='/']",
    article="a[class*=SummaryItemHedLink][href]",
)
# The meta keywords are the editors' tags; the JSON-LD keywords add the rubric and
# template labels ("splitscreenimagerightinset", "web").
FIELDS = {"tags": "meta:keywords"}
SPLIT = {"tags": ","}
BODY = ".body__inner-container"
BODY_EXCLUDE = (
    "figure", "aside", ".ad", ".inline-recirc-wrapper",
    # Lists (buying guides' tables of contents and spec sheets), product cards, the
    # affiliate note and the h3/h4 run-in heads: the body is the prose and its h2 heads.
    "ol", "ul", "[class*=CalloutFeature]", ".blockquote-embed", ".heading-h3", ".heading-h4",
    "script", "style",
)
IMAGES = ".body__inner-container figure"

# What every site on this theme shares: `SiteDefinition(..., **THEME)`.
THEME = {
    "links": LINKS,
    "fields": FIELDS,
    "split": SPLIT,
    "body": BODY,
    "body_exclude": BODY_EXCLUDE,
    "images": IMAGES,
}
