"""Article extraction: a site definition's selectors first, then generic per missing field."""

from __future__ import annotations

from typing import Any

from newscrawl.extract.page import Page
from newscrawl.extract.site import extract_with_site
from newscrawl.sites import SiteDefinition, get_site, site_for_url
from newscrawl.sites.definition import SELECTABLE_FIELDS

__all__ = ["Page", "extract_article", "extract_page"]

EXTRACTED_FIELDS = frozenset(SELECTABLE_FIELDS | {"body", "images"})


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def extract_page(page: Page, site: SiteDefinition | None) -> dict[str, Any]:
    """Raw field values plus ``provenance``: where each value came from.

    The generic extractor runs only when the site definition leaves a field empty.
    """
    fields = extract_with_site(page, site) if site else {}
    provenance = {name: "site" for name, value in fields.items() if not _empty(value)}
    if EXTRACTED_FIELDS - provenance.keys():
        from newscrawl.extract.generic import extract_generic

        for name, (value, origin) in extract_generic(page).items():
            if name not in provenance and name in EXTRACTED_FIELDS and not _empty(value):
                fields[name] = value
                provenance[name] = origin
    fields = {name: value for name, value in fields.items() if name in provenance}
    fields["provenance"] = provenance
    return fields


def extract_article(html: str, url: str, site: str | None = None) -> dict[str, Any]:
    """Extract one article page.

    ``site=None``: generic extraction only; ``site="<name>"``: that definition with
    generic fallback; ``site="auto"``: the definition whose domains match the URL.
    """
    definition = site_for_url(url) if site == "auto" else get_site(site) if site else None
    return extract_page(Page.from_html(html, url), definition)
