"""Images of the article body: ``<figure>`` elements with their caption and credit."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from lxml import etree

from newscrawl.cleaning import normalize_text
from newscrawl.extract.page import absolute_url

_FIGURES = etree.XPath(".//figure")
_STRING = etree.XPath("string()")  # compiled once: ``element.xpath()`` compiles on every call
# Lazy-loading pages put the real image in data-* and a placeholder in src.
_IMAGE_SOURCES = ("data-src", "data-lazy-src", "data-original", "src")
_SRCSET_ATTRIBUTES = ("srcset", "data-srcset", "data-lazy-srcset")
_CREDIT = etree.XPath(
    ".//*/@class[contains(., 'credit') or contains(., 'copyright') or contains(., 'source')]"
    "/parent::*")
# A credit written into the caption text: "… Photo: Jane Doe" / "(Reuters)".
_CREDIT_SUFFIX = re.compile(
    r"\s*[(\[]?\s*(?:photo(?:graph)?|image|picture|credit|source|foto)s?\s*(?:by|:)\s*"
    r"([^()\[\]]+?)\s*[)\]]?\s*$", re.I)


def body_images(container: Any, base_url: str) -> list[dict[str, str | None]]:
    """``{url, caption, credit}`` of each ``<figure>`` with an image inside ``container``."""
    return figure_images(_FIGURES(container), base_url)


def figure_images(figures: Iterable[Any], base_url: str) -> list[dict[str, str | None]]:
    """``{url, caption, credit}`` of each figure element with an image, once each: the
    one rule for figures a site definition selects and figures the generic extractor finds.
    """
    images = []
    for figure in figures:
        url = _image_url(figure)
        url = absolute_url(base_url, url) if url else None
        if not url:
            continue
        caption, credit = _caption(figure)
        image = {"url": url, "caption": caption, "credit": credit}
        if image not in images:
            images.append(image)
    return images


def _image_url(figure: Any) -> str | None:
    """The largest rendition a srcset offers, else the first real ``src``-like URL.

    A figure can hold a placeholder ``<img src>`` before the real, srcset one.
    """
    images = list(figure.iter("img", "source"))
    for attribute in _SRCSET_ATTRIBUTES:
        for img in images:
            if largest := _largest(img.get(attribute) or ""):
                return largest
    for attribute in _IMAGE_SOURCES:
        for img in images:
            value = (img.get(attribute) or "").strip()
            if value and not value.startswith("data:"):
                return value
    return None


def _largest(srcset: str) -> str | None:
    """``"a.jpg 400w, b.jpg 800w"`` → ``"b.jpg"`` (``2x`` descriptors likewise)."""
    best, best_size = None, -1.0
    for candidate in srcset.split(","):
        parts = candidate.split()
        if not parts or parts[0].startswith("data:"):
            continue
        descriptor = parts[1] if len(parts) > 1 else "1x"
        try:
            size = float(descriptor[:-1])
        except ValueError:
            continue
        if size > best_size:
            best, best_size = parts[0], size
    return best


def _caption(figure: Any) -> tuple[str | None, str | None]:
    box = next(figure.iter("figcaption"), None)
    if box is None:
        return None, None
    caption = normalize_text(_STRING(box))
    credit_element = next(iter(_CREDIT(box)), None)
    credit = normalize_text(_STRING(credit_element)) if credit_element is not None else ""
    if credit and caption.endswith(credit):
        caption = caption[: -len(credit)].rstrip()
    elif not credit and (match := _CREDIT_SUFFIX.search(caption)):
        credit, caption = match.group(1), caption[: match.start()].rstrip()
    return caption or None, credit or None
