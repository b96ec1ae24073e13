"""The bad-input catalogue (tests/bad_input/cases.py), crawled over HTTP in one run.

Each hostile page must end in a correct item, a quarantined item with a clear reason, a
counted skip, or a counted duplicate; never a crash, never a silent loss.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bad_input import crawl
from bad_input.cases import (
    EXTRA_ROUTES,
    Item,
    OneOf,
    Rejected,
    Skipped,
    article_html,
    cases,
    home_page,
)
from bad_input.cases import site_definition as bad_site
from bad_input.server import RouteServer

from newscrawl.cleaning import canonical_key
from newscrawl.sites.definition import SiteDefinition

CASE_NAMES = [case.name for case in cases("http://127.0.0.1:1")]
_LOG_RECORD = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[")
_DROP = re.compile(r"\] (\w+): Dropped: (\S+)")


@dataclass
class Outcome:
    base_url: str
    cases: dict[str, Any]
    items: dict[str, dict[str, Any]]  # by canonical URL
    rejected: dict[str, list[str]]  # reasons, by canonical URL
    stats: dict[str, Any]
    stderr: str
    returncode: int
    output: Path

    def url(self, path: str) -> str:
        return canonical_key(self.base_url + path)


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    workdir = tmp_path_factory.mktemp("bad_input")
    with RouteServer() as server:
        all_cases = cases(server.base_url)
        server.routes["/"] = (200, [("Content-Type", "text/html")], home_page(all_cases))
        for case in all_cases:
            server.routes[case.path] = (case.status, case.headers, case.body)
        server.routes.update(EXTRA_ROUTES)
        result = crawl.run(
            workdir, [bad_site(server.base_url)], "site=badinput",
            f"start_url={server.base_url}/",
            # The catalogue is mostly rejects: the rejected-share monitor would fail it.
            settings={"SPIDERMON_ENABLED": False, "NEWSCRAWL_STATE_DIR": workdir / "state"})
    feed = _jsonl(workdir / "output" / "badinput" / "articles.jsonl")
    quarantine = _jsonl(workdir / "output" / "badinput" / "rejected.jsonl")
    return Outcome(
        base_url=server.base_url,
        cases={case.name: case for case in all_cases},
        items={canonical_key(item["url"]): item for item in feed},
        rejected={canonical_key(record["item"]["url"]): record["reasons"]
                  for record in quarantine},
        stats=result.stats, stderr=result.stderr, returncode=result.returncode,
        output=result.output,
    )


def test_the_catalogue_is_large_enough():
    assert len(CASE_NAMES) >= 25
    assert len(set(CASE_NAMES)) == len(CASE_NAMES)


@pytest.mark.parametrize("name", CASE_NAMES)
def test_case_ends_as_expected(outcome, name, request):
    case = outcome.cases[name]
    if case.known_issue or case.known_crash:
        request.applymarker(pytest.mark.xfail(reason=case.known_issue or case.known_crash))
    expect = case.expect
    url = outcome.url(case.path)
    if isinstance(expect, Item):
        item = outcome.items.get(outcome.url(expect.at) if expect.at else url)
        assert item is not None, f"{name}: no item (rejected: {outcome.rejected.get(url)})"
        assert expect.check(item), f"{name}: wrong item {json.dumps(item)[:600]}"
    elif isinstance(expect, Rejected):
        assert url not in outcome.items, f"{name}: emitted, should be quarantined"
        assert expect.reason in outcome.rejected.get(url, []), \
            f"{name}: quarantine reasons {outcome.rejected.get(url)}"
    elif isinstance(expect, Skipped):
        assert url not in outcome.items and url not in outcome.rejected
        same = sum(1 for c in outcome.cases.values()
                   if isinstance(c.expect, Skipped) and c.expect.stat == expect.stat)
        assert outcome.stats.get(expect.stat) == same, f"{name}: {expect.stat} not counted"
    else:
        assert isinstance(expect, OneOf)
        group = [c for c in outcome.cases.values()
                 if isinstance(c.expect, OneOf) and c.expect.group == expect.group]
        kept = [item for item in outcome.items.values() if expect.check(item)]
        assert len(kept) == 1, f"{name}: {len(kept)} items of the story kept"
        assert outcome.stats.get(f"newscrawl/dedupe/{expect.reason}", 0) >= len(group) - 1


def test_near_duplicate_is_recorded_as_another_url(outcome):
    copies = [outcome.url(outcome.cases[name].path) for name in ("wire_story", "wire_story_copy")]
    kept = [key for key in copies if key in outcome.items]
    assert len(kept) == 1
    assert outcome.stats["newscrawl/dedupe/near_duplicate"] == 1


def test_nothing_is_lost_and_nothing_crashes(outcome):
    """Every article link is an item, a quarantined item, a counted skip or a duplicate."""
    stats = outcome.stats
    assert outcome.returncode == 0, outcome.stderr[-3000:]
    crashes = stats.get("spider_exceptions/count", 0)
    # Only a known, reported defect may still raise, and only on its own page.
    known_crashes = [case for case in outcome.cases.values() if case.known_crash
                     and outcome.url(case.path) not in outcome.items
                     and outcome.url(case.path) not in outcome.rejected]
    assert crashes == len(known_crashes), outcome.stderr[-3000:]
    skipped = Counter(case.expect.stat for case in outcome.cases.values()
                      if isinstance(case.expect, Skipped))
    duplicates = sum(v for k, v in stats.items() if k.startswith("newscrawl/dedupe/"))
    accounted = (len(outcome.items) + len(outcome.rejected) + duplicates
                 + sum(stats.get(stat, 0) for stat in skipped) + crashes)
    assert accounted == len(outcome.cases)
    # The rejected count is per item, the reasons per reason.
    assert stats["newscrawl/validate/rejected"] == len(outcome.rejected)


def test_every_drop_is_one_line_at_its_level(outcome):
    """A drop says why and names the URL in one line, with no item written under it: a
    quarantined item is a warning, a near-duplicate an INFO line, a repeated URL below
    INFO (the run logs at INFO)."""
    lines = outcome.stderr.splitlines()
    drops = [index for index, line in enumerate(lines) if "] WARNING: Dropped: " in line
             or "] INFO: Dropped: " in line]
    for index in drops:
        assert _LOG_RECORD.match(lines[index + 1]), f"under a drop: {lines[index + 1][:300]}"
    kinds = Counter(_DROP.search(lines[index]).groups() for index in drops)
    assert kinds == {("WARNING", "rejected"): len(outcome.rejected),
                     ("INFO", "near-duplicate"): 1}
    assert outcome.stats["newscrawl/dedupe/duplicate_url"] >= 1


def test_no_credentials_in_any_feed_or_the_store(outcome):
    """A canonical URL with user:password@ loses them before anything is written."""
    written = [path for path in outcome.output.rglob("*") if path.is_file()]
    assert any(path.suffix == ".sqlite3" for path in written)
    for path in written:
        assert b"secret" not in path.read_bytes(), path


@pytest.mark.parametrize("start_url", ["http://../", "http://%2e%2e/"])
def test_a_host_that_names_a_path_is_a_bad_argument(tmp_path, monkeypatch, start_url):
    """Exit 2 and one line, before anything is fetched or written (``..`` as the site's
    folder would put the feeds and the report beside ``output/``)."""
    with RouteServer() as server:
        # Were anything fetched, it would come here, not to a resolver.
        monkeypatch.setenv("http_proxy", server.base_url)
        result = crawl.run(tmp_path / "work", [], f"start_url={start_url}")
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    # Scrapy's own start-up lines come first; ours is the only one of newscrawl's.
    ours = [line for line in result.stderr.splitlines() if line.startswith("newscrawl:")]
    assert ours == [f"newscrawl: bad argument start_url={start_url!r}: '..' is not a host "
                    "name or IP address"], result.stderr[-2000:]
    assert server.hits == {}
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["sites.json", "work"]


def _sitemap(entries: list[tuple[str, str | None]]) -> bytes:
    urls = "".join(f"<url><loc>{loc}</loc>"
                   + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "") + "</url>"
                   for loc, lastmod in entries)
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns='
            f'"http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>').encode()


def _crawl_sitemap(tmp_path, server: RouteServer, articles: list[str],
                   entries: list[tuple[str, str | None]]) -> tuple[list[str], dict]:
    """A crawl of a test site whose only links are its sitemap's ``entries``; ``articles``:
    the paths it serves an article at. The URLs of the items, and the stats."""
    base = server.base_url
    html = [("Content-Type", "text/html; charset=utf-8")]
    server.routes["/"] = (200, html, b"<html><body><h1>Nothing here</h1></body></html>")
    for path in articles:
        server.routes[path] = (200, html, article_html(f"sitemap-{path}").encode())
    server.routes["/sitemap.xml"] = (200, [("Content-Type", "application/xml")],
                                     _sitemap(entries))
    site = SiteDefinition.model_validate(
        {**bad_site(base).model_dump(), "sitemaps": [f"{base}/sitemap.xml"]})
    result = crawl.run(tmp_path, [site], "site=badinput", f"start_url={base}/",
                       settings={"SPIDERMON_ENABLED": False})
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stats.get("spider_exceptions/count", 0) == 0, result.stderr[-3000:]
    return [item["url"] for item in result.feed("badinput")], result.stats


def test_a_lastmod_outside_utc_range_does_not_end_the_sitemap(tmp_path):
    """A known article whose sitemap <lastmod> is the year 10000 in UTC counts as
    unchanged, and the articles after it in the sitemap are still crawled."""
    with RouteServer() as server:
        base, paths = server.base_url, ["/news/known/", "/news/new/"]
        urls, _ = _crawl_sitemap(tmp_path, server, paths,
                                 [(f"{base}/news/known/", "2024-05-02T09:30:00+02:00")])
        assert urls == [f"{base}/news/known/"]
        urls, _ = _crawl_sitemap(tmp_path, server, paths,
                                 [(f"{base}/news/known/", "9999-12-31T23:00:00-10:00"),
                                  (f"{base}/news/new/", "2024-05-03T09:30:00+02:00")])
        assert urls == [f"{base}/news/new/"]


def test_a_sitemap_entry_that_is_no_url_is_counted_and_the_rest_crawled(tmp_path):
    with RouteServer() as server:
        after = f"{server.base_url}/news/after/"
        urls, stats = _crawl_sitemap(tmp_path, server, ["/news/after/"],
                                     [("http://[::1/news/broken/", None), (after, None)])
    assert stats["newscrawl/skipped/not_a_url"] == 1
    assert urls == [after]
