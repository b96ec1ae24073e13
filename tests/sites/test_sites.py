"""Every site definition against its saved pages: tests/sites/<site>/<page>.html + .json."""

from __future__ import annotations

import json
from pathlib import Path

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


@pytest.mark.parametrize(("site", "page"), list(cases()))
def test_site_definition_extracts_expected_item(site: str, page: Path | None):
    assert page is not None, f"site {site!r} has no saved page in tests/sites/{site}/"
    expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    got = expected_item(article_item(page.read_text(encoding="utf-8"), expected["url"], site))
    wrong = [
        f"{name}: got {got.get(name)!r}, expected {value!r}"
        for name, value in expected.items()
        if got.get(name) != value
    ]
    assert not wrong, f"{site}/{page.name} wrong field(s):\n" + "\n".join(wrong)
