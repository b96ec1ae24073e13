"""Authors: people only, one string per person, from metadata values or byline text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from lxml import etree

from newscrawl.cleaning import byline_parts, normalize_text
from newscrawl.extract.metadata import type_names

# schema.org types that are not a person, whatever their name looks like.
ORGANISATION_TYPES = frozenset({
    "Organization", "NewsMediaOrganization", "Corporation", "LocalBusiness",
    "GovernmentOrganization", "EducationalOrganization", "NGO", "Brand", "WebSite",
})
# Words that make a byline part a job title or a date, not a name.
_NOT_A_NAME = re.compile(
    r"\b(?:staff|writer|reporter|correspondent|editor|contributor|columnist|journalist|"
    r"photographer|producer|updated|published|posted|minutes?|hours?|ago|read|follow|"
    r"email|twitter|share|more|view|profile)\b|\d|@|https?:|www\.|/",
    re.I,
)
# Bylines in markup: elements named for it, in document order.
_BYLINE_ELEMENTS = etree.XPath(
    "//body//*[contains(@class, 'byline') or contains(@id, 'byline')"
    " or contains(@class, 'author-name') or contains(@class, 'authorName')"
    " or contains(@class, 'author_name') or @itemprop='author'][not(ancestor::footer)]"
    "[not(ancestor::*[contains(@class, 'comment')])]")
_REL_AUTHOR = etree.XPath(
    "//body//a[contains(concat(' ', normalize-space(@rel), ' '), ' author ')]"
    "[not(ancestor::*[contains(@class, 'comment')])]")
_MAX_BYLINE = 160


def split_names(text: str, strict: bool) -> list[str]:
    """``"By Jane Doe and John Roe"`` → ``["Jane Doe", "John Roe"]``.

    ``strict`` (text from markup, not metadata) keeps only parts shaped like a name of
    two to five words, which drops job titles, dates and "Updated" labels.
    """
    return _names(normalize_text(text), strict)


def _names(text: str, strict: bool) -> list[str]:
    """:func:`split_names` of a normalised text."""
    names = []
    for part in byline_parts(text):
        if _looks_like_name(part, strict) and part not in names:
            names.append(part)
    return names


def _looks_like_name(part: str, strict: bool) -> bool:
    words = part.split()
    if not 0 < len(words) <= 5 or len(part) > 60:
        return False
    if strict:
        if len(words) < 2 or _NOT_A_NAME.search(part):
            return False
        # Names are capitalised in scripts that have case.
        return all(not word[0].islower() for word in words if word[0].isalpha())
    return not re.search(r"https?:|www\.|@", part)


def jsonld_people(value: Any, resolve: Callable[[Any], Any], exclude: Iterable[str] = ()
                  ) -> list[str]:
    """Names of the people in a JSON-LD ``author``/``creator`` value; organisations skipped.

    ``exclude``: names of the publisher, which sites also put in ``author``.
    """
    texts = []
    for item in value if isinstance(value, list) else [value]:
        item = resolve(item)
        if isinstance(item, dict):
            if type_names(item) & ORGANISATION_TYPES:
                continue
            item = _person_name(item)
        if isinstance(item, str):
            texts.append(normalize_text(item))
    return _people(texts, strict=False, exclude=exclude)


def _person_name(person: dict[str, Any]) -> str | None:
    name = person.get("name")
    if isinstance(name, list):
        name = next((n for n in name if isinstance(n, str)), None)
    if isinstance(name, str) and name.strip():
        return name
    parts = [person.get("givenName"), person.get("familyName")]
    return " ".join(p for p in parts if isinstance(p, str)) or None


def _people(texts: Iterable[str], strict: bool, exclude: Iterable[str]) -> list[str]:
    """The names in normalised texts, each once, none of ``exclude``."""
    skip = {name.casefold() for name in exclude}
    names: list[str] = []
    for text in texts:
        names += [name for name in _names(text, strict)
                  if name.casefold() not in skip and name not in names]
    return names


def meta_people(values: Iterable[str], exclude: Iterable[str] = ()) -> list[str]:
    """People named in ``<meta name=author>``-style values (profile URLs are skipped)."""
    return _people(map(normalize_text, values), strict=False, exclude=exclude)


def rel_author_people(root: Any, exclude: Iterable[str] = ()) -> list[str]:
    links = (normalize_text(link.xpath("string()")) for link in _REL_AUTHOR(root))
    return _people(links, strict=True, exclude=exclude)


def byline_people(root: Any, exclude: Iterable[str] = ()) -> list[str]:
    """People in the first byline element of the page that yields any."""
    for element in _BYLINE_ELEMENTS(root):
        text = normalize_text(element.xpath("string()"))
        if text and len(text) <= _MAX_BYLINE and (
                names := _people([text], strict=True, exclude=exclude)):
            return names
    return []
