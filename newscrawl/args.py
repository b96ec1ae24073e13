"""Spider arguments, validated once: strategies and limits in one place; and the one way a
site name becomes a path."""

from __future__ import annotations

import ipaddress
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationError, field_validator

from newscrawl.cleaning import url_site_name
from newscrawl.sitelist import read_site_list
from newscrawl.sites import SiteError, get_site
from newscrawl.warc.replay import archive_name, warc_paths

# A DNS label as host names use it (letters, digits, hyphens; RFC 1123). An international
# name arrives as its IDNA A-labels ("xn--…"): pydantic's URL parser encodes it.
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)", re.I)
# A site name as a path component: a definition's name, a host name or an IP address. The
# first character is never a dot, and there is no separator: never ".", ".." or a folder.
_SITE_NAME = re.compile(r"[A-Za-z0-9_:][A-Za-z0-9_.:-]{0,252}")


class ArgumentError(ValueError):
    """A bad spider argument, described in one line."""


def is_host(host: str) -> bool:
    """A host name of LDH labels (``news.test``, ``xn--bcher-kva.test``) or an IP address
    (IPv6 in brackets, as a URL has it)."""
    try:
        ipaddress.ip_address(host.removeprefix("[").removesuffix("]"))
        return True
    except ValueError:
        pass
    labels = host.split(".")
    return len(host) <= 253 and all(_LABEL.fullmatch(label) for label in labels)


def site_name(value: str) -> str:
    """``value`` if it can name a folder: one plain path component, never ``.`` or ``..``.

    ValueError otherwise. Every host CrawlArgs accepts passes (as ``urlsplit`` spells it).
    """
    if not _SITE_NAME.fullmatch(value):
        raise ValueError(f"not a site name that can name a folder: {value!r}")
    return value


SITE_PLACEHOLDER = "%(site)s"  # in a path or feed URI: one per site


def site_path(template: str, site: str) -> Path:
    """``template`` (``output/%(site)s/report.md``) for ``site``: every path named after a
    site or host is made here, and stays inside its folder (see ``site_name``)."""
    return Path(template % {"site": site_name(site)})


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
    sites: str | None = Field(
        default=None, description="Several sites in one crawl: a file listing them, or "
        "a comma-separated list (names, start URLs, collections such as country:gb).")
    warc: str | None = Field(default=None,
                             description="Replay WARC files (a file, folder or glob); no fetching.")
    workers: int = Field(default=1, ge=1, le=64,
                         description="Replay: processes that extract the archive's pages.")

    @field_validator("warc")
    @classmethod
    def _warc_files(cls, value: str | None) -> str | None:
        if value is not None:
            warc_paths(value)  # ValueError in one line when it names no WARC file
        return value

    @field_validator("sites")
    @classmethod
    def _site_list(cls, value: str | None) -> str | None:
        if value is not None:
            listed_site_arguments(value)  # ValueError in one line naming the bad entry
        return value

    @field_validator("site")
    @classmethod
    def _known_site(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                get_site(value)
            except SiteError as exc:
                raise ValueError(str(exc)) from None
        return value

    @field_validator("since")
    @classmethod
    def _not_after_today(cls, value: date | None) -> date | None:
        # Tomorrow is today somewhere on Earth: a site's newest articles may carry it.
        if value is not None and value > datetime.now(UTC).date() + timedelta(days=1):
            raise ValueError("a day to come: no article is that new, the feeds would be empty")
        return value

    @field_validator("start_url")
    @classmethod
    def _real_host(cls, value: HttpUrl | None) -> HttpUrl | None:
        # In generic mode the host names the site's folder: "http://../" must not.
        if value is not None and not is_host(value.host or ""):
            raise ValueError(f"{value.host!r} is not a host name or IP address")
        if value is not None and (value.username or value.password):
            # Sent to the site in every request and written to the logs; newscrawl does
            # not log in to sites.
            raise ValueError("a user name or password in the URL is not sent: leave it out")
        return value

    @property
    def site_name(self) -> str:
        """What the crawl's files are named after (``%(site)s``): the definition, else the
        start URL's host, else (a replay) the archive's name."""
        if self.site:
            return site_name(self.site)
        if self.start_url:
            return site_name(url_site_name(str(self.start_url)))
        # An archive's name is whatever its writer chose: made fit to name a folder.
        name = re.sub(r"[^A-Za-z0-9_.:-]+", "-", archive_name(warc_paths(self.warc or "")))
        return site_name(name.strip(".-")[:253] or "warc")

    @property
    def hosts(self) -> frozenset[str]:
        """The host names this crawl fetches from (a definition's domains cover their
        subdomains): two sites sharing one are not crawled at the same time."""
        if self.start_url:
            return frozenset({self.start_url.host or ""})
        if self.site:
            definition = get_site(self.site)
            return frozenset({*(url.host or "" for url in definition.start_urls),
                              *definition.domains})
        return frozenset()

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
            # A URL's user name and password are not repeated in the line (nor the log).
            value = re.sub(r"//[^/@\s]*@", "//…@", str(values.get(name, "")))
            raise ArgumentError(f"bad argument {name}={value!r}: {message}") from None
        if args.warc and args.start_url:
            raise ArgumentError("give -a warc=<path> or -a start_url=<url>, not both")
        if args.workers > 1 and not args.warc:
            # A live crawl waits on the network, not on one core.
            raise ArgumentError("-a workers=N is for replays (-a warc=<path>)")
        if args.sites and (args.site or args.start_url or args.warc):
            raise ArgumentError("give -a sites=<list> alone, without site, start_url or warc")
        if not (args.site or args.start_url or args.warc or args.sites):
            raise ArgumentError("give -a site=<name>, -a start_url=<url> (generic mode), "
                                "-a sites=<list> or -a warc=<path> (replay)")
        return args

    def site_runs(self) -> dict[str, dict[str, str]]:
        """The spider arguments of each site of a crawl, by site name: one for a single
        site, one per listed site for ``sites`` (with the limits given, for each site)."""
        shared = {name: str(value) for name, value in self.model_dump(
            exclude={"sites"}, exclude_defaults=True).items()}
        if not self.sites:
            return {self.site_name: shared}
        return {name: {**shared, **arguments}
                for name, arguments in listed_site_arguments(self.sites).items()}


def listed_site_arguments(value: str) -> dict[str, dict[str, str]]:
    """The arguments of every site a ``sites`` value names, by site name, each checked as
    ``-a`` values are; ValueError naming the entry (and its line) of the first problem."""
    runs: dict[str, tuple[str, dict[str, str]]] = {}
    for listed in read_site_list(value):
        try:
            name = CrawlArgs(**listed.arguments).site_name
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(part) for part in first["loc"])
            message = first["msg"].removeprefix("Value error, ")
            raise ValueError(f"{listed.where}: bad {field}: {message}") from None
        if name in runs and runs[name][1] != listed.arguments:
            raise ValueError(f"{listed.where}: site {name} is already listed "
                             f"({runs[name][0]}) with another start URL")
        runs.setdefault(name, (listed.where, listed.arguments))
    return {name: arguments for name, (_, arguments) in runs.items()}
