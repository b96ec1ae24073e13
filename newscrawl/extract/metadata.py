"""Page metadata from the shared tree: JSON-LD, microdata, OpenGraph and ``<meta>`` tags.

Nothing here may raise on bad markup: a malformed JSON-LD block is skipped, the others
are still read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache, cached_property
from typing import Any

import jstyleson
from lxml import etree

ARTICLE_TYPES = frozenset({
    "Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle",
    "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle", "LiveBlogPosting",
    "TechArticle", "ScholarlyArticle", "SatiricalArticle", "Report", "Review", "Posting",
    "SocialMediaPosting", "DiscussionForumPosting",
})
# Keys under which one JSON-LD object embeds the page's main object.
_EMBEDDING_KEYS = ("@graph", "mainEntity", "mainEntityOfPage")

# Tests on the type attributes, not on every script element: twice as fast.
_JSONLD_SCRIPTS = etree.XPath(
    "//script/@type[contains(translate(., 'LDJSON', 'ldjson'), 'ld+json')]/parent::*")
_META_TAGS = etree.XPath("//meta[@content]")
_MICRODATA_ARTICLE = etree.XPath(
    "//*/@itemtype[contains(., 'Article') or contains(., 'BlogPosting')]/parent::*[@itemscope]")


@cache
def _microdata_extractor() -> Any:
    # Imported on first use: extruct imports every syntax it reads (a tenth of a second
    # of every crawl's start), and only pages with a microdata article need it.
    from extruct.w3cmicrodata import MicrodataExtractor

    return MicrodataExtractor()


def parse_json(text: str) -> Any:
    """One JSON-LD block; ``None`` when it is not JSON even with comments stripped.

    Pages wrap blocks in HTML comments or CDATA, or leave trailing commas and raw
    newlines in strings: ``strict=False`` and jstyleson cope with those.
    """
    text = text.strip().removeprefix("<!--").removesuffix("-->").strip()
    text = text.removeprefix("//<![CDATA[").removesuffix("//]]>").strip().rstrip(";")
    try:
        return json.loads(text, strict=False)
    except (ValueError, RecursionError):
        pass
    try:
        return jstyleson.loads(text, strict=False)
    except Exception:  # jstyleson raises anything on garbage
        return None


def type_names(node: dict[str, Any]) -> set[str]:
    """``@type`` as bare names: ``"schema:NewsArticle"`` and schema.org URLs included."""
    kinds = node.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return {kind.rsplit("/", 1)[-1].rsplit(":", 1)[-1] for kind in kinds if isinstance(kind, str)}


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    """Every object of a block: list items, ``@graph`` members and embedded main entities,
    in document order (iterative: a hostile block can nest deeper than the stack)."""
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, list):
            pending.extend(reversed(item))
        elif isinstance(item, dict):
            yield item
            embedded = [item[key] for key in _EMBEDDING_KEYS
                        if isinstance(item.get(key), list | dict)]
            pending.extend(reversed(embedded))


def _merge(nodes: list[dict[str, Any]]) -> dict[str, Any]:
    """One object from several describing the same thing: the first non-empty value wins.

    Sites repeat their article object (one per plugin); a later copy fills what the
    first one left out.
    """
    merged: dict[str, Any] = {}
    for node in nodes:
        for key, value in node.items():
            if merged.get(key) in (None, "", [], {}):
                merged[key] = value
    return merged


class Metadata:
    """The metadata of one page, each kind parsed on first use."""

    def __init__(self, url: str, root: Any) -> None:
        # Not the page itself: the page caches this object, and a reference cycle would
        # keep the parsed tree alive until the next full garbage collection.
        self.url = url
        self.root = root

    @cached_property
    def jsonld_objects(self) -> list[dict[str, Any]]:
        objects = []
        for script in _JSONLD_SCRIPTS(self.root):
            objects.extend(_objects(parse_json(script.text or "")))
        return objects

    @cached_property
    def jsonld_ids(self) -> dict[str, dict[str, Any]]:
        """Objects by ``@id``: Yoast-style graphs refer to authors and publishers this way."""
        return {node["@id"]: node for node in self.jsonld_objects
                if isinstance(node.get("@id"), str) and len(node) > 1}

    @cached_property
    def article(self) -> dict[str, Any]:
        """The page's JSON-LD article object (duplicates merged); ``{}`` if none."""
        return _merge([node for node in self.jsonld_objects if type_names(node) & ARTICLE_TYPES])

    @property
    def claims_article(self) -> bool:
        """Whether the page says it is an article: a JSON-LD or microdata article object,
        ``og:type`` article or an ``article:published_time``."""
        return bool(self.article or "article" in self.meta.get("og:type", ())
                    or "article:published_time" in self.meta or self.microdata)

    @cached_property
    def webpage(self) -> dict[str, Any]:
        """A JSON-LD ``WebPage`` object: a fallback for pages without an article object."""
        return _merge([node for node in self.jsonld_objects if type_names(node) & {"WebPage"}])

    def resolve(self, value: Any) -> Any:
        """A ``{"@id": ...}`` reference replaced by the object it names, when the page has it."""
        if (isinstance(value, dict) and set(value) <= {"@id", "@type"}
                and isinstance(value.get("@id"), str)):  # an object or list names nothing
            return self.jsonld_ids.get(value["@id"], value)
        return value

    @cached_property
    def breadcrumb(self) -> list[tuple[str, str | None]]:
        """``(name, url)`` of the JSON-LD ``BreadcrumbList`` items, in order."""
        for node in self.jsonld_objects:
            if "BreadcrumbList" in type_names(node):
                return _crumbs(node.get("itemListElement"))
        return []

    @cached_property
    def microdata(self) -> dict[str, Any]:
        """The microdata article item's properties; ``{}`` if the page has none.

        extruct walks the whole tree, so it only runs when an article item exists.
        """
        if not _MICRODATA_ARTICLE(self.root):
            return {}
        extractor = _microdata_extractor()  # a missing extruct is no markup problem
        try:
            items = extractor.extract_items(self.root, self.url)
        except Exception:  # third-party parsing of arbitrary markup
            return {}
        for item in items:
            kinds = item.get("type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(isinstance(k, str) and k.rsplit("/", 1)[-1] in ARTICLE_TYPES for k in kinds):
                return item.get("properties", {})
        return {}

    @cached_property
    def meta(self) -> dict[str, list[str]]:
        """``<meta>`` contents by lower-cased ``property``/``name``/``itemprop``/``http-equiv``."""
        found: dict[str, list[str]] = {}
        for tag in _META_TAGS(self.root):
            content = tag.get("content", "").strip()
            key = (tag.get("property") or tag.get("name") or tag.get("itemprop")
                   or tag.get("http-equiv"))
            if content and key:
                found.setdefault(key.strip().lower(), []).append(content)
        return found

def _crumbs(items: Any) -> list[tuple[str, str | None]]:
    crumbs = []
    items = items if isinstance(items, list) else [items]
    ordered = sorted((i for i in items if isinstance(i, dict)), key=_position)
    for item in ordered:
        target = item.get("item")
        name = item.get("name") or (target.get("name") if isinstance(target, dict) else None)
        url = target.get("@id") if isinstance(target, dict) else target
        if isinstance(name, str) and name.strip():
            crumbs.append((name.strip(), url if isinstance(url, str) else None))
    return crumbs


def _position(item: dict[str, Any]) -> float:
    try:
        return float(item.get("position", 0))
    except (TypeError, ValueError):
        return 0.0
