"""newscrawl's extractor in the shapes the shared evaluators call (``module:function``)."""

from __future__ import annotations

from typing import Any

from newscrawl.extract import extract_article
from newscrawl.extract.page import Page
from newscrawl.pipelines.clean import clean_article


def body(html: str, url: str) -> str:
    """Generic extraction of the body (no site definition)."""
    from newscrawl.extract.generic import extract_body

    return extract_body(Page.from_html(html, url))


def _fields(html: str, url: str, site: str | None) -> dict[str, Any]:
    raw = extract_article(html, url, site=site)
    raw.setdefault("url", url)
    item = clean_article(raw, None)
    return {
        "title": item["title"],
        "authors": item["authors"],
        "published": item["published"],
        "topics": item["tags"] or ([item["category"]] if item["category"] else []),
        "body": item["body"],
    }


def fields_generic(html: str, url: str) -> dict[str, Any]:
    """Per-field extraction, generic mode: what a crawl of an unknown site emits."""
    return _fields(html, url, None)


def fields_auto(html: str, url: str) -> dict[str, Any]:
    """Per-field extraction with the matching site definition, generic fallback."""
    return _fields(html, url, "auto")
