"""Spider arguments, validated once: strategies and limits in one place."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationError, field_validator

from newscrawl.sites import SiteError, get_site


class ArgumentError(ValueError):
    """A bad spider argument, described in one line."""


class CrawlArgs(BaseModel):
    """``-a name=value`` arguments of the ``news`` spider."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    site: str | None = Field(default=None, description="Site definition name.")
    start_url: HttpUrl | None = Field(
        default=None, description="Replaces the definition's start URLs; alone: generic mode."
    )
    max_articles: int | None = Field(default=None, gt=0, description="Stop after N articles.")
    max_pages: int | None = Field(default=None, gt=0, description="Listing pages per section.")
    since: date | None = Field(default=None, description="Skip articles older than this date.")

    @field_validator("site")
    @classmethod
    def _known_site(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                get_site(value)
            except SiteError as exc:
                raise ValueError(str(exc)) from None
        return value

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> CrawlArgs:
        """Validate raw ``-a`` values; raise ArgumentError with one line naming the problem.

        Arguments starting with ``_`` (Scrapyd's ``_job``) belong to the runner, not to us.
        """
        values = {key: value for key, value in raw.items() if not key.startswith("_")}
        try:
            args = cls(**values)
        except ValidationError as exc:
            first = exc.errors()[0]
            name = ".".join(str(part) for part in first["loc"]) or "arguments"
            message = first["msg"].removeprefix("Value error, ")
            if first["type"] == "extra_forbidden":
                message = f"unknown argument; known: {', '.join(cls.model_fields)}"
            value = values.get(name, "")
            raise ArgumentError(f"bad argument {name}={value!r}: {message}") from None
        if args.site is None and args.start_url is None:
            raise ArgumentError("give -a site=<name> or -a start_url=<url> (generic mode)")
        return args
