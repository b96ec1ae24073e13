"""Article links from XML sitemaps (indexes, Google News too) and RSS/Atom feeds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

_PARSER = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)


@dataclass(frozen=True)
class Entry:
    url: str
    lastmod: str | None = None
    is_sitemap: bool = False  # an entry of a sitemap index: another sitemap
    in_feed: bool = False  # an item of an RSS or Atom feed, which lists articles alone


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(element: etree._Element, *names: str) -> str | None:
    for child in element:
        if _local(child.tag) in names and (text := _readable(lambda child=child: child.text)):
            return text
    return None


def _readable(value: Callable[[], str | None]) -> str | None:
    """A text or attribute, stripped; None when empty, or when lxml cannot give it: a
    character reference to half a surrogate pair (``&#xD83D;``, written by software that
    escapes emoji as UTF-16) raises UnicodeDecodeError, and would cost every entry."""
    try:
        text = value()
    except UnicodeDecodeError:
        return None
    return text.strip() if text and text.strip() else None


def parse_discovery(body: bytes) -> list[Entry] | None:
    """Entries of a sitemap, sitemap index, RSS or Atom document; None when it is none of
    these."""
    try:
        root = etree.fromstring(body, parser=_PARSER)
    except etree.XMLSyntaxError:
        return None
    if root is None:
        return None
    kind = _local(root.tag)
    if kind in ("urlset", "sitemapindex"):
        return _sitemap(root, index=kind == "sitemapindex")
    if kind in ("rss", "rdf"):
        return _rss(root)
    if kind == "feed":
        return _atom(root)
    return None


def _sitemap(root: etree._Element, index: bool) -> list[Entry]:
    entries = []
    for node in root:
        loc = _child_text(node, "loc")
        if not loc:
            continue
        lastmod = _child_text(node, "lastmod")
        if lastmod is None:  # Google News sitemaps date the article in <news:news>
            news = next((child for child in node if _local(child.tag) == "news"), None)
            lastmod = _child_text(news, "publication_date") if news is not None else None
        entries.append(Entry(loc, lastmod, is_sitemap=index))
    return entries


def _rss(root: etree._Element) -> list[Entry]:
    items = root.iter("{*}item", "item")
    return [
        Entry(link, _child_text(item, "pubdate", "date", "updated"), in_feed=True)
        for item in items
        if (link := _child_text(item, "link") or _permalink(item))
    ]


def _permalink(item: etree._Element) -> str | None:
    """An item's ``<guid>`` when it is its URL: RSS 2.0 makes ``<link>`` optional, and a
    guid a permalink unless it says ``isPermaLink="false"``."""
    guid = next((child for child in item if _local(child.tag) == "guid"), None)
    if guid is None or guid.get("isPermaLink", "true").strip().lower() == "false":
        return None
    text = _readable(lambda: guid.text)
    return text if text and text.lower().startswith(("http://", "https://")) else None


def _atom(root: etree._Element) -> list[Entry]:
    entries = []
    for entry in root.iter("{*}entry"):
        if href := _readable(lambda entry=entry: _alternate_href(entry)):
            entries.append(Entry(href, _child_text(entry, "updated", "published"), in_feed=True))
    return entries


def _alternate_href(entry: etree._Element) -> str | None:
    links = [link for link in entry if _local(link.tag) == "link"]
    return next((link.get("href") for link in links
                 if link.get("rel", "alternate") == "alternate"), None)
