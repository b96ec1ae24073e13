"""Extraction with a site definition's selectors, through the article loader."""

from __future__ import annotations

from typing import Any

from lxml import etree
from parsel import Selector

from newscrawl.extract.images import figure_images
from newscrawl.extract.page import Page
from newscrawl.loaders import ArticleLoader
from newscrawl.query import Scopes, run_query, run_scoped
from newscrawl.sites.definition import SiteDefinition

# Elements whose text is one paragraph of a body: the innermost of these are taken,
# so a <blockquote><p> or <li><p> gives its paragraph once.
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dt", "dd")
_BLOCK_TEST = " or ".join(f"self::{tag}" for tag in _BLOCKS)
_LEAF_BLOCKS = etree.XPath(f".//*[{_BLOCK_TEST}][not(.//*[{_BLOCK_TEST}])]")
_PROSE_TEXT = etree.XPath(".//text()[not(ancestor::script or ancestor::style)]")
_STRING = etree.XPath("string()")


def select(page: Page, query: str, scopes: Scopes | None = None) -> list[str]:
    """Values of one field query on a page.

    ``jsonld:<key>[.<key>…]`` reads the page's JSON-LD article object, ``meta:<name>``
    a ``<meta>`` tag's content; anything else is CSS (``::text``/``::attr(x)`` allowed)
    or XPath (starting ``/`` or ``(``), and an element gives its full text. ``scopes``:
    the elements of the queries' common starts, kept for one page (``run_scoped``).
    """
    if query.startswith("jsonld:"):
        return _jsonld_values(page.metadata.article, query.removeprefix("jsonld:").split("."))
    if query.startswith("meta:"):
        return page.metadata.meta.get(query.removeprefix("meta:").lower(), [])
    # Text and attribute results are strings; elements give their whole text.
    root = page.selector.root
    found = run_query(root, query) if scopes is None else run_scoped(root, query, scopes)
    return [item if isinstance(item, str) else _STRING(item) for item in found]


def _jsonld_values(node: Any, path: list[str]) -> list[str]:
    """Strings at ``path`` under a JSON-LD node; lists are walked, objects give their name."""
    if isinstance(node, list):
        return [value for item in node for value in _jsonld_values(item, path)]
    if path:
        return _jsonld_values(node.get(path[0]), path[1:]) if isinstance(node, dict) else []
    if isinstance(node, dict):
        node = node.get("name") or node.get("@value")
    return [str(node)] if isinstance(node, str | int | float) and node != "" else []


def body_paragraphs(selector: Selector, container: str, exclude: tuple[str, ...],
                    paragraphs_query: str | None = None,
                    scopes: Scopes | None = None) -> list[str]:
    """Paragraph texts of the body container(s), minus excluded elements and their contents.

    Paragraphs are the innermost ``p``, heading, list item and quote elements, or what
    ``paragraphs_query`` selects (sites whose paragraphs are ``<div>``s).
    Text inside ``<script>``/``<style>`` or an excluded element is left out even when it
    sits inside a paragraph.
    """
    paragraphs = []
    boxes = run_scoped(selector.root, container, scopes if scopes is not None else {})
    for box in boxes:
        # Elements themselves, not id()s: lxml proxies are recreated, and ids reused.
        excluded = {el for query in exclude for el in run_query(box, query)}
        # The elements with an excluded element inside: only their texts need the check
        # against ``excluded`` (most paragraphs have none).
        holding = _ancestors(excluded, box)
        blocks = run_query(box, paragraphs_query) if paragraphs_query else _LEAF_BLOCKS(box)
        for block in blocks:
            if _inside(block, excluded, box):
                continue
            texts = _PROSE_TEXT(block)
            if block in holding:
                texts = [text for text in texts if not _inside(_owner(text), excluded, block)]
            # A <br> separates words: its tail starts after a space.
            paragraphs.append("".join(
                f" {text}" if text.is_tail and text.getparent().tag == "br" else text
                for text in texts))
    return paragraphs


def _ancestors(elements: set[Any], stop: Any) -> set[Any]:
    """Every ancestor of ``elements`` below ``stop``."""
    found: set[Any] = set()
    for element in elements:
        parent = element.getparent()
        while parent is not None and parent is not stop and parent not in found:
            found.add(parent)
            parent = parent.getparent()
    return found


def _owner(text: Any) -> Any:
    """The element a text node belongs to: a tail belongs to its element's parent."""
    parent = text.getparent()
    return parent.getparent() if text.is_tail else parent


def _inside(element: Any, excluded: set[Any], stop: Any) -> bool:
    while element is not None and element is not stop:
        if element in excluded:
            return True
        element = element.getparent()
    return False


def extract_with_site(page: Page, site: SiteDefinition) -> dict[str, Any]:
    loader = ArticleLoader(selector=page.selector)
    scopes: Scopes = {}  # the queries' common starts, found once on this page
    for field, query in site.fields.items():
        values = select(page, query, scopes)
        if separator := site.split.get(field):
            values = [part for value in values for part in value.split(separator)]
        loader.add_value(field, values)
    if site.body:
        loader.add_value("body", body_paragraphs(page.selector, site.body, site.body_exclude,
                                                 site.paragraphs, scopes))
    if site.images:
        loader.add_value("images", figure_images(
            run_scoped(page.selector.root, site.images, scopes), page.url))
    return loader.load_item()
