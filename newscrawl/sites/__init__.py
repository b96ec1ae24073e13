"""The registry of site definitions: every module in this package that defines ``SITE``."""

from __future__ import annotations

import difflib
import importlib
import pkgutil
from functools import cache

from pydantic import ValidationError

from newscrawl.cleaning import on_domains
from newscrawl.sites.definition import SiteDefinition

__all__ = ["SiteDefinition", "SiteError", "all_sites", "get_site", "markdown_table",
           "similar_names", "site_for_url"]


class SiteError(ValueError):
    """An unknown, invalid or duplicate site definition."""


@cache
def all_sites() -> dict[str, SiteDefinition]:
    return load_sites(__path__, __name__)


def load_sites(path: list[str], package: str) -> dict[str, SiteDefinition]:
    """Every ``SITE`` in the package's modules (``_name`` modules hold shared pieces)."""
    sites: dict[str, SiteDefinition] = {}
    for info in pkgutil.iter_modules(path):
        if info.name == "definition" or info.name.startswith("_"):
            continue
        try:
            module = importlib.import_module(f"{package}.{info.name}")
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise SiteError(
                f"invalid site definition {info.name}.py: {where}: {first['msg']}"
            ) from None
        site = getattr(module, "SITE", None)
        if site is None:
            continue
        if site.name in sites:
            raise SiteError(f"duplicate site name {site.name!r} in {info.name}.py")
        sites[site.name] = site
    return dict(sorted(sites.items()))


def similar_names(name: str) -> list[str]:
    """Up to three site names that ``name`` may have meant to spell."""
    return difflib.get_close_matches(name, all_sites(), n=3, cutoff=0.6)


def get_site(name: str) -> SiteDefinition:
    sites = all_sites()
    if name not in sites:
        close = similar_names(name)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        raise SiteError(f"unknown site {name!r}{hint}; known sites: {', '.join(sites)}")
    return sites[name]


def site_for_url(url: str) -> SiteDefinition | None:
    """The definition whose domains contain the URL's host (subdomains included)."""
    for site in all_sites().values():
        if on_domains(url, site.domains):
            return site
    return None


def markdown_table() -> str:
    """The supported sites as the README's table (``python -m newscrawl sites``)."""
    rows = ["| site | domains | country | language | time zone | feeds / sitemaps |",
            "|---|---|---|---|---|---|"]
    for site in all_sites().values():
        rows.append(f"| `{site.name}` | {', '.join(site.domains)} | {site.country or ''} "
                    f"| {site.language or ''} | {site.timezone} "
                    f"| {len(site.feeds)} / {len(site.sitemaps)} |")
    return "\n".join(rows)
