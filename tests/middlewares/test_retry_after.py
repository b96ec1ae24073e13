"""Retry-After (newscrawl.middlewares.retry_after) in real crawls against loopback servers.

A host that answers 429/503 with ``Retry-After`` is paused: its requests wait outside the
downloader until the time is up, other hosts keep going, a shutdown does not wait, and
``dont_retry``/``max_retry_times`` hold. Each host is its own 127.x address (all of
127.0.0.0/8 is loopback on Linux), so each gets its own download slot.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from newscrawl.sites.definition import Links, SiteDefinition

Answer = tuple[int, dict[str, str], str]
# (path, all hits so far including this one) -> the answer
App = Callable[[str, list[tuple[float, str]]], Answer]

NOT_FOUND: Answer = (404, {}, "not found")
WAIT_300: Answer = (429, {"Retry-After": "300"}, "slow down")
DEADLINE = 60.0  # seconds: generous for a loaded 2-core machine


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        with self.server.lock:
            self.server.hits.append((time.monotonic(), self.path))
            status, headers, body = self.server.app(self.path, list(self.server.hits))
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    app: App
    hits: list[tuple[float, str]]
    lock: threading.Lock


class Host:
    """An HTTP server on one loopback address and a port the system picked."""

    def __init__(self, address: str, app: App) -> None:
        self.httpd = _Server((address, 0), _Handler)
        self.httpd.app = app
        self.httpd.hits = []
        self.httpd.lock = threading.Lock()
        self.base_url = f"http://{address}:{self.httpd.server_port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    def hits(self, path: str | None = None) -> list[float]:
        """When each request (for ``path``, or any) arrived."""
        with self.httpd.lock:
            return [t for t, p in self.httpd.hits if path is None or p == path]

    def paths(self) -> list[str]:
        with self.httpd.lock:
            return [p for _, p in self.httpd.hits]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def hosts() -> Iterator[Callable[[str, App], Host]]:
    started: list[Host] = []

    def start(address: str, app: App) -> Host:
        host = Host(address, app)
        started.append(host)
        return host

    yield start
    for host in started:
        host.close()


# -- pages -----------------------------------------------------------------------------------

_WORDS = ["market", "investors", "rates", "bank", "policy", "inflation", "growth", "shares",
          "bonds", "yields", "traders", "economy", "quarter", "profit", "earnings", "forecast",
          "demand", "supply", "prices", "energy", "harvest", "weather", "court", "ruling"]


def article(url: str) -> Answer:
    rng = random.Random(url)  # its own text: no two articles are near-duplicates
    body = "".join(f"<p>{' '.join(rng.choice(_WORDS) for _ in range(30)).capitalize()}.</p>"
                   for _ in range(3))
    return (200, {}, f'<html lang="en"><head><link rel="canonical" href="{url}"></head><body>'
                     f'<h1>Story {url.rsplit("/", 2)[-2]}</h1>'
                     f'<time datetime="2024-05-02T09:30:00+00:00">May 2</time>'
                     f'<div class="body">{body}</div></body></html>')


def listing(urls: list[str]) -> Answer:
    links = "".join(f'<li><a href="{url}">x</a></li>' for url in urls)
    return (200, {}, f'<html><body><ul class="articles">{links}</ul></body></html>')


def site(start_url: str, *domains: str) -> SiteDefinition:
    return SiteDefinition(
        name="retryafter", domains=domains, start_urls=(start_url,),
        links=Links(article=".articles a"),
        fields={"url": "link[rel=canonical]::attr(href)", "title": "h1::text",
                "published": "time::attr(datetime)", "language": "html::attr(lang)"},
        body=".body",
    )


# -- crawls ----------------------------------------------------------------------------------

def _env() -> dict[str, str]:
    return {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings",
            "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}


def _options(settings: dict[str, Any]) -> list[str]:
    return [option for name, value in settings.items() for option in ("-s", f"{name}={value}")]


class Crawl:
    """``scrapy crawl news`` of test site definitions, in a subprocess we can signal."""

    def __init__(self, workdir: Path, definition: SiteDefinition,
                 settings: dict[str, Any] | None = None) -> None:
        workdir.mkdir(parents=True, exist_ok=True)
        sites = workdir / "sites.json"
        sites.write_text(json.dumps([definition.model_dump(mode="json")]))
        self.stats_path = workdir / "stats.json"
        self.stderr_path = workdir / "stderr.txt"
        self.feed_path = workdir / "output" / definition.name / "articles.jsonl"
        command = [sys.executable, str(ROOT / "tests" / "bad_input" / "crawl.py"), str(sites),
                   "crawl", "news", "-a", f"site={definition.name}",
                   *_options({"NEWSCRAWL_STATS_FILE": self.stats_path, **(settings or {})})]
        with self.stderr_path.open("w") as stderr:
            self.proc = subprocess.Popen(command, cwd=workdir, env=_env(),
                                         stdout=subprocess.DEVNULL, stderr=stderr)

    def wait(self, timeout: float) -> float:
        """Seconds the crawl took to end (it is killed, and the test fails, after ``timeout``)."""
        started = time.monotonic()
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            pytest.fail(f"the crawl did not end within {timeout:.0f} s\n{self.stderr()[-3000:]}")
        return time.monotonic() - started

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def stderr(self) -> str:
        return self.stderr_path.read_text()

    def stats(self) -> dict[str, Any]:
        return json.loads(self.stats_path.read_text()) if self.stats_path.exists() else {}

    def feed(self) -> list[dict[str, Any]]:
        if not self.feed_path.exists():
            return []
        return [json.loads(line) for line in self.feed_path.read_text().splitlines()]


@pytest.fixture
def crawls() -> Iterator[Callable[..., Crawl]]:
    started: list[Crawl] = []

    def start(*args: Any, **kwargs: Any) -> Crawl:
        started.append(Crawl(*args, **kwargs))
        return started[-1]

    yield start
    for crawl in started:
        crawl.kill()


def poll(condition: Callable[[], bool], what: str, crawl: Crawl,
         timeout: float = DEADLINE) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if crawl.proc.poll() is not None:
            pytest.fail(f"the crawl ended before {what}\n{crawl.stderr()[-3000:]}")
        if time.monotonic() > deadline:
            pytest.fail(f"not within {timeout:.0f} s: {what}\n{crawl.stderr()[-3000:]}")
        time.sleep(0.1)


def run_meta_spider(workdir: Path, urls: list[str], meta: dict[str, Any],
                    settings: dict[str, Any]) -> dict[str, Any]:
    """``scrapy runspider`` of tests/middlewares/retry_after_spider.py; its final stats."""
    workdir.mkdir(parents=True, exist_ok=True)
    stats = workdir / "stats.json"
    settings = {"NEWSCRAWL_STATS_FILE": stats, "AUTOTHROTTLE_ENABLED": False,
                "DOWNLOAD_DELAY": 0, "SPIDERMON_ENABLED": False,
                "NEWSCRAWL_REPORT_ENABLED": False, "FEEDS": "{}", **settings}
    command = [sys.executable, "-m", "scrapy", "runspider",
               str(Path(__file__).with_name("retry_after_spider.py")),
               "-a", f"urls={','.join(urls)}", "-a", f"meta={json.dumps(meta)}",
               *_options(settings)]
    proc = subprocess.run(command, cwd=workdir, env=_env(), capture_output=True, text=True,
                          timeout=120)
    assert stats.exists(), proc.stderr[-3000:]
    return json.loads(stats.read_text())


# -- tests -----------------------------------------------------------------------------------

@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stop_does_not_wait_out_retry_after(hosts, crawls, tmp_path, signum):
    """Ctrl-C, SIGTERM (and Scrapyd's cancel, which sends one of them) end a crawl that is
    waiting out a Retry-After of 300 s promptly; the held retry shows in the stats."""
    host = hosts("127.0.0.2", lambda path, _: NOT_FOUND if path == "/robots.txt" else WAIT_300)
    crawl = crawls(tmp_path, site(f"{host.base_url}/", "127.0.0.2"))
    poll(lambda: host.hits("/"), "the start page was requested", crawl)
    time.sleep(2)  # not needed to pass: the 429 has surely been handled by now
    crawl.proc.send_signal(signum)
    took = crawl.wait(timeout=DEADLINE)
    assert took < DEADLINE
    assert len(host.hits("/")) == 1
    stats = crawl.stats()
    assert stats["newscrawl/retry_after/waited"] == 1
    assert stats["newscrawl/retry_after/waiting"] == 1  # dropped by the shutdown
    assert "1 request(s) still waiting for a Retry-After" in crawl.stderr()


def test_b_a_paused_host_does_not_hold_up_the_others(hosts, crawls, tmp_path):
    """Host A answers every request (robots.txt too) with 429 Retry-After: 300; host B,
    whose pages link to 40 articles on A and 20 on B, is crawled completely meanwhile,
    and A gets no request during its pause beyond those already on their way."""
    a = hosts("127.0.0.2", lambda path, _: WAIT_300)
    a_articles = [f"{a.base_url}/a/{n}/" for n in range(40)]

    def b_app(path: str, _: list[tuple[float, str]]) -> Answer:
        if path == "/":
            return listing(a_articles + [f"{b.base_url}/b/{n}/" for n in range(20)])
        if path.startswith("/b/"):
            return article(b.base_url + path)
        return NOT_FOUND

    b = hosts("127.0.0.3", b_app)
    crawl = crawls(tmp_path, site(f"{b.base_url}/", "127.0.0.2", "127.0.0.3"))
    b_articles = {f"/b/{n}/" for n in range(20)}
    poll(lambda: b_articles <= set(b.paths()), "every article of host B was fetched", crawl)
    crawl.proc.send_signal(signal.SIGTERM)
    crawl.wait(timeout=DEADLINE)

    stats = crawl.stats()
    assert stats["item_scraped_count"] == 20
    a_paths = a.paths()
    # Every A article at most once: nothing was retried before its Retry-After was up.
    assert all(a_paths.count(f"/a/{n}/") <= 1 for n in range(40)), sorted(a_paths)
    # robots.txt is awaited by requests in the downloader: not held, Scrapy's retries only.
    assert a_paths.count("/robots.txt") <= 3
    # Every A article is still waiting (a retry or not yet sent) when the crawl is stopped.
    assert stats["newscrawl/retry_after/waiting"] == 40
    assert stats["newscrawl/retry_after/not_held"] >= 1  # robots.txt's answers


@pytest.mark.parametrize(("meta", "settings", "hits"), [
    ({"dont_retry": True}, {}, 1),
    ({}, {"RETRY_TIMES": 0}, 1),
    ({"max_retry_times": 1}, {}, 2),
    ({"max_retry_times": 2}, {"RETRY_TIMES": 0}, 3),
], ids=["dont_retry", "RETRY_TIMES=0", "max_retry_times=1", "max_retry_times-over-setting"])
def test_c_dont_retry_and_max_retry_times(hosts, tmp_path, meta, settings, hits):
    """A page that always answers 429 Retry-After: 1 is fetched 1 + allowed retries times,
    each retry a second after the answer before; giving up is logged and counted once."""
    host = hosts("127.0.0.4", lambda path, _: (
        NOT_FOUND if path == "/robots.txt" else (429, {"Retry-After": "1"}, "slow down")))
    stats = run_meta_spider(tmp_path, [f"{host.base_url}/limited"], meta, settings)
    times = host.hits("/limited")
    assert len(times) == hits
    assert all(later - earlier >= 0.95 for earlier, later in itertools.pairwise(times))
    assert stats.get("retry/max_reached", 0) == (0 if meta.get("dont_retry") else 1)
    assert stats.get("newscrawl/retry_after/waited", 0) == hits - 1
    assert stats["newscrawl/retry_after/not_retried"] == 1
    assert stats["test/failed/HttpError"] == 1


def test_d_short_retry_after_is_waited_and_the_retry_succeeds(hosts, crawls, tmp_path):
    """The first article answers 429 Retry-After: 2; its retry comes 2 s later and succeeds,
    and the host gets no other request meanwhile, not even those already waiting in its
    download slot (one at most: the slot may start its next one just before the 429 is
    handled)."""
    first_429: list[tuple[float, str]] = []  # when, and which article

    def app(path: str, hits: list[tuple[float, str]]) -> Answer:
        if path == "/":
            return listing([f"{base}/a/{n}/" for n in range(6)])
        if not path.startswith("/a/"):
            return NOT_FOUND
        if not first_429:
            first_429.append(hits[-1])
            return (429, {"Retry-After": "2"}, "slow down")
        return article(base + path)

    host = hosts("127.0.0.5", app)
    base = host.base_url
    # A request every 0.5 s to the host: the others queue in its download slot meanwhile.
    crawl = crawls(tmp_path, site(f"{base}/", "127.0.0.5"),
                   settings={"DOWNLOAD_DELAY": 0.5, "DOWNLOAD_DELAY_JITTER": 0})
    took = crawl.wait(timeout=DEADLINE)
    assert crawl.proc.returncode == 0, crawl.stderr()[-3000:]
    assert took < DEADLINE
    assert len(crawl.feed()) == 6
    paused_at, limited = first_429[0]
    retried = [t for t in host.hits(limited) if t > paused_at]
    assert len(retried) == 1 and retried[0] - paused_at >= 1.95
    during = [t for t in host.hits() if paused_at < t < paused_at + 1.95]
    assert len(during) <= 1, host.paths()
    stats = crawl.stats()
    assert stats["newscrawl/retry_after/waited"] == 1
    assert stats["newscrawl/retry_after/seconds"] == 2
    assert stats.get("newscrawl/retry_after/waiting", 0) == 0
