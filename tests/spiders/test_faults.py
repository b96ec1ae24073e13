"""Faults during a crawl: a full disk, an output folder that cannot be written, SIGKILL
between store commits, a second crawl of the same site, ``-o``/``-O`` beside the project's
feeds. Real crawls of the demo site over HTTP; each checks that no article is lost or
delivered twice, and that a failed run says so (exit status and one line)."""

from __future__ import annotations

import csv
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from newscrawl.cleaning import canonical_key
from tests.conftest import ROOT, run_crawl

FEED = Path("output/demo/articles.jsonl")


def _lines(path: Path) -> list[dict]:
    """Every line of a feed, each of which must be whole JSON (a SIGKILL in the middle of
    a write may cut the last one: its item was not recorded, the next run delivers it)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().split("\n")[:-1]]


def _rows(path: Path, sql: str) -> set[str]:
    if not path.exists():
        return set()
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        try:
            return {row[0] for row in db.execute(sql)}
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):  # polled while the crawl makes the tables
                return set()
            raise


def _seen(workdir: Path) -> set[str]:
    """What the next run skips: articles the ledger records as delivered."""
    return _rows(workdir / "output" / "newscrawl.sqlite3",
                 "SELECT key FROM articles WHERE delivered > 0")


def _delivered(workdir: Path) -> set[str]:
    return _rows(workdir / "output" / "newscrawl.sqlite3",
                 "SELECT key FROM articles WHERE delivered = version")


def _stored(workdir: Path) -> set[str]:
    return _rows(workdir / "output" / "newscrawl.sqlite3", "SELECT key FROM articles")


def _keys(items: list[dict]) -> list[str]:
    return [canonical_key(item["url"]) for item in items]


def _popen(workdir: Path, *args: str, settings: dict | None = None) -> subprocess.Popen:
    command = [sys.executable, "-m", "scrapy", "crawl", "news"]
    for name, value in (settings or {}).items():
        command += ["-s", f"{name}={value}"]
    for arg in args:
        command += ["-a", arg]
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings", "PYTHONPATH": str(ROOT)}
    workdir.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(command, cwd=workdir, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)


def _wait_for(condition, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, "the crawl ended too early: " + process.stderr.read()
        assert time.monotonic() < deadline, "timed out waiting for the crawl"
        time.sleep(0.05)


def test_a_full_disk_fails_the_run_and_the_rerun_delivers_the_rest(demo_url, tmp_path, truth):
    # Files of at most 500 kB: the store (or a feed) fills up after some dozens of articles.
    # Python ignores SIGXFSZ, so a write past the limit fails with EFBIG, as on a full disk.
    limited = ("prlimit", "--fsize=500000", sys.executable, "-m", "scrapy")
    full = run_crawl(tmp_path, "site=demo", f"start_url={demo_url}/", program=limited,
                     settings={"NEWSCRAWL_STORE_COMMIT_ITEMS": 10})
    assert full.returncode == 4, full.stderr[-2000:]
    failure = [line for line in full.stderr.splitlines() if "newscrawl: output not written" in line]
    # The feed or the store, whichever reached the limit first, named with the error.
    assert len(failure) == 1 and "output/" in failure[0], full.stderr[-2000:]
    assert "File too large" in failure[0] or "disk I/O error" in failure[0]
    written = _lines(tmp_path / FEED)
    assert (tmp_path / FEED).read_bytes().endswith(b"\n")  # no half line: it was taken back
    assert 0 < len(written) < 240
    # Every item that passed the pipelines is counted as delivered or as left for later.
    stats = full.stats
    assert stats["newscrawl/feeds/delivered"] == len(written)
    assert (stats["newscrawl/feeds/delivered"] + stats.get("newscrawl/feeds/not_delivered", 0)
            == stats["item_scraped_count"])
    assert _seen(tmp_path) <= _delivered(tmp_path) <= set(_keys(written))

    rerun = run_crawl(tmp_path, "site=demo", f"start_url={demo_url}/")
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    urls = _keys(_lines(tmp_path / FEED))  # appended to the failed run's feed
    assert urls[:len(written)] == _keys(written)
    assert len(urls) == len(set(urls)), "an article was delivered twice"
    assert set(urls) == set(map(canonical_key, truth(demo_url)))
    assert _stored(tmp_path) == _delivered(tmp_path) == set(urls)


def test_an_output_folder_that_cannot_be_written_fails_the_run_and_loses_nothing(
        demo_url, tmp_path, truth):
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "demo").write_text("a file where the feeds' folder should be")
    blocked = run_crawl(tmp_path, "site=demo", f"start_url={demo_url}/")
    assert blocked.returncode == 4, blocked.stderr[-2000:]
    assert "output/demo" in blocked.stderr and "newscrawl: cannot write" in blocked.stderr
    assert _seen(tmp_path) == set() and _delivered(tmp_path) == set()
    assert blocked.stats["newscrawl/feeds/write_failed"] == 1

    (tmp_path / "output" / "demo").unlink()
    rerun = run_crawl(tmp_path, "site=demo", f"start_url={demo_url}/")
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert set(_keys(_lines(tmp_path / FEED))) == set(map(canonical_key, truth(demo_url)))


def test_sigkill_leaves_nothing_seen_that_the_store_lacks(demo_url, tmp_path, truth):
    # Small batches: the kill lands between two of them, after some were delivered.
    settings = {"NEWSCRAWL_STORE_COMMIT_ITEMS": 20, "CONCURRENT_REQUESTS": 4}
    first = _popen(tmp_path, "site=demo", f"start_url={demo_url}/", settings=settings)
    _wait_for(lambda: len(_seen(tmp_path)) >= 60, first)
    first.send_signal(signal.SIGKILL)
    first.wait()
    killed = _lines(tmp_path / FEED)
    assert 60 <= len(killed) < 240
    # What the next run will not fetch is in the store and in the feed.
    assert _seen(tmp_path) <= _delivered(tmp_path) <= set(_keys(killed))

    # The run that completes the killed one appends to its feeds: they replaced the
    # killed run's files, whose articles this run skips as seen, and a reader who had not
    # read them in between never saw those articles.
    second = run_crawl(tmp_path, "site=demo", f"start_url={demo_url}/")
    assert second.returncode == 0, second.stderr[-2000:]
    urls = _keys(_lines(tmp_path / FEED))
    assert urls[:len(killed)] == _keys(killed)
    everything = set(map(canonical_key, truth(demo_url)))
    assert set(urls) == everything
    # Twice only for a kill between a batch's feed write and its recording: that batch.
    twice = {url for url in urls if urls.count(url) > 1}
    assert twice <= set(_keys(killed)[-20:]), "an article was delivered twice"
    assert _stored(tmp_path) == _delivered(tmp_path) == _seen(tmp_path) == everything
    assert "the last crawl of demo did not finish" in second.stderr
    with (tmp_path / FEED.with_suffix(".csv")).open(newline="") as csv_file:
        rows = list(csv.reader(csv_file))
    assert [row[0] for row in rows].count("url") == 1  # one header row
    assert {canonical_key(row[0]) for row in rows[1:]} == everything

    # After a crawl that finished, the next one replaces the feeds (nothing new here).
    third = run_crawl(tmp_path, "site=demo", f"start_url={demo_url}/")
    assert third.returncode == 0, third.stderr[-2000:]
    assert _lines(tmp_path / FEED) == []


def test_a_second_crawl_of_the_same_site_is_refused_while_the_first_runs(tmp_path, truth):
    from newscrawl.demo.server import DemoServer

    with DemoServer(n_articles=240) as server:
        # One request at a time, slowly enough that the second crawl meets the first.
        first = _popen(tmp_path, "site=demo", f"start_url={server.base_url}/",
                       settings={"CONCURRENT_REQUESTS": 1, "DOWNLOAD_DELAY": 0.05})
        lock = tmp_path / ".newscrawl" / "demo.lock"
        _wait_for(lambda: lock.exists() and f"pid {first.pid}" in lock.read_text(), first)
        second = run_crawl(tmp_path, "site=demo", f"start_url={server.base_url}/")
        assert second.returncode == 2
        refusal = [line for line in second.stderr.splitlines() if line.startswith("newscrawl:")]
        assert len(refusal) == 1, second.stderr[-2000:]
        assert "already being crawled" in refusal[0] and f"pid {first.pid} since" in refusal[0]
        assert not second.stats, "the refused crawl ran"

        # A killed crawl's lock is free at once: the next crawl takes it over.
        first.send_signal(signal.SIGKILL)
        first.wait()
        third = run_crawl(tmp_path, "site=demo", f"start_url={server.base_url}/")
        assert third.returncode == 0, third.stderr[-2000:]
        everything = set(map(canonical_key, truth(server.base_url)))
        assert _seen(tmp_path) == everything


def test_output_options_replace_the_project_feeds(demo_url, tmp_path):
    full = run_crawl(tmp_path, "site=demo", f"start_url={demo_url}/")
    assert full.returncode == 0, full.stderr[-2000:]
    feeds = {name: (tmp_path / "output" / "demo" / name).read_bytes()
             for name in ("articles.jsonl", "articles.csv")}
    assert len(feeds["articles.jsonl"].splitlines()) == 240

    command = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", "site=demo",
               "-a", f"start_url={demo_url}/", "-a", "max_articles=5", "-O", "first5.jsonl",
               "-s", "NEWSCRAWL_INCREMENTAL=0", "-s", "NEWSCRAWL_STORE_PATH="]
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings", "PYTHONPATH": str(ROOT)}
    only = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=300)
    assert only.returncode == 0, only.stderr[-2000:]
    assert len(_lines(tmp_path / "first5.jsonl")) == 5
    for name, content in feeds.items():
        assert (tmp_path / "output" / "demo" / name).read_bytes() == content, name


def test_a_refused_argument_is_in_the_log_file_too(tmp_path):
    # Scrapyd gives each job a LOG_FILE and keeps the runner's stderr in its own log only.
    log = tmp_path / "job.log"
    refused = run_crawl(tmp_path, "start_url=not a url", settings={"LOG_FILE": str(log)})
    assert refused.returncode == 2
    assert "newscrawl: bad argument start_url" in refused.stderr
    assert "newscrawl: bad argument start_url" in log.read_text()


def test_a_state_folder_that_cannot_be_written_is_one_line_before_anything_runs(demo_url,
                                                                              tmp_path):
    (tmp_path / "state").write_text("a file where the state folder should be")
    refused = run_crawl(tmp_path, "site=demo", f"start_url={demo_url}/",
                        settings={"NEWSCRAWL_STATE_DIR": tmp_path / "state"})
    assert refused.returncode == 2
    assert "Traceback" not in refused.stderr
    assert "newscrawl: cannot lock the state of site demo" in refused.stderr
    assert not refused.stats, "the crawl ran"


def test_a_feed_scrapy_cannot_use_fails_the_run_before_anything_is_fetched(demo_url, tmp_path):
    # Scrapy logs an unknown scheme or format, switches every feed off and crawls on: a run
    # exiting 0 with its articles written nowhere.
    unusable = run_crawl(tmp_path, "site=demo", f"start_url={demo_url}/", settings={
        "FEEDS": json.dumps({"nosuchscheme://bucket/%(site)s.jsonl": {"format": "jsonlines"},
                             "output/%(site)s/articles.csv": {"format": "csv"}})})
    assert unusable.returncode == 4, unusable.stderr[-2000:]
    [line] = [line for line in unusable.stderr.splitlines() if line.startswith("newscrawl:")]
    assert line.startswith("newscrawl: output not written: nosuchscheme://bucket/")
    assert "Unknown feed storage scheme: nosuchscheme" in unusable.stderr
    assert unusable.stats["finish_reason"] == "feed_write_failed"
    assert "downloader/request_count" not in unusable.stats, "pages were fetched"
    assert "returned no items" not in unusable.stderr  # the feed is to blame, not the site
    assert not _stored(tmp_path)

    rerun = run_crawl(tmp_path, "site=demo", f"start_url={demo_url}/")
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert len(_lines(tmp_path / FEED)) == 240


def _store_refused(result, location: str) -> None:
    assert result.returncode == 4, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    [line] = [line for line in result.stderr.splitlines() if line.startswith("newscrawl:")]
    assert line.startswith("newscrawl: output not written: cannot ") and location in line
    assert not result.stats, "the crawl ran"


def test_a_store_that_cannot_be_opened_is_one_line_before_anything_is_fetched(
        demo_url, tmp_path, truth):
    (tmp_path / "blocked").write_text("a file where the store's folder should be")
    store = tmp_path / "blocked" / "newscrawl.sqlite3"
    one = run_crawl(tmp_path, "site=demo", f"start_url={demo_url}/",
                    settings={"NEWSCRAWL_STORE_PATH": store})
    _store_refused(one, str(store))
    # A crawl of several sites opens the one ledger they share the same way.
    (tmp_path / "sites.txt").write_text(f"demo {demo_url}/\n")
    several = run_crawl(tmp_path, f"sites={tmp_path / 'sites.txt'}",
                        settings={"NEWSCRAWL_STORE_PATH": store})
    _store_refused(several, str(store))
    assert not (tmp_path / FEED).exists()


def test_a_postgresql_store_that_refuses_connections_is_one_line(demo_url, tmp_path):
    # A port held bound but not listening: connections to it are refused.
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        url = f"postgresql://127.0.0.1:{held.getsockname()[1]}/articles"
        refused = run_crawl(tmp_path, "site=demo", f"start_url={demo_url}/",
                            settings={"NEWSCRAWL_STORE_URL": url})
    _store_refused(refused, url)


def test_an_unreadable_seen_state_file_of_an_older_newscrawl_stops_the_crawl(
        demo_url, tmp_path, truth):
    # Before, the spider's ledger read failed in a signal handler: a traceback, the crawl
    # ran on without its skip check and stop rule, and it exited 0.
    old = tmp_path / ".newscrawl" / "demo.sqlite3"
    old.parent.mkdir()
    old.write_text("not a database")
    refused = run_crawl(tmp_path, "site=demo", f"start_url={demo_url}/")
    assert refused.returncode == 4, refused.stderr[-2000:]
    assert "Traceback" not in refused.stderr
    [line] = [line for line in refused.stderr.splitlines() if line.startswith("newscrawl:")]
    assert str(old.relative_to(tmp_path)) in line and "move it away" in line
    assert refused.stats["finish_reason"] == "store_write_failed"
    assert not _lines(tmp_path / FEED) and not _stored(tmp_path)
    old.rename(tmp_path / "demo.sqlite3.unreadable")  # what the line says to do
    again = run_crawl(tmp_path, "site=demo", f"start_url={demo_url}/")
    assert again.returncode == 0, again.stderr[-2000:]
    assert sorted(_keys(_lines(tmp_path / FEED))) == sorted(map(canonical_key, truth(demo_url)))


def test_a_replay_killed_then_run_again_loses_no_article(demo_url, tmp_path, truth):
    """A replay delivers what its archive holds; killed, the replay that completes it
    skips what the killed one delivered, so it must append to the feeds, not replace them."""
    recorded = run_crawl(tmp_path / "live", "site=demo", f"start_url={demo_url}/",
                         settings={"NEWSCRAWL_WARC_DIR": "warc"})
    assert recorded.returncode == 0, recorded.stderr[-2000:]
    archive = tmp_path / "live" / "warc"
    settings = {"NEWSCRAWL_STORE_COMMIT_ITEMS": 20}
    first = _popen(tmp_path, f"warc={archive}", "site=demo", settings=settings)
    _wait_for(lambda: len(_seen(tmp_path)) >= 60, first)
    first.send_signal(signal.SIGKILL)
    first.wait()
    killed = _lines(tmp_path / FEED)
    assert 60 <= len(killed) < 240

    second = run_crawl(tmp_path, f"warc={archive}", "site=demo")
    assert second.returncode == 0, second.stderr[-2000:]
    urls = _keys(_lines(tmp_path / FEED))
    assert urls[:len(killed)] == _keys(killed)
    assert set(urls) == set(map(canonical_key, truth(demo_url)))
    assert "the last crawl of demo did not finish" in second.stderr

    # A replay that finished is followed by one that replaces the feeds.
    third = run_crawl(tmp_path, f"warc={archive}", "site=demo")
    assert third.returncode == 0, third.stderr[-2000:]
    assert _lines(tmp_path / FEED) == []
    # An archive is no whole crawl of the site: a live crawl's stop rule and the date
    # its sitemaps are read from still wait for one.
    store = tmp_path / "output" / "newscrawl.sqlite3"
    assert _rows(store, "SELECT site FROM runs WHERE finished_started IS NULL") == {"demo"}
    assert _rows(store, "SELECT key FROM articles WHERE pending = 0") == set()


def test_a_full_rerun_after_a_kill_writes_each_article_once(demo_url, tmp_path, truth):
    """A run that is not incremental delivers every article again: appended to the feeds
    of the killed run it completes, it wrote those articles twice."""
    settings = {"NEWSCRAWL_STORE_COMMIT_ITEMS": 20, "CONCURRENT_REQUESTS": 4}
    first = _popen(tmp_path, "site=demo", f"start_url={demo_url}/", settings=settings)
    _wait_for(lambda: len(_seen(tmp_path)) >= 60, first)
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert 60 <= len(_lines(tmp_path / FEED)) < 240

    full = run_crawl(tmp_path, "site=demo", f"start_url={demo_url}/",
                     settings={"NEWSCRAWL_INCREMENTAL": False})
    assert full.returncode == 0, full.stderr[-2000:]
    urls = _keys(_lines(tmp_path / FEED))
    assert sorted(urls) == sorted(map(canonical_key, truth(demo_url)))
    assert "did not finish" not in full.stderr


def test_a_report_stats_or_quarantine_file_that_cannot_be_written_fails_the_run(
        demo_url, tmp_path):
    """Both were a traceback under "Error caught on signal handler", and exit status 0."""
    (tmp_path / "blocker").write_text("a file where a folder should be")
    reported = run_crawl(tmp_path, "site=demo", f"start_url={demo_url}/", "max_articles=5",
                         settings={"NEWSCRAWL_REPORT_URI": "blocker/report.md"})
    assert reported.returncode == 4, reported.stderr[-2000:]
    assert "Error caught on signal handler" not in reported.stderr
    error = "blocker/report.md: File exists (blocker)"  # the folder cannot be made
    assert f"newscrawl: output not written: {error}" in reported.stderr
    assert reported.stats["newscrawl/report/error"] == error
    assert len(_lines(tmp_path / FEED)) == 5  # the articles are delivered all the same

    counted = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-a", "site=demo", "-a",
         f"start_url={demo_url}/", "-a", "max_articles=5", "-s",
         "NEWSCRAWL_STATS_FILE=blocker/stats.json"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings",
             "PYTHONPATH": str(ROOT)})
    assert counted.returncode == 4, counted.stderr[-2000:]
    assert "output not written: blocker/stats.json: File exists (blocker)" in counted.stderr

    # The quarantine feed: each rejected item was an item error (exit 3, "lost to an
    # error") and the line said the items were in a file that did not exist.
    rejected = run_crawl(tmp_path, "site=demo", f"start_url={demo_url}/", "max_articles=5",
                         settings={"NEWSCRAWL_REJECTED_URI": "blocker/rejected.jsonl",
                                   "NEWSCRAWL_MIN_BODY_WORDS": 100_000})
    assert rejected.returncode == 4, rejected.stderr[-2000:]
    assert ("newscrawl: output not written: blocker/rejected.jsonl: File exists (blocker)"
            in rejected.stderr)
    assert rejected.stderr.count("cannot write blocker/rejected.jsonl") == 1
    assert "newscrawl/item_errors/count" not in rejected.stats
