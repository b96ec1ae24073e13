"""Every page of every shared benchmark set gives a result: no page makes extraction raise.

The sets live in ``../shared/bench`` beside the clone (as for ``benchmarks/shared_bench.py``);
without it the test skips, and fails under ``NEWSCRAWL_REQUIRE_ALL=1`` (CI has it).
Pages are decoded as the shared evaluators decode them (UTF-8, bad bytes replaced).
"""

from __future__ import annotations

import gzip
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from newscrawl.extract import extract_article
from newscrawl.sites import site_for_url

BENCH = Path(__file__).resolve().parents[2].parent / "shared" / "bench"


def _pages(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.name.endswith((".html", ".html.gz")))


def _sets() -> list[str]:
    if not BENCH.is_dir():
        return []
    return sorted(folder.name for folder in BENCH.iterdir()
                  if folder.is_dir() and _pages(folder))


@cache
def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _url(page: Path) -> str:
    """The page's URL from its ground truth, in whichever layout the set has: ``<id>.json``
    beside the page (fundus), ``../ground-truth/<id>.json`` (wcxb) or one
    ``../ground-truth.json`` by id (zyte). Without one, a URL the page could have had."""
    page_id = page.name.split(".html")[0]
    for truth in (_json(page.with_name(f"{page_id}.json")),
                  _json(page.parent.parent / "ground-truth" / f"{page_id}.json"),
                  _json(page.parent.parent / "ground-truth.json").get(page_id, {})):
        if isinstance(truth, dict) and isinstance(truth.get("url"), str) and truth["url"]:
            return truth["url"]
    return f"https://news.test/{page_id}"


def _html(page: Path) -> str:
    raw = page.read_bytes()
    return (gzip.decompress(raw) if page.suffix == ".gz" else raw).decode("utf-8", "replace")


@pytest.mark.parametrize("name", _sets() or ["(none)"])
def test_no_page_of_a_shared_set_makes_extraction_raise(name: str) -> None:
    if not BENCH.is_dir():
        message = f"no shared benchmark sets at {BENCH}"
        if os.environ.get("NEWSCRAWL_REQUIRE_ALL") == "1":
            pytest.fail(message)
        pytest.skip(message)
    failures = {}
    pages = _pages(BENCH / name)
    for page in pages:
        html, url = _html(page), _url(page)
        # Generic mode, and the page's site definition where a crawl would use one.
        for site in (None, "auto") if site_for_url(url) else (None,):
            try:
                found = extract_article(html, url, site)
            except Exception as exc:
                failures[f"{page.relative_to(BENCH)} site={site}"] = f"{type(exc).__name__}: {exc}"
            else:
                assert "provenance" in found
    assert not failures, f"{len(failures)} extractions raised ({len(pages)} pages): {failures}"
