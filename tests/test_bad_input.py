"""The bad-input catalogue (tests/bad_input/cases.py), crawled over HTTP in one run.

Each hostile page must end in a correct item, a quarantined item with a clear reason, a
counted skip, or a counted duplicate; never a crash, never a silent loss.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bad_input import crawl
from bad_input.cases import EXTRA_ROUTES, Item, OneOf, Rejected, Skipped, cases, home_page
from bad_input.cases import site_definition as bad_site
from bad_input.server import RouteServer

from newscrawl.cleaning import canonical_key

CASE_NAMES = [case.name for case in cases("http://127.0.0.1:1")]


@dataclass
class Outcome:
    base_url: str
    cases: dict[str, Any]
    items: dict[str, dict[str, Any]]  # by canonical URL
    rejected: dict[str, list[str]]  # reasons, by canonical URL
    stats: dict[str, Any]
    stderr: str
    returncode: int

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
