"""Generic mode: demo sites in three themes crawled with no site definition at all."""

from __future__ import annotations

import json
import subprocess
import sys
from urllib.parse import urlsplit

import pytest

from newscrawl.demo.server import DemoServer
from newscrawl.demo.truth import TRUTH_FIELDS

# The site name is the host (and port) in generic mode; the rest must match the ground truth.
COMPARED = [name for name in TRUTH_FIELDS if name != "site"]
ARTICLES = 60


def theme_truth(base_url: str, theme: str) -> dict[str, dict]:
    out = subprocess.run(
        [sys.executable, "-m", "newscrawl.demo", "truth", "--articles", str(ARTICLES),
         "--theme", theme, "--base-url", base_url],
        check=True, capture_output=True, text=True).stdout
    return {record["url"]: record for record in map(json.loads, out.splitlines())}


@pytest.mark.parametrize("theme", ["finance", "block", "newspaper"])
def test_generic_crawl_of_each_theme(theme, crawl, tmp_path):
    with DemoServer(n_articles=ARTICLES, theme=theme) as server:
        result = crawl(f"start_url={server.base_url}/",
                       settings={"NEWSCRAWL_STATE_DIR": tmp_path / "state"})
        expected = theme_truth(server.base_url, theme)
    assert result.returncode == 0, result.stderr[-3000:]
    items = result.feed(urlsplit(server.base_url).netloc)
    urls = [item["url"] for item in items]
    assert len(urls) == len(set(urls))
    assert set(urls) == set(expected), "recall and precision must both be 1.0"
    wrong = [f"{item['url']} {name}: {item[name]!r} != {expected[item['url']][name]!r}"
             for item in items for name in COMPARED
             if item[name] != expected[item["url"]][name]]
    exact = {item["url"] for item in items} - {line.split()[0] for line in wrong}
    assert len(exact) >= 0.95 * len(expected), "\n".join(wrong[:8])
    # Clean article pages: every body confident, as the run report says.
    assert all(item["body_confidence"] >= 0.5 for item in items)
    assert "newscrawl/health/body_confidence/uncertain" not in result.stats
