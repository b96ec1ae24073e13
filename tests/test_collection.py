"""Several sites in one crawl (``-a sites=``): demo sites on several loopback addresses, a
definition and generic sites mixed, each complete and on its own; a dead host is named
and fails the run while every other site is written in full."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from newscrawl.args import CrawlArgs
from newscrawl.cleaning import canonical_key
from newscrawl.collection import share_host
from newscrawl.demo.server import DemoServer
from newscrawl.ledger import open_ledger
from tests.conftest import ROOT

SITES = (("127.0.0.1", "finance", 90), ("127.0.0.2", "block", 30), ("127.0.0.3", "newspaper", 8))


def theme_truth(base_url: str, theme: str, articles: int, seed: int = 0) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-m", "newscrawl.demo", "truth", "--articles", str(articles),
         "--theme", theme, "--base-url", base_url, "--seed", str(seed)],
        check=True, capture_output=True, text=True).stdout
    return {json.loads(line)["url"] for line in out.splitlines()}


@pytest.fixture(scope="module")
def servers() -> Iterator[list[DemoServer]]:
    started = [DemoServer(n_articles=n, theme=theme, host=host) for host, theme, n in SITES]
    for server in started:
        server.start()
    yield started
    for server in started:
        server.stop()


@pytest.fixture
def dead_host() -> Iterator[str]:
    """An address that refuses connections: bound, never listening."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.4", 0))
        yield f"http://127.0.0.4:{sock.getsockname()[1]}/"


def site_list(path: Path, servers: list[DemoServer], *extra: str) -> Path:
    finance, block, newspaper = (server.base_url for server in servers)
    path.write_text(f"# one definition, two generic sites\n"
                    f"demo {finance}/\n{block}/\n\n{newspaper}/   # the small one\n"
                    + "".join(f"{line}\n" for line in extra))
    return path


def names(servers: list[DemoServer]) -> list[str]:
    return ["demo", *(urlsplit(server.base_url).netloc for server in servers[1:])]


def feed(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_every_site_complete_a_dead_one_named_and_the_run_failed(servers, dead_host, crawl,
                                                                 tmp_path):
    listing = site_list(tmp_path / "sites.txt", servers, dead_host)
    result = crawl(f"sites={listing}", options=("-O", "all.jsonl"), settings={
        "NEWSCRAWL_STATS_FILE": tmp_path / "stats" / "%(site)s.json",
        "NEWSCRAWL_STATE_DIR": tmp_path / "state"})
    dead = urlsplit(dead_host).netloc
    assert result.returncode == 3, result.stderr[-3000:]
    assert f"newscrawl: site {dead}: monitor failed: Items" in result.stderr
    assert f"newscrawl: 1 of 4 sites failed: {dead}" in result.stderr
    collected = feed(tmp_path / "all.jsonl")
    for site, server, (_, theme, articles) in zip(names(servers), servers, SITES, strict=True):
        items = result.feed(site)
        urls = [item["url"] for item in items]
        assert sorted(urls) == sorted(theme_truth(server.base_url, theme, articles)), site
        assert {item["site"] for item in items} == {site}
        # Each site has its own report, and its articles under its name in the one ledger.
        assert (result.output / site / "report.md").exists()
        with open_ledger(str(result.output / "newscrawl.sqlite3"), read_only=True) as ledger:
            assert sorted(item["url"] for item in ledger.articles(site)) == sorted(urls)
        assert sorted(item["url"] for item in collected if item["site"] == site) == sorted(urls)
    assert len(collected) == sum(articles for _, _, articles in SITES)
    assert result.feed(dead) == []
    summary = (result.output / "summary.md").read_text()
    assert summary.count("| ok |") == 3 and f"| {dead} | monitor failed" in summary
    # Fair: the small site is not held back behind the big one listed before it.
    stats = {site: json.loads((tmp_path / "stats" / f"{site}.json").read_text())
             for site in names(servers)}
    small, big = names(servers)[2], names(servers)[0]
    assert stats[small]["finish_time"] < stats[big]["finish_time"]


def test_limits_and_incremental_state_apply_to_each_site(servers, crawl, tmp_path):
    listing = site_list(tmp_path / "sites.txt", servers)
    settings = {"NEWSCRAWL_STATE_DIR": tmp_path / "state", "NEWSCRAWL_MIN_FILL": "{}",
                "NEWSCRAWL_STORE_PATH": tmp_path / "ledger.sqlite3"}
    first = crawl(f"sites={listing}", "max_articles=3", settings=settings,
                  workdir=tmp_path / "first")
    second = crawl(f"sites={listing}", "max_articles=3", settings=settings,
                   workdir=tmp_path / "second")
    for result in (first, second):
        assert result.returncode == 0, result.stderr[-3000:]
    for site in names(servers):
        before = {item["url"] for item in first.feed(site)}
        after = {item["url"] for item in second.feed(site)}
        assert len(before) == len(after) == 3, site
        assert not before & after, f"{site}: the second run delivered known articles again"


def test_a_bad_line_is_refused_before_anything_is_fetched(servers, crawl, tmp_path):
    listing = site_list(tmp_path / "sites.txt", servers, "reuters", "bbcc")
    result = crawl(f"sites={listing}")
    assert result.returncode == 2
    assert "line 7: unknown site 'bbcc'; did you mean bbc?" in result.stderr
    assert not result.output.exists()


def test_a_stopped_list_crawl_names_what_it_did_not_crawl_and_the_next_run_completes_it(
        servers, crawl, tmp_path):
    listing = site_list(tmp_path / "sites.txt", servers)
    settings = {"NEWSCRAWL_STATE_DIR": tmp_path / "state", "NEWSCRAWL_SITES_AT_ONCE": 1,
                "DOWNLOAD_DELAY": 0.05, "NEWSCRAWL_STORE_PATH": tmp_path / "ledger.sqlite3"}
    first_dir = tmp_path / "first"
    first_dir.mkdir()
    command = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"sites={listing}",
               *(arg for name, value in settings.items() for arg in ("-s", f"{name}={value}"))]
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    with (first_dir / "stderr.log").open("w") as log:
        proc = subprocess.Popen(command, cwd=first_dir, env=env, stderr=log)
        demo_feed = first_dir / "output" / "demo" / "articles.jsonl"
        deadline = time.monotonic() + 120
        while not (demo_feed.exists() and demo_feed.stat().st_size):  # mid-way through demo
            assert proc.poll() is None and time.monotonic() < deadline, "no batch delivered"
            time.sleep(0.1)
        proc.send_signal(signal.SIGINT)  # Ctrl-C, once: a graceful stop
        assert proc.wait(timeout=120) == 0, (first_dir / "stderr.log").read_text()[-3000:]
    summary = (first_dir / "output" / "summary.md").read_text()
    later = names(servers)[1:]
    assert "| demo | stopped before it finished" in summary
    assert all(f"| {site} | not crawled" in summary for site in later)
    assert "not crawled" in (first_dir / "stderr.log").read_text()
    # In the same folder: the run that completes the stopped one appends to the sites'
    # feeds, whose first articles it skips as delivered (it replaced those files before).
    second = crawl(f"sites={listing}", settings=settings, workdir=first_dir)
    assert second.returncode == 0, second.stderr[-3000:]
    assert "the last crawl of demo did not finish" in second.stderr
    for site, server, (_, theme, articles) in zip(names(servers), servers, SITES, strict=True):
        urls = [item["url"] for item in second.feed(site)]
        assert sorted(urls) == sorted(theme_truth(server.base_url, theme, articles)), site


def test_sites_on_one_host_take_turns_while_other_hosts_crawl_at_once(crawl, tmp_path):
    # Two sites on 127.0.0.5 (two ports: one machine), one on 127.0.0.6.
    sites = [DemoServer(n_articles=20, theme="block", host="127.0.0.5", seed=1),
             DemoServer(n_articles=20, theme="newspaper", host="127.0.0.5", seed=2),
             DemoServer(n_articles=20, theme="finance", host="127.0.0.6", seed=3)]
    for server in sites:
        server.start()
    try:
        result = crawl(f"sites={','.join(server.base_url + '/' for server in sites)}",
                       settings={"NEWSCRAWL_STATS_FILE": tmp_path / "stats" / "%(site)s.json",
                                 "DOWNLOAD_DELAY": 0.02})
    finally:
        for server in sites:
            server.stop()
    assert result.returncode == 0, result.stderr[-3000:]
    spans = {}
    for server, seed in zip(sites, (1, 2, 3), strict=True):
        site = urlsplit(server.base_url).netloc
        urls = {item["url"] for item in result.feed(site)}
        assert urls == theme_truth(server.base_url, server.app.theme.key, 20, seed), site
        stats = json.loads((tmp_path / "stats" / f"{site}.json").read_text())
        spans[site] = (stats["start_time"], stats["finish_time"])
    first, second, _ = (spans[urlsplit(server.base_url).netloc] for server in sites)
    assert first[1] <= second[0], f"two sites of 127.0.0.5 crawled at once: {spans}"


def test_sites_share_a_host_by_name_or_subdomain():
    bbc = CrawlArgs(site="bbc").hosts
    assert share_host(bbc, frozenset({"www.bbc.co.uk"}))
    assert not share_host(bbc, CrawlArgs(site="reuters").hosts)
    demo = CrawlArgs(site="demo").hosts
    assert share_host(demo, CrawlArgs(start_url="http://127.0.0.1:8001/").hosts)
    assert not share_host(demo, CrawlArgs(start_url="http://127.0.0.2:8000/").hosts)


def every_truth(servers: list[DemoServer]) -> set[str]:
    return {url for server, (_, theme, articles) in zip(servers, SITES, strict=True)
            for url in theme_truth(server.base_url, theme, articles)}


def test_a_feed_without_site_in_its_name_is_one_file_for_every_site(servers, crawl, tmp_path):
    # Scrapyd's items file of a job is such a feed; a CSV one shows each header is one.
    feeds = {"all.jsonl": {"format": "jsonlines"}, "all.csv": {"format": "csv"},
             "own/%(site)s.jsonl": {"format": "jsonlines"}}
    listing = site_list(tmp_path / "sites.txt", servers)
    result = crawl(f"sites={listing}", settings={"FEEDS": json.dumps(feeds)})
    assert result.returncode == 0, result.stderr[-3000:]
    collected = feed(tmp_path / "all.jsonl")
    assert sorted(item["url"] for item in collected) == sorted(every_truth(servers))
    rows = (tmp_path / "all.csv").read_text().splitlines()
    assert sum(row.startswith("url,") for row in rows) == 1
    for site in names(servers):
        own = feed(tmp_path / "own" / f"{site}.jsonl")
        assert own and [item["url"] for item in own] == [
            item["url"] for item in collected if item["site"] == site]
        assert not (result.output / site / "articles.jsonl").exists()


def test_a_shared_feed_that_fills_up_fails_every_site_and_the_next_run_delivers_the_rest(
        servers, crawl, tmp_path):
    # Files of at most 250 kB: the shared feed or the store fills up, mid-run, while the
    # sites deliver into it in turns (Python ignores SIGXFSZ: a write fails with EFBIG).
    settings = {"FEEDS": json.dumps({"all.jsonl": {"format": "jsonlines"}}),
                "NEWSCRAWL_STORE_COMMIT_ITEMS": 5}
    listing = site_list(tmp_path / "sites.txt", servers)
    full = crawl(f"sites={listing}", settings=settings,
                 program=("prlimit", "--fsize=250000", sys.executable, "-m", "scrapy"))
    assert full.returncode == 4, full.stderr[-3000:]
    assert "output not written" in full.stderr
    assert "File too large" in full.stderr or "disk I/O error" in full.stderr
    shared = tmp_path / "all.jsonl"
    written = [canonical_key(item["url"]) for item in feed(shared)]
    # No half line: taken back to a whole batch (nothing, when the store filled up first).
    assert shared.read_bytes().endswith(b"\n") or not shared.stat().st_size
    assert len(written) < len(every_truth(servers))
    # The store counts as delivered exactly what the shared file holds.
    with sqlite3.connect(f"file:{tmp_path / 'output' / 'newscrawl.sqlite3'}?mode=ro",
                         uri=True) as db:
        delivered = {key for (key,) in db.execute(
            "SELECT key FROM articles WHERE delivered = version")}
    assert delivered == set(written)

    rerun = crawl(f"sites={listing}", settings=settings)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    urls = [canonical_key(item["url"]) for item in feed(shared)]
    assert len(urls) == len(set(urls)), "an article was delivered twice"
    assert set(urls) == {canonical_key(url) for url in every_truth(servers)}


@pytest.mark.parametrize("fmt", ["json", "csv", "jsonlines"])
def test_a_batch_taken_back_leaves_the_collected_file_whole(tmp_path, fmt):
    """A site whose own delivery fails takes back what it wrote into the feed every site
    shares: that took the JSON array's opening "[" (or the CSV header) with it when it
    came before any batch, or left the exporter thinking its first item was written."""
    from scrapy.settings import Settings

    from newscrawl import settings as project
    from newscrawl.collection import CollectedFeeds

    path = tmp_path / f"all.{fmt}"
    feeds = CollectedFeeds({str(path): {"format": fmt, "overwrite": True}},
                           Settings(vars(project)))

    def item(n: int) -> dict:
        return {"url": f"http://n.test/{n}/", "title": f"Story {n}", "authors": ["Jane Doe"]}

    feeds.take_back()  # a site failed before anyone delivered
    feeds.write([item(1)])
    feeds.take_back()  # the first batch of all, taken back
    feeds.write([item(2), item(3)])
    feeds.settle()
    feeds.write([item(4)])
    feeds.take_back()
    feeds.write([item(5)])
    feeds.settle()
    assert feeds.close() == []
    text = path.read_text(encoding="utf-8")
    if fmt == "json":
        urls = [found["url"] for found in json.loads(text)]
    elif fmt == "jsonlines":
        urls = [json.loads(line)["url"] for line in text.splitlines()]
    else:
        lines = text.splitlines()
        assert lines[0].startswith("url,")  # one header, first
        urls = [line.split(",")[0] for line in lines[1:]]
    assert urls == ["http://n.test/2/", "http://n.test/3/", "http://n.test/5/"]
