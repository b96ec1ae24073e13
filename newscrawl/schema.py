"""The item contract: one definition of an article record, used by validation,
the CSV column order, the demo site's ground truth and the README's schema table."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Image(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str
    caption: str | None = None
    credit: str | None = None


class Article(BaseModel):
    """One clean article record. Field descriptions feed the README's schema table."""

    model_config = ConfigDict(extra="forbid")

    url: str = Field(description=(
        "Canonical article URL (tracking parameters removed): the page's rel=canonical or "
        "og:url, unless that is on another host or is the site's home page named by an "
        "article; then the URL it was fetched from (and `provenance` has no `url`)."))
    site: str = Field(description="Site definition name, or the host in generic mode.")
    title: str = Field(min_length=1, description="Headline, without a syndication suffix.")
    authors: list[str] = Field(
        default_factory=list, description="People who wrote it; when the page names none, "
        'the desk or publication it credits (e.g. "Business Desk"). A news agency credited '
        'instead of a person is the `source`.')
    published: str | None = Field(
        default=None, description="ISO 8601 with UTC offset, in the site's time zone; null "
        "when the page states no date. A date written as text is read as the article's "
        "language writes it (\"09.12.2024\" on a German page is 9 December), also from a "
        "line around it (\"Posted on March 3, 2026\").")
    modified: str | None = Field(default=None, description="Last update, same format, or null.")
    category: str | None = Field(default=None, description="Primary section or category.")
    tags: list[str] = Field(default_factory=list, description="Tags or keywords, page order.")
    summary: str | None = Field(default=None, description="Standfirst or meta description.")
    body: str = Field(
        min_length=1,
        description="Plain text; paragraphs separated by one blank line; no boilerplate.",
    )
    images: list[Image] = Field(default_factory=list, description="Images in the body.")
    source: str | None = Field(default=None, description='Syndication source, e.g. "Reuters".')
    language: str | None = Field(default=None, description='Two-letter language code, e.g. "en".')
    reading_time: int | None = Field(default=None, description='Minutes, from "2 Mins Read".')
    word_count: int = Field(ge=0, description="Words in body: whitespace-separated ones, and "
                                              "each Chinese or Japanese character.")
    body_confidence: float | None = Field(
        default=None, ge=0, le=1,
        description="0-1, how sure the generic body extractor is (length, menu-like lines, "
        "agreement with a second reading); below 0.5 the body is uncertain. Null when a "
        "site definition or the WordPress API gave the body.",
    )
    scraped_at: str | None = Field(default=None, description="When it was fetched (UTC, ISO 8601).")
    provenance: dict[str, str] = Field(
        default_factory=dict,
        description='Where each field came from, e.g. {"title": "site", "body": "generic"}.',
    )


FIELDS: tuple[str, ...] = tuple(Article.model_fields)
"""Field order: the CSV column order and the JSON key order."""

LIST_FIELDS: frozenset[str] = frozenset({"authors", "tags", "images"})


_TYPE_NAMES = {
    str: "string", int: "integer", list[str]: "list of strings",
    list[Image]: "list of {url, caption, credit}", dict[str, str]: "object",
    str | None: "string or null", int | None: "integer or null",
    float | None: "number or null",
}


def markdown_table() -> str:
    """The README's schema table, generated from the model so the two cannot drift apart."""
    rows = ["| field | type | meaning |", "|---|---|---|"]
    for name, field in Article.model_fields.items():
        rows.append(f"| `{name}` | {_TYPE_NAMES[field.annotation]} | {field.description} |")
    return "\n".join(rows)
