"""Shared fixtures: the demo site over real HTTP on 127.0.0.1, crawls in a subprocess, and
throwaway PostgreSQL servers on 127.0.0.1."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from postgres_server import PostgresServer, require_postgres

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def demo_url() -> Iterator[str]:
    """The 240-article demo site, served for the whole test session."""
    from newscrawl.demo.server import DemoServer

    with DemoServer(n_articles=240) as server:
        yield server.base_url


@dataclass
class CrawlResult:
    returncode: int
    stderr: str
    output: Path
    stats: dict[str, Any] = field(default_factory=dict)

    def feed(self, site: str, name: str = "articles.jsonl") -> list[dict[str, Any]]:
        path = self.output / site / name
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


SCRAPY = (sys.executable, "-m", "scrapy")


def run_crawl(workdir: Path, *args: str, settings: dict[str, Any] | None = None,
              timeout: float = 300, program: tuple[str, ...] = SCRAPY,
              options: tuple[str, ...] = ()) -> CrawlResult:
    """``scrapy crawl news`` in a subprocess, in ``workdir`` (feeds land in workdir/output).

    ``program`` is what runs Scrapy's command line (a wrapper that registers test sites);
    ``options``: more of its options (``-O all.jsonl``).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    stats_path = workdir / "stats.json"
    command = [*program, "crawl", "news", *options,
               "-s", f"NEWSCRAWL_STATS_FILE={stats_path}"]
    for name, value in (settings or {}).items():
        command += ["-s", f"{name}={value}"]
    for arg in args:
        command += ["-a", arg]
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run(command, cwd=workdir, env=env, capture_output=True, text=True,
                          timeout=timeout)
    stats = json.loads(stats_path.read_text()) if stats_path.exists() else {}
    return CrawlResult(proc.returncode, proc.stderr, workdir / "output", stats)


@pytest.fixture
def crawl(tmp_path: Path) -> Callable[..., CrawlResult]:
    """Run a crawl; ``workdir=`` keeps runs of one test apart (default: the test's tmp_path)."""

    def run(*args: str, workdir: Path | None = None, **kwargs: Any) -> CrawlResult:
        return run_crawl(workdir or tmp_path, *args, **kwargs)

    return run


def demo_truth(base_url: str, articles: int = 240) -> dict[str, dict[str, Any]]:
    """The demo site's ground truth by URL, from its own command."""
    out = subprocess.run(
        [sys.executable, "-m", "newscrawl.demo", "truth", "--articles", str(articles),
         "--base-url", base_url],
        check=True, capture_output=True, text=True,
    ).stdout
    return {record["url"]: record for record in map(json.loads, out.splitlines())}


def demo_sections(base_url: str) -> int:
    """Category links in the demo home page's menu (one leads to a removed section)."""
    from scrapy.http import HtmlResponse

    from newscrawl.sites import get_site
    from newscrawl.spiders.links import SiteLinks

    with urllib.request.urlopen(base_url + "/") as response:
        home = HtmlResponse(base_url + "/", body=response.read())
    return len(SiteLinks(get_site("demo")).categories(home))


def demo_discovery_requests(base_url: str) -> int:
    """Feeds and sitemaps a demo crawl fetches: the feed, the index, its article sitemaps."""
    from newscrawl.extract.feeds import parse_discovery
    from newscrawl.sites import get_site
    from newscrawl.spiders.links import SiteLinks

    with urllib.request.urlopen(base_url + "/sitemap.xml") as response:
        index = parse_discovery(response.read())
    links = SiteLinks(get_site("demo"))
    return 2 + sum(1 for entry in index if entry.is_sitemap and links.is_article_sitemap(entry.url))


@pytest.fixture
def truth() -> Callable[..., dict[str, dict[str, Any]]]:
    return demo_truth


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL for the whole session (~1 s to start), shared: tests that stop,
    restart or kill a server use ``own_postgres``, so no other test finds it down."""
    require_postgres()
    with PostgresServer() as server:
        yield server


_databases = itertools.count(1)


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty database on the session's server; dropped after the test."""
    name = f"test_{next(_databases)}"
    url = postgres_server.create_database(name)
    yield url
    postgres_server.drop_database(name)


@pytest.fixture
def own_postgres() -> Iterator[PostgresServer]:
    """A test's own server, for tests that stop, restart or kill it; removed after the test."""
    require_postgres()
    with PostgresServer() as server:
        yield server
