"""A fast body extractor on the shared tree: find the densest text container, then take
its paragraphs minus boilerplate blocks. No copy of the tree, no second parse."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from lxml import etree

from newscrawl.cleaning import is_boilerplate_line, normalize_text
from newscrawl.extract.page import Page

_PARAGRAPHS = etree.XPath("//body//p | //body//pre | //body//blockquote[not(.//p)]")
_BLOCK_TAGS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")
_BLOCK_TEST = " or ".join(f"self::{tag}" for tag in _BLOCK_TAGS)
_LEAF_BLOCKS = etree.XPath(f".//*[{_BLOCK_TEST}][not(.//*[{_BLOCK_TEST}])]")
_SKIP_TAGS = {"figure", "figcaption", "aside", "nav", "footer", "header", "form", "script",
              "style", "noscript", "button", "select", "iframe", "svg", "template"}
# Class or id words of page furniture inside or around article text.
_BOILERPLATE_HINT = re.compile(
    r"share|sharing|social|related|recommend|comment|respond|newsletter|subscribe|signup|"
    r"sidebar|widget|promo|advert|\bads?\b|sponsor|tags?\b|byline|author-?(?:bio|box|info)|"
    r"caption|breadcrumb|more-(?:stories|articles)|read-?more|popular|trending|toolbar|"
    r"post-meta|entry-meta|meta-items|newsletter|paywall|cookie|modal|footer|header|nav",
    re.I,
)
_POSITIVE_HINT = re.compile(r"article|entry-content|post-content|story|main|body|content|text",
                            re.I)


def _hint(element: Any) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}"


def _text(element: Any) -> str:
    return normalize_text(element.xpath("string()"))


def _best_container(root: Any) -> Any | None:
    """The element that holds most paragraph text (parents full, grandparents half)."""
    scores: dict[Any, float] = defaultdict(float)
    for paragraph in _PARAGRAPHS(root):
        length = len(_text(paragraph))
        if length < 25:
            continue
        parent = paragraph.getparent()
        if parent is None:
            continue
        scores[parent] += length
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] += length / 2
    if not scores:
        return None
    for element in scores:
        hint = _hint(element)
        if _POSITIVE_HINT.search(hint):
            scores[element] *= 1.25
        if _BOILERPLATE_HINT.search(hint):
            scores[element] *= 0.5
    return max(scores, key=scores.__getitem__)


def _excluded(element: Any, stop: Any) -> bool:
    while element is not None and element is not stop:
        if not isinstance(element.tag, str) or element.tag in _SKIP_TAGS:
            return True
        if _BOILERPLATE_HINT.search(_hint(element)):
            return True
        element = element.getparent()
    return False


def _link_density(element: Any, text: str) -> float:
    linked = sum(len(normalize_text(a.xpath("string()"))) for a in element.iter("a"))
    return linked / max(len(text), 1)


def container_body(page: Page) -> str:
    """Body text: paragraphs separated by one blank line; "" when no container is found."""
    root = page.selector.root
    box = _best_container(root)
    if box is None:
        return ""
    paragraphs = []
    for block in _LEAF_BLOCKS(box):
        if _excluded(block, box):
            continue
        text = _text(block)
        if not text or is_boilerplate_line(text):
            continue
        if block.tag == "li" and _link_density(block, text) > 0.5:
            continue  # lists of links are navigation, not article text
        paragraphs.append(text)
    return "\n\n".join(paragraphs)


def benchmark_body(html: str, url: str) -> str:
    """``body_eval.py`` entry point."""
    return container_body(Page.from_html(html, url))
