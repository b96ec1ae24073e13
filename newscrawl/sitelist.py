"""The ``sites`` argument: the sites one crawl covers, from a file or inline.

A file names one entry per line; inline, entries are separated by commas
(``-a sites=bbc,reuters,https://example.org/``). An entry is

- ``bbc``: a site definition;
- ``demo http://127.0.0.1:8000/``: a definition, crawled from this start URL;
- ``https://example.org/``: a site without a definition (generic mode);
- ``all``, ``country:gb``, ``language:de``: the definitions with that country or language
  (``all``: every definition of a public site, not the local demo's).

``#`` starts a comment (at the start of a line or after a space); blank lines are skipped.
A value that names an existing file is read as a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from newscrawl.cleaning import is_loopback
from newscrawl.sites import SiteDefinition, all_sites, similar_names

COLLECTIONS = ("all", "country:<code>", "language:<code>")


@dataclass(frozen=True)
class ListedSite:
    """One site of a list: the spider arguments that crawl it, and where it was named."""

    where: str  # "line 3" (of a file) or "entry 2" (inline), for messages
    arguments: dict[str, str] = field(default_factory=dict)


class SiteListError(ValueError):
    """A bad list or entry, described in one line that says where."""


def is_local(definition: SiteDefinition) -> bool:
    return all(is_loopback(domain) for domain in definition.domains)


def read_site_list(value: str) -> list[ListedSite]:
    """Every site the value names, in its order (a collection in name order)."""
    path = Path(value)
    if "," not in value and "://" not in value and path.is_file():
        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise SiteListError(f"cannot read the site list {value}: {exc}") from None
        entries = [(f"line {number}", line) for number, line in enumerate(lines, 1)]
    else:
        entries = [(f"entry {number}", entry) for number, entry in enumerate(value.split(","), 1)]
    sites = [site for where, text in entries for site in _entry(where, _without_comment(text))]
    if not sites:
        raise SiteListError(f"the site list {value!r} names no site")
    return sites


def _without_comment(text: str) -> str:
    text = text.strip()
    if text.startswith("#"):
        return ""
    return text.split(" #", 1)[0].split("\t#", 1)[0].strip()


def _entry(where: str, text: str) -> list[ListedSite]:
    words = text.split()
    if not words:
        return []
    if len(words) == 1 and "://" in words[0]:
        return [ListedSite(where, {"start_url": words[0]})]
    if len(words) == 1:
        return [ListedSite(where, {"site": name}) for name in _names(where, words[0])]
    if len(words) == 2 and "://" in words[1]:
        _definition(where, words[0])
        return [ListedSite(where, {"site": words[0], "start_url": words[1]})]
    raise SiteListError(f"{where}: {text!r} is not NAME, NAME START_URL or START_URL")


def _names(where: str, word: str) -> list[str]:
    """A definition's name, or the names of a collection's definitions."""
    kind, colon, code = word.partition(":")
    if not colon:
        if word == "all":
            return [name for name, site in all_sites().items() if not is_local(site)]
        _definition(where, word)
        return [word]
    if kind not in ("country", "language"):
        raise SiteListError(f"{where}: no collection {word!r}; collections: "
                            f"{', '.join(COLLECTIONS)}")
    names = [name for name, site in all_sites().items()
             if (site.country if kind == "country" else site.language) == code.lower()]
    if not names:
        known = sorted({getattr(site, kind) for site in all_sites().values()} - {None})
        raise SiteListError(f"{where}: no site definition has {kind} {code!r}; "
                            f"known: {', '.join(known)}")
    return names


def _definition(where: str, name: str) -> None:
    if name in all_sites():
        return
    close = similar_names(name)
    if close:
        hint = f"; did you mean {' or '.join(close)}?"
    elif "/" in name or name.endswith(".txt"):
        hint = "; no such file either"
    elif "." in name:
        hint = "; a URL starts with http:// or https://"
    else:
        hint = "; `python -m newscrawl sites` lists them"
    raise SiteListError(f"{where}: unknown site {name!r}{hint}")
