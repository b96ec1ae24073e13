"""Extraction with a site definition's selectors, through the article loader."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from parsel import Selector, SelectorList

from newscrawl.cleaning import normalize_text
from newscrawl.extract.page import Page
from newscrawl.loaders import ArticleLoader
from newscrawl.sites.definition import SiteDefinition

# Elements whose text is one paragraph of a body: the innermost of these are taken,
# so a <blockquote><p> or <li><p> gives its paragraph once.
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dt", "dd")
_BLOCK_TEST = " or ".join(f"self::{tag}" for tag in _BLOCKS)
_LEAF_BLOCKS = f".//*[{_BLOCK_TEST}][not(.//*[{_BLOCK_TEST}])]"


def select(selector: Selector, query: str) -> list[str]:
    """Values of a CSS or XPath query; an element (no ``::text``/``::attr``) gives its full text."""
    found: SelectorList = (
        selector.xpath(query) if query.startswith(("/", "(")) else selector.css(query)
    )
    # Text and attribute results have a str root; elements give their whole text.
    return [item.get() if isinstance(item.root, str) else item.xpath("string()").get()
            for item in found]


def body_paragraphs(selector: Selector, container: str, exclude: tuple[str, ...]) -> list[str]:
    """Paragraph texts of the body container(s), minus excluded elements and their contents."""
    paragraphs = []
    for box in selector.css(container):
        # Elements themselves, not id()s: lxml proxies are recreated, and ids reused.
        excluded = {el.root for query in exclude for el in box.css(query)}
        for block in box.xpath(_LEAF_BLOCKS):
            if not _inside(block.root, excluded, box.root):
                paragraphs.append(block.xpath("string()").get())
    return paragraphs


def _inside(element: Any, excluded: set[Any], stop: Any) -> bool:
    while element is not None and element is not stop:
        if element in excluded:
            return True
        element = element.getparent()
    return False


def figures(page: Page, query: str) -> list[dict[str, str | None]]:
    """``{url, caption, credit}`` of each figure; the credit is the caption's ``*credit*`` part."""
    images = []
    for figure in page.selector.css(query):
        src = figure.css("img::attr(src), img::attr(data-src)").get()
        if not src:
            continue
        caption_box = figure.css("figcaption")
        credit = normalize_text(caption_box.css("[class*=credit]").xpath("string()").get())
        caption = normalize_text(caption_box.xpath("string()").get())
        if credit and caption.endswith(credit):
            caption = caption[: -len(credit)].rstrip()
        images.append(
            {"url": urljoin(page.url, src), "caption": caption or None, "credit": credit or None}
        )
    return images


def extract_with_site(page: Page, site: SiteDefinition) -> dict[str, Any]:
    loader = ArticleLoader(selector=page.selector)
    for field, query in site.fields.items():
        loader.add_value(field, select(page.selector, query))
    if site.body:
        loader.add_value("body", body_paragraphs(page.selector, site.body, site.body_exclude))
    if site.images:
        loader.add_value("images", figures(page, site.images))
    return loader.load_item()
