"""Validation pipeline: an item that breaks the contract is quarantined with its reasons.

Rejected items go to ``NEWSCRAWL_REJECTED_URI`` (one JSON object per line: reasons and
the raw item) and are counted as ``newscrawl/rejected/<reason>``: never lost silently.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from pydantic import ValidationError
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newscrawl.args import site_path
from newscrawl.cleaning import in_zone, on_domains
from newscrawl.extensions.run_files import QUARANTINE_ERROR, run_file_failed
from newscrawl.meta import crawl_site
from newscrawl.schema import Article

OLDEST = datetime(1990, 1, 1, tzinfo=UTC)
FUTURE_TOLERANCE = timedelta(days=1)
WEB_SCHEMES = ("http", "https")
_EMPTY_ERRORS = {"missing", "string_too_short", "string_type", "none_required"}
# More replacement characters than this share of a body: bytes that were no text in the
# page's encoding (binary content served as HTML, a charset beyond repair).
GARBLED_SHARE = 0.01


def _schema_reasons(item: dict[str, Any]) -> list[str]:
    try:
        Article.model_validate(item)
    except ValidationError as exc:
        reasons = []
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else "item"
            empty = error["type"] in _EMPTY_ERRORS and not item.get(field)
            reasons.append(f"{'missing' if empty else 'invalid'}_{field}")
        return list(dict.fromkeys(reasons))
    return []


def _date_reasons(name: str, value: Any, now: datetime) -> list[str]:
    if not isinstance(value, str):
        return []
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return [f"unparseable_{name}"]
    if moment.tzinfo is None:
        return [f"unparseable_{name}"]
    if in_zone(moment) is None:  # the store and the seen state keep dates in UTC
        return [f"out_of_range_{name}"]
    if moment > now + FUTURE_TOLERANCE:
        return [f"future_{name}"]
    if moment < OLDEST:
        return [f"too_old_{name}"]
    return []


def _url_reasons(url: Any, domains: tuple[str, ...]) -> list[str]:
    if not isinstance(url, str):
        return []
    parts = urlsplit(url)
    if parts.scheme not in WEB_SCHEMES:
        return ["bad_url_scheme"]
    if domains and not on_domains(url, domains):
        return ["offsite_url"]
    return []


def _image_reasons(images: Any) -> list[str]:
    """An image a reader or a downloader should not open (``file:``, ``javascript:``).

    Images may be anywhere on the web (a CDN): only the scheme is checked.
    """
    if not isinstance(images, list):
        return []
    urls = [image.get("url") for image in images if isinstance(image, dict)]
    if any(isinstance(url, str) and urlsplit(url).scheme not in WEB_SCHEMES for url in urls):
        return ["bad_image_url_scheme"]
    return []


def _text_reasons(body: Any) -> list[str]:
    if isinstance(body, str) and body and body.count("\ufffd") / len(body) > GARBLED_SHARE:
        return ["garbled_body"]
    return []


def rejection_reasons(
    item: dict[str, Any], domains: tuple[str, ...], min_body_words: int, now: datetime
) -> list[str]:
    """Every reason the item breaks the contract; empty when it is valid."""
    reasons = _schema_reasons(item)
    reasons += _url_reasons(item.get("url"), domains)
    reasons += _image_reasons(item.get("images"))
    for name in ("published", "modified"):
        reasons += _date_reasons(name, item.get(name), now)
    reasons += _text_reasons(item.get("body"))
    if item.get("body") and item.get("word_count", 0) < min_body_words:
        reasons.append("short_body")
    return list(dict.fromkeys(reasons))


class ValidatePipeline:
    def __init__(self, crawler: Crawler, rejected_path: Path, min_body_words: int,
                 domains: tuple[str, ...]) -> None:
        self.crawler = crawler
        self.rejected_path = rejected_path
        self.min_body_words = min_body_words
        self.domains = domains
        self._rejected: IO[str] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        settings = crawler.settings
        site = crawl_site(crawler)
        return cls(
            crawler,
            rejected_path=site_path(settings["NEWSCRAWL_REJECTED_URI"], site.name),
            min_body_words=settings.getint("NEWSCRAWL_MIN_BODY_WORDS"),
            domains=site.domains,
        )

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        reasons = rejection_reasons(item, self.domains, self.min_body_words, datetime.now(UTC))
        # Items, not reasons (one item can have several): the monitors' rejected share.
        self.crawler.stats.inc_value("newscrawl/validate/checked")
        if not reasons:
            return item
        self.crawler.stats.inc_value("newscrawl/validate/rejected")
        for reason in reasons:
            self.crawler.stats.inc_value(f"newscrawl/rejected/{reason}")
        self._quarantine(item, reasons)
        raise DropItem(f"rejected ({', '.join(reasons)}): {item.get('url')}")

    def _quarantine(self, item: dict[str, Any], reasons: list[str]) -> None:
        record = {"reasons": reasons, "item": item}
        try:
            if self._rejected is None:
                self.rejected_path.parent.mkdir(parents=True, exist_ok=True)
                self._rejected = self.rejected_path.open("w", encoding="utf-8")
            self._rejected.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            self._rejected.flush()
        except OSError as exc:
            # The run fails as for any output not written; the item, never stored, is
            # fetched (and checked) again by the next run.
            run_file_failed(self.crawler, QUARANTINE_ERROR, self.rejected_path, exc)

    def close_spider(self) -> None:
        if self._rejected is not None:
            self._rejected.close()
