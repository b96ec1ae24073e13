"""A small reference reader of demo pages, written from the markup contract only.

The demo's ground truth must be what a correct crawler extracts: these tests read the
served HTML with plain selectors and compare, so truth and pages cannot drift apart.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from parsel import Selector

SOURCE_SUFFIX = re.compile(r"^(?P<title>.+) By (?P<source>Reuters|Bloomberg|AP)$")


def fetch(url: str) -> tuple[int, str]:
    """Status and text of a GET; 4xx/5xx answers are returned, not raised."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def flat(node: Selector) -> str:
    """A node's text as one line: inline markup flattened, whitespace collapsed."""
    return " ".join("".join(node.xpath(".//text()").getall()).split())


@dataclass(frozen=True)
class Selectors:
    """Where one theme keeps each field (CSS; None: read from JSON-LD or not shown)."""

    title: str
    authors: str
    published: str
    modified: str
    category: str
    tags: str
    body: str
    reading_time: str


FINANCE = Selectors(
    title=".the-post-header h1.post-title", authors=".the-post-header .post-author a",
    published=".the-post-header time.post-date::attr(datetime)",
    modified=".the-post-header time.updated::attr(datetime)",
    category=".the-post-header .cat-labels a", tags=".the-post-tags a[rel=tag]",
    body=".the-post .entry-content", reading_time=".the-post-header .read-time",
)


def body_paragraphs(container: Selector) -> list[str]:
    """Direct p/h2/h3 children, list items and quote paragraphs; figures and boxes skipped."""
    paragraphs: list[str] = []
    for child in container.xpath("./*"):
        tag = child.root.tag
        if tag in ("p", "h2", "h3"):
            paragraphs.append(flat(child))
        elif tag in ("ul", "ol"):
            paragraphs += [flat(item) for item in child.xpath("./li")]
        elif tag == "blockquote":
            paragraphs += [flat(p) for p in child.xpath("./p")]
    return [p for p in paragraphs if p]


def images(container: Selector, url: str) -> list[dict[str, Any]]:
    found = []
    for figure in container.css("figure"):
        caption = figure.css("figcaption")
        credit = caption.css(".credit")
        text = " ".join("".join(caption.xpath(
            "./text() | ./*[not(contains(@class, 'credit'))]//text()").getall()).split())
        found.append({"url": urljoin(url, figure.css("img::attr(src)").get()),
                      "caption": text or None, "credit": flat(credit[0]) if credit else None})
    return found


def read_article(html: str, url: str, selectors: Selectors = FINANCE) -> dict[str, Any]:
    """The item fields the truth describes, as read from the page."""
    page = Selector(html)
    display = flat(page.css(selectors.title)[0])
    match = SOURCE_SUFFIX.match(display)
    container = page.css(selectors.body)[0]
    body = "\n\n".join(body_paragraphs(container))
    minutes = re.search(r"(\d+) Mins? Read", flat(page.css(selectors.reading_time)[0]))
    category = page.css(selectors.category)
    return {
        "url": page.css("link[rel=canonical]::attr(href)").get(),
        "title": match["title"] if match else display,
        "authors": [flat(a) for a in page.css(selectors.authors)],
        "published": page.css(selectors.published).get(),
        "modified": page.css(selectors.modified).get(),
        "category": flat(category[0]) if category else None,
        "tags": [flat(a) for a in page.css(selectors.tags)],
        "summary": page.css("meta[name=description]::attr(content)").get(),
        "body": body,
        "images": images(container, url),
        "source": match["source"] if match else None,
        "language": (page.xpath("/html/@lang").get() or "")[:2] or None,
        "reading_time": int(minutes[1]) if minutes else None,
        "word_count": len(body.split()),
    }


BLOCK = Selectors(
    title="h1.wp-block-post-title", authors=".wp-block-post-author-name a",
    published=".wp-block-post-date:not(.wp-block-post-date__modified-date) time::attr(datetime)",
    modified=".wp-block-post-date__modified-date time::attr(datetime)",
    category=".taxonomy-category a", tags=".taxonomy-post_tag a[rel=tag]",
    body=".wp-block-post-content", reading_time=".wp-block-post-time-to-read",
)
NEWSPAPER = Selectors(
    title=".story-header h1.headline", authors=".story-header .byline a.author",
    published=".story-header time.published::attr(datetime)",
    modified=".story-header time.updated::attr(datetime)",
    category=".story-header a.kicker", tags=".story-topics a[rel=tag]",
    body=".story .story-body", reading_time=".story-header .read-time",
)
SELECTORS = {"finance": FINANCE, "block": BLOCK, "newspaper": NEWSPAPER}
# Where each theme's listings link their articles and their next page.
LISTINGS = {
    "finance": (".loop .l-post h2.post-title a::attr(href)", ".main-pagination a.next"),
    "block": (".wp-block-post-template .wp-block-post-title a::attr(href)",
              "a.wp-block-query-pagination-next"),
    "newspaper": (".story-list .story-card a.story-card__link::attr(href)", "a.load-more"),
}
MENUS = {"finance": "nav.navigation-main .menu a[href*='/category/']",
         "block": "nav.wp-block-navigation a[href*='/category/']",
         "newspaper": "nav.sections a[href*='/section/']"}
