"""The site definition format: data that tells the crawler how one site is laid out."""

from __future__ import annotations

import re
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator

from newscrawl.query import check_query
from newscrawl.schema import FIELDS

# Fields a site definition may give selectors for (the rest is derived or generic).
SELECTABLE_FIELDS = frozenset(FIELDS) - {
    "site", "body", "images", "word_count", "scraped_at", "provenance"
}

# Settings of the whole run, not of one site (the store the crawl opens once).
RUN_SETTINGS = frozenset({"NEWSCRAWL_STORE_URL", "NEWSCRAWL_STORE_PATH"})


class Links(BaseModel):
    """CSS selectors for the links the spider follows (each matching ``<a>`` elements)."""

    model_config = ConfigDict(extra="forbid")

    category: str | None = Field(default=None, description="Section/category links.")
    pagination: str | None = Field(default=None, description="Next listing page link.")
    article: str | None = Field(default=None, description="Article links on listings.")
    date: str | None = Field(default=None, description="Dates of listing entries (for since).")

    @field_validator("category", "pagination", "article", "date")
    @classmethod
    def _valid_query(cls, value: str | None) -> str | None:
        return value if value is None else check_query(value)


# A definition's name is its module's (newscrawl/sites/<name>.py).
NAME_PATTERN = r"^[a-z0-9_]+$"


class SiteDefinition(BaseModel):
    """One site. Field queries: CSS (``::text``/``::attr(x)`` allowed), XPath (``/…`` or
    ``(…``), ``jsonld:<key>[.<key>]`` (the JSON-LD article object) or ``meta:<name>``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=NAME_PATTERN)
    domains: tuple[str, ...] = Field(min_length=1)
    start_urls: tuple[HttpUrl, ...] = Field(min_length=1)
    timezone: str = "UTC"
    language: str | None = None
    country: str | None = Field(
        default=None, pattern=r"^[a-z]{2}$",
        description="ISO 3166-1 alpha-2 code of the publisher's country (site collections).",
    )
    links: Links = Links()
    fields: dict[str, str] = Field(default_factory=dict)
    split: dict[str, str] = Field(
        default_factory=dict, description="Separator of a field whose one string lists "
        "several values (keywords in a meta tag)."
    )
    body: str | None = Field(default=None, description="Body container(s), CSS.")
    paragraphs: str | None = Field(
        default=None, description="The elements that are paragraphs inside the body "
        "container(s), CSS or XPath (default: p, headings, list items, quotes; the innermost)."
    )
    body_exclude: tuple[str, ...] = Field(default=(), description="Removed from the body, CSS.")
    images: str | None = Field(default=None, description="Figures inside the body, CSS.")
    article_urls: str | None = Field(
        default=None, description="Regex that article URLs (from feeds, sitemaps) match."
    )
    feeds: tuple[HttpUrl, ...] = ()
    sitemaps: tuple[HttpUrl, ...] = ()
    settings: dict[str, Any] = Field(default_factory=dict, description="Scrapy settings.")
    platform: Literal["wordpress"] | None = Field(
        default=None, description="The publishing system, when its own interfaces help: "
        "a WordPress site's REST API is tried even when its pages do not advertise it."
    )
    render_js: bool = Field(
        default=False, description="Render every article page in a headless browser."
    )
    min_fill: dict[str, float] = Field(
        default_factory=dict,
        description="Minimum share (0-1) of items with the field filled; below it the "
        "run fails (over the defaults in NEWSCRAWL_MIN_FILL).",
    )

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value

    @field_validator("article_urls")
    @classmethod
    def _valid_regex(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"bad regular expression: {exc}") from None
        return value

    @field_validator("fields", "split")
    @classmethod
    def _known_fields(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - SELECTABLE_FIELDS)
        if unknown:
            raise ValueError(f"no such field(s): {', '.join(unknown)}")
        return value

    @field_validator("fields")
    @classmethod
    def _valid_field_queries(cls, value: dict[str, str]) -> dict[str, str]:
        for name, query in value.items():
            if not query.startswith(("jsonld:", "meta:")):
                try:
                    check_query(query)
                except ValueError as exc:
                    raise ValueError(f"{name}: {exc}") from None
        return value

    @field_validator("body", "paragraphs", "images")
    @classmethod
    def _valid_query(cls, value: str | None) -> str | None:
        return value if value is None else check_query(value)

    @field_validator("body_exclude")
    @classmethod
    def _valid_queries(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(map(check_query, value))

    @field_validator("settings")
    @classmethod
    def _no_run_settings(cls, value: dict[str, Any]) -> dict[str, Any]:
        # One crawl writes one store, whichever sites it crawls: a site's own would be
        # silently ignored.
        run_wide = sorted(set(value) & RUN_SETTINGS)
        if run_wide:
            raise ValueError(f"{', '.join(run_wide)}: set for the whole run (settings.py or "
                             f"-s), not per site")
        return value

    @field_validator("min_fill")
    @classmethod
    def _known_fill_fields(cls, value: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(value) - set(FIELDS))
        if unknown:
            raise ValueError(f"no such field(s): {', '.join(unknown)}")
        outside = sorted(name for name, share in value.items() if not 0 <= share <= 1)
        if outside:
            raise ValueError(f"a share is between 0 and 1: {', '.join(outside)}")
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)
