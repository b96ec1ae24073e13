"""Every site definition against its saved pages: tests/sites/<site>/<page>.html + .json."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from newscrawl.addsite import article_item, expected_item
from newscrawl.sites import all_sites

HERE = Path(__file__).parent


def cases():
    for name in all_sites():
        pages = sorted((HERE / name).glob("*.html"))
        if not pages:
            yield pytest.param(name, None, id=f"{name}/no-fixture")
        for page in pages:
            yield pytest.param(name, page, id=f"{name}/{page.stem}")


@cache
def crawled(site: str, page: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The page's expected item and what the crawl emits for it (once for both tests)."""
    expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    return expected, article_item(page.read_text(encoding="utf-8"), expected["url"], site)


@pytest.mark.parametrize(("site", "page"), list(cases()))
def test_site_definition_extracts_expected_item(site: str, page: Path | None):
    assert page is not None, f"site {site!r} has no saved page in tests/sites/{site}/"
    expected, item = crawled(site, page)
    got = expected_item(item)
    wrong = [
        f"{name}: got {got.get(name)!r}, expected {value!r}"
        for name, value in expected.items()
        if got.get(name) != value
    ]
    assert not wrong, f"{site}/{page.name} wrong field(s):\n" + "\n".join(wrong)


@pytest.mark.parametrize(("site", "page"), [case for case in cases() if case.values[1]])
def test_site_queries_give_their_fields(site: str, page: Path):
    """Each field the definition has a query for comes from that query: a generic fallback
    must not hide a broken selector behind a right value.

    A field may be empty instead, when the page lacks it (no figure, no byline, never
    updated): no selector is to blame then, and the expected item (which the test above
    compares) says it is empty. Such a field can still show a fallback's provenance: the
    JSON-LD ``dateModified`` of an article never updated is its publication date, which the
    clean step drops.
    """
    definition = all_sites()[site]
    queried = [*definition.fields, *(["body"] if definition.body else []),
               *(["images"] if definition.images else [])]
    _, item = crawled(site, page)
    elsewhere = [f"{name}: from {item['provenance'].get(name)!r}, {item[name]!r}"
                 for name in queried
                 if item[name] not in (None, "", []) and item["provenance"].get(name) != "site"]
    assert not elsewhere, (f"{site}/{page.name}: not from the definition's query:\n"
                           + "\n".join(elsewhere))
