"""Clean pipeline: every field through its cleaning step, keys in schema order."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from scrapy.crawler import Crawler

from newscrawl.cleaning import (
    clean_body,
    clean_url,
    count_words,
    language_code,
    parse_reading_time,
    split_authors,
    split_syndication,
    to_site_time,
)
from newscrawl.schema import FIELDS, LIST_FIELDS
from newscrawl.sites import all_sites


def _date(value: Any, tz: tzinfo | None, language: str | None) -> Any:
    """ISO 8601 in the site's zone (free text read in the article's ``language``); a date
    that is unparseable, or outside the years 1 to 9999 there, stays as it was for
    validation to report."""
    if not value:
        return None
    return to_site_time(value, tz, language) or value


def clean_article(raw: dict[str, Any], tz: tzinfo | None) -> dict[str, Any]:
    """The item in schema order, each field cleaned; dates into ``tz`` (None: as given).

    Text comes normalised from extraction (``cleaning.normalize_text``), which owns that.
    """
    item = {name: [] if name in LIST_FIELDS else None for name in FIELDS}
    item.update(raw)
    item["url"] = clean_url(item["url"]) if item["url"] else item["url"]
    title, source = split_syndication(item["title"] or "")
    authors, agency = split_authors(item["authors"])
    item["title"] = title
    item["authors"] = authors
    item["source"] = item["source"] or source or agency
    item["language"] = language_code(item["language"])
    item["published"] = _date(item["published"], tz, item["language"])
    item["modified"] = _date(item["modified"], tz, item["language"])
    if item["modified"] == item["published"]:
        item["modified"] = None  # an unchanged article is not a modification
    item["category"] = item["category"] or None
    item["tags"] = list(dict.fromkeys(filter(None, item["tags"])))
    item["summary"] = item["summary"] or None
    item["body"] = clean_body(item["body"])
    item["images"] = [
        {
            "url": clean_url(image["url"]),
            "caption": image.get("caption") or None,
            "credit": image.get("credit") or None,
        }
        for image in item["images"]
    ]
    item["reading_time"] = parse_reading_time(item["reading_time"])
    item["word_count"] = count_words(item["body"])
    return item


class CleanPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleanPipeline:
        return cls(crawler)

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        # The item names its site: a replay (or a crawl of several sites) mixes them.
        site = all_sites().get(item.get("site") or "")
        return clean_article(item, site.tz if site else None)
