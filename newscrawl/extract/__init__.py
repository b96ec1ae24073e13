"""Article extraction: a site definition's selectors first, then generic per missing field."""

from __future__ import annotations

from typing import Any

from scrapy.http import TextResponse

from newscrawl.extract import wordpress
from newscrawl.extract.generic import extract_generic
from newscrawl.extract.page import Page
from newscrawl.extract.site import extract_with_site
from newscrawl.schema import LIST_FIELDS
from newscrawl.sites import SiteDefinition, get_site, site_for_url
from newscrawl.sites.definition import SELECTABLE_FIELDS

__all__ = ["Page", "extract_article", "extract_page", "extract_response", "fill_missing"]

EXTRACTED_FIELDS = frozenset(SELECTABLE_FIELDS | {"body", "images"})
# Numbers the extractor computes itself, not values read from metadata: what each measures.
MEASURES = {"body_confidence": "body"}


def _coerce(name: str, value: Any) -> Any:
    """Metadata can hold a list where one value belongs, or the reverse."""
    if name in LIST_FIELDS:
        items = value if isinstance(value, list) else [value]
        return [item if isinstance(item, dict) else str(item) for item in items]
    if name in MEASURES:
        return value
    if isinstance(value, list):
        value = value[0] if value else None
    return value if value is None or isinstance(value, str) else str(value)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def extract_page(page: Page, site: SiteDefinition | None) -> dict[str, Any]:
    """Raw field values plus ``provenance``: where each value came from.

    The generic extractor runs only when the site definition leaves a field empty.
    """
    fields = extract_with_site(page, site) if site else {}
    provenance = {name: "site" for name, value in fields.items() if not _empty(value)}
    # A measure of the generic extractor's own (MEASURES) is asked for only when its
    # value is used: a definition never selects one, so it is never "missing" from it.
    missing = EXTRACTED_FIELDS - provenance.keys() - set(MEASURES)
    if "body" in missing:  # how sure the body extractor is, when its body is used
        missing |= {"body_confidence"}
    # A site whose images selector found none: the generic figure finder looks in the
    # site's body container, not in one it would have to find by running the body extractor.
    body_query = site.body if site else None
    language = site.language if site else None
    for name, (value, origin) in extract_generic(page, missing, body_query, language).items():
        value = _coerce(name, value)
        if not _empty(value):
            fields[name] = value
            provenance[name] = origin
    if "language" not in provenance and site and site.language:
        # The definition's language: for pages that do not say theirs.
        fields["language"], provenance["language"] = site.language, "site"
    fields = {name: value for name, value in fields.items() if name in provenance}
    fields["provenance"] = provenance
    return fields


def extract_response(response: TextResponse, site: SiteDefinition | None) -> dict[str, Any] | None:
    """``extract_page`` of a fetched page; None for a page behind a password (WordPress's
    form in place of the article)."""
    page = Page.from_response(response)
    if wordpress.password_required(page):
        return None
    return extract_page(page, site)


def fill_missing(fields: dict[str, Any], more: dict[str, Any]) -> dict[str, Any]:
    """``fields`` (with their provenance), each one it lacks taken from ``more``: a
    source that knows most of an article (an API) completed by its page. A measure of a
    field (the body's confidence) is taken only with the field it measures."""
    taken = {name: value for name, value in more.items()
             if name != "provenance" and name not in fields
             and MEASURES.get(name) not in fields}
    merged = {**taken, **{name: value for name, value in fields.items() if name != "provenance"}}
    merged["provenance"] = {
        **{name: origin for name, origin in more.get("provenance", {}).items() if name in taken},
        **fields.get("provenance", {}),
    }
    return merged


def extract_article(html: str, url: str, site: str | None = None) -> dict[str, Any]:
    """Extract one article page.

    ``site=None``: generic extraction only; ``site="<name>"``: that definition with
    generic fallback; ``site="auto"``: the definition whose domains match the URL.
    """
    definition = site_for_url(url) if site == "auto" else get_site(site) if site else None
    return extract_page(Page.from_html(html, url), definition)
