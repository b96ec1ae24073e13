"""Drafting a site: save a page as a fixture and draft its expected item for a person to correct."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newscrawl.args import site_name
from newscrawl.cleaning import url_site_name
from newscrawl.extract import extract_article
from newscrawl.pipelines.clean import clean_article
from newscrawl.sites import all_sites
from newscrawl.sites.definition import NAME_PATTERN

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "sites"
SITES = Path(__file__).resolve().parent / "sites"
# Fields that differ on every run: not part of an expected item.
UNCOMPARED = ("scraped_at", "provenance")

SITE_TEMPLATE = '''"""{host}: drafted by `newscrawl addsite`; add selectors where needed."""

from newscrawl.sites.definition import SiteDefinition

SITE = SiteDefinition(
    name="{name}",
    domains=("{domain}",),
    start_urls=("{scheme}://{host}/",),
    timezone="UTC",
)
'''


def article_item(html: str, url: str, site: str | None) -> dict[str, Any]:
    """What the crawl emits for one page: extraction, then the clean pipeline."""
    definition = all_sites().get(site) if site else None
    raw = extract_article(html, url, site=site if definition else None)
    raw.setdefault("url", url)
    raw["site"] = site or url_site_name(url)
    return clean_article(raw, definition.tz if definition else None)


def expected_item(item: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in item.items() if name not in UNCOMPARED}


def fetch(source: str) -> tuple[str, str]:
    """HTML and URL of a page: a file path (its URL given separately) or a URL."""
    if re.match(r"https?://", source):
        with urllib.request.urlopen(source, timeout=30) as response:
            charset = response.headers.get_content_charset() or "utf-8"
            return response.read().decode(charset, errors="replace"), response.url
    return Path(source).read_text(encoding="utf-8", errors="replace"), ""


def add_site(source: str, name: str, url: str | None = None,
             fixtures: Path = FIXTURES, sites: Path = SITES) -> list[Path]:
    """Save the page and its drafted expected item; draft the definition if it is new."""
    name = site_name(name)  # it names a file and a folder: never "..", never a path
    if not re.fullmatch(NAME_PATTERN, name):
        # A module no crawl could load, which would stop every crawl that loads them all.
        raise ValueError(f"site name {name!r}: lowercase letters, digits and _ only")
    html, fetched_url = fetch(source)
    url = url or fetched_url
    if not url:
        raise ValueError("a saved file needs --url: the address the page was fetched from")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"--url {url!r}: not an http(s) address of a page")
    written = []
    definition = sites / f"{name}.py"
    if name not in all_sites() and not definition.exists():
        host = parts.netloc
        domain = (parts.hostname or "").removeprefix("www.")
        definition.write_text(SITE_TEMPLATE.format(
            host=host, name=name, domain=domain, scheme=parts.scheme))
        written.append(definition)
    last_segment = parts.path.rstrip("/").rsplit("/", 1)[-1]
    slug = re.sub(r"[^a-z0-9]+", "-", last_segment.lower()).strip("-")[:60] or "home"
    folder = fixtures / name
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / f"{slug}.html"
    page.write_text(html, encoding="utf-8")
    item = expected_item(article_item(html, url, name if name in all_sites() else None))
    item["site"] = name
    expected = page.with_suffix(".json")
    expected.write_text(json.dumps(item, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return [*written, page, expected]
