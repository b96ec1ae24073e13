"""newscrawl's generic extractor in the shapes the shared evaluators call (``module:function``).

Each call parses the HTML once (as a crawl does) and calls
``newscrawl.extract.generic`` directly, so the timings include the parse.
"""

from __future__ import annotations

from typing import Any

from newscrawl.addsite import article_item
from newscrawl.extract.generic import extract_generic
from newscrawl.extract.page import Page
from newscrawl.sites import site_for_url

FIELDS = ("title", "authors", "published", "tags", "body")


def body(html: str, url: str) -> str:
    """``body_eval.py``: the body text."""
    found = extract_generic(Page.from_html(html, url), ["body"])
    return found["body"][0] if "body" in found else ""


def fields(html: str, url: str) -> dict[str, Any]:
    """``field_eval.py``: title, authors, published, topics and body.

    Topics are the tags alone: the ground truth's topics are the publisher's keywords
    and tag links, not its sections (compared on fundus-dev).
    """
    found = {name: value for name, (value, _) in
             extract_generic(Page.from_html(html, url), FIELDS).items()}
    return {
        "title": found.get("title"),
        "authors": found.get("authors", []),
        "published": found.get("published"),
        "topics": found.get("tags", []),
        "body": found.get("body", ""),
    }


def site_fields(html: str, url: str) -> dict[str, Any]:
    """``field_eval.py``: what a crawl emits for the page: its site definition (matched by
    host, generic fallback per field), then the clean pipeline. Topics are the tags."""
    site = site_for_url(url)
    item = article_item(html, url, site.name if site else None)
    return {
        "title": item.get("title"),
        "authors": item.get("authors") or [],
        "published": item.get("published"),
        "topics": item.get("tags") or [],
        "body": item.get("body") or "",
    }
