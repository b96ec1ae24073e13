"""Generic extraction: any news page, no site definition. Metadata first (JSON-LD,
OpenGraph and ``<meta>``), then markup conventions, then a body extractor."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from extruct.jsonld import JsonLdExtractor

from newscrawl.cleaning import normalize_text
from newscrawl.extract.container import container_body
from newscrawl.extract.page import Page
from newscrawl.extract.site import figures

ARTICLE_TYPES = {"Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle",
                 "AnalysisNewsArticle", "OpinionNewsArticle", "LiveBlogPosting", "WebPage"}
_JSONLD = JsonLdExtractor()
_BULLET = re.compile(r"^\s*[-*•]\s+")
# A "2 Mins Read" / "5 min read" label anywhere in the page.
_READING_TIME = ("//body//text()[re:test(., '^\\s*\\d+\\s*min(ute)?s?\\s+read\\s*$', 'i')]")


def _nodes(data: Any) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object, ``@graph`` members and list items included."""
    if isinstance(data, list):
        for item in data:
            yield from _nodes(item)
    elif isinstance(data, dict):
        yield data
        yield from _nodes(data.get("@graph"))


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    return set(kind) if isinstance(kind, list) else {kind} if isinstance(kind, str) else set()


def jsonld_article(page: Page) -> dict[str, Any]:
    """The page's JSON-LD article object (an Article type before a plain WebPage); {} if none."""
    try:
        nodes = list(_nodes(_JSONLD.extract_items(page.selector.root)))
    except (ValueError, TypeError, json.JSONDecodeError):
        return {}
    ranked = [node for node in nodes if _types(node) & (ARTICLE_TYPES - {"WebPage"})]
    return ranked[0] if ranked else {}


def _names(value: Any, people_only: bool = True) -> list[str]:
    names = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict) and item.get("name"):
            if people_only and "Organization" in _types(item):
                continue  # organisations are not people
            names.append(str(item["name"]))
    return [normalize_text(name) for name in names if normalize_text(name)]


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list):
        return [normalize_text(str(item)) for item in value if item]
    return []


def _meta(page: Page, *keys: str) -> list[str]:
    values = []
    for key in keys:
        values += page.selector.css(
            f'meta[property="{key}"]::attr(content), meta[name="{key}"]::attr(content)'
        ).getall()
    return [value.strip() for value in values if value.strip()]


def _first(*candidates: tuple[Any, str]) -> tuple[Any, str] | None:
    for value, origin in candidates:
        if value not in (None, "", []):
            return value, origin
    return None


# Below this many words the densest container is probably not the whole article.
CONTAINER_MIN_WORDS = 150


def extract_body(page: Page) -> str:
    """The main text, paragraphs separated by one blank line.

    The container extractor (a few ms on the shared tree) first; trafilatura (a copy of
    the tree, ~15 ms) when that finds too little. Chosen on the shared benchmark: see
    docs/benchmarks.md.
    """
    text = container_body(page)
    if len(text.split()) >= CONTAINER_MIN_WORDS:
        return text
    return trafilatura_body(page)


def trafilatura_body(page: Page) -> str:
    import trafilatura  # imported on first use: it is only needed without a site body

    tree = copy.deepcopy(page.selector.root)
    text = trafilatura.extract(tree, url=page.url, include_comments=False,
                               include_tables=False, favor_precision=True)
    if not text:
        return ""
    # One paragraph per line; list items lose their "- " bullets: the body is plain text.
    lines = (_BULLET.sub("", line).strip() for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)


def _candidates(page: Page, ld: dict[str, Any]) -> dict[str, Callable[[], Any]]:
    """Per field, a function giving its (value, provenance) candidates in order of trust."""
    sel = page.selector

    def meta(key: str) -> str | None:
        return next(iter(_meta(page, key)), None)

    return {
        "url": lambda: [(sel.css("link[rel=canonical]::attr(href)").get(), "html"),
                        (meta("og:url"), "opengraph")],
        "title": lambda: [(ld.get("headline"), "jsonld"), (meta("og:title"), "opengraph"),
                          (sel.css("h1").xpath("string()").get(), "html")],
        "authors": lambda: [(_names(ld.get("author")), "jsonld"),
                            (_meta(page, "author", "article:author"), "meta"),
                            (sel.css("a[rel=author]").xpath("string()").getall(), "html")],
        "published": lambda: [(ld.get("datePublished"), "jsonld"),
                              (meta("article:published_time"), "meta"),
                              (sel.css("time::attr(datetime)").get(), "html")],
        "modified": lambda: [(ld.get("dateModified"), "jsonld"),
                             (meta("article:modified_time"), "meta")],
        "category": lambda: [(next(iter(_strings(ld.get("articleSection"))), None), "jsonld"),
                             (meta("article:section"), "meta")],
        "tags": lambda: [(_strings(ld.get("keywords")), "jsonld"),
                         (_meta(page, "article:tag"), "meta"),
                         (sel.css("a[rel=tag]").xpath("string()").getall(), "html")],
        "summary": lambda: [(ld.get("description"), "jsonld"), (meta("description"), "meta"),
                            (meta("og:description"), "opengraph")],
        "language": lambda: [(sel.xpath("/html/@lang").get(), "html"),
                             (ld.get("inLanguage"), "jsonld")],
        "body": lambda: [(extract_body(page), "body")],
        "images": lambda: [(figures(page, "article figure, main figure"), "html")],
        "reading_time": lambda: [(sel.xpath(_READING_TIME).get(), "html")],
    }


def extract_generic(page: Page, fields: Iterable[str] | None = None
                    ) -> dict[str, tuple[Any, str]]:
    """``{field: (value, provenance)}`` for the fields found (only those asked for, if given).

    Work is done per field asked: a site definition that gives the body never pays for
    the body extractor.
    """
    candidates = _candidates(page, jsonld_article(page))
    found = {}
    for name in candidates if fields is None else fields:
        if name in candidates:
            value = _first(*candidates[name]())
            if value is not None:
                found[name] = value
    return found
