"""Helpers for the Redis worker tests: a private redis-server and crawl worker processes.

Not a conftest.py: test directories without ``__init__.py`` share the module name
``conftest``, so a second one would shadow the root conftest for imports.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from system_parts import require_binary

ROOT = Path(__file__).resolve().parents[2]


# Quick to notice a dead worker and to end: the test sites are small and local.
FAST = {
    "NEWSCRAWL_REDIS_POLL_INTERVAL": 0.2,
    "NEWSCRAWL_REDIS_IDLE_CLOSE": 1.0,
    "NEWSCRAWL_REDIS_WORKER_TIMEOUT": 2.0,
    "LOG_LEVEL": "DEBUG",  # "Crawled (200) <GET …>" lines: who downloaded what
}
# A crawl that lasts long enough for two workers to share it and for a kill mid-crawl.
SLOW = {**FAST, "DOWNLOAD_DELAY": 0.03, "DOWNLOAD_DELAY_JITTER": 0}


class RedisServer:
    """A private redis-server on a unix socket, which a test can SIGKILL and start again.

    A unix socket instead of a TCP port: no port is picked and then released (another
    process could take it between), and a restart comes back at the same address for sure.
    ``durable``: every write is appended to a file before Redis answers (AOF, fsync
    always), so a restart after ``kill -9`` comes back with every acknowledged write, as a
    production Redis configured for it does.
    """

    def __init__(self, workdir: Path, durable: bool = False) -> None:
        self.binary = require_binary("redis-server")
        self.workdir = workdir
        self.durable = durable
        # Unix socket paths are limited to 107 bytes; pytest's tmp_path can be longer.
        self._socket_dir = Path(tempfile.mkdtemp(prefix="nc-redis-"))
        self.socket = self._socket_dir / "redis.sock"
        self.url = f"unix://{self.socket}?db=0"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> RedisServer:
        persistence = (["--appendonly", "yes", "--appendfsync", "always"] if self.durable
                       else ["--appendonly", "no"])
        self.proc = subprocess.Popen(
            [self.binary, "--port", "0", "--unixsocket", str(self.socket),
             "--unixsocketperm", "700", "--save", "", *persistence, "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        import redis  # the client, only needed once a server exists

        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 30
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:  # not listening yet, or still loading its file
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.proc.kill()
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)
        client.close()
        return self

    def kill(self) -> None:
        """SIGKILL by PID: no shutdown code runs, nothing is saved on the way out."""
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def pause(self) -> None:
        """SIGSTOP: a hung server; connections are accepted by the kernel, never answered."""
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGSTOP)

    def resume(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGCONT)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.resume()  # a stopped process would not act on SIGTERM
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self._socket_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[Callable[..., RedisServer]]:
    """A test's own redis-servers (to kill and restart), stopped at the end."""
    servers: list[RedisServer] = []

    def make(durable: bool = False) -> RedisServer:
        workdir = tmp_path / f"redis-{len(servers)}"
        workdir.mkdir()
        servers.append(RedisServer(workdir, durable=durable).start())
        return servers[-1]

    yield make
    for server in servers:
        server.stop()


@pytest.fixture
def redis_client(redis_url: str) -> Iterator[Any]:
    import redis

    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


class Worker:
    """``scrapy crawl news`` as one Redis worker, in its own directory (its own feed)."""

    def __init__(self, workdir: Path, redis_url: str, *args: str,
                 settings: dict[str, Any] | None = None) -> None:
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.stats_path = workdir / "stats.json"
        self.log_path = workdir / "worker.log"
        command = [sys.executable, "-m", "scrapy", "crawl", "news",
                   "-s", f"NEWSCRAWL_STATS_FILE={self.stats_path}",
                   "-s", f"NEWSCRAWL_REDIS_URL={redis_url}"]
        for name, value in (settings or {}).items():
            command += ["-s", f"{name}={value}"]
        for arg in args:
            command += ["-a", arg]
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings",
               "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
        self._log = self.log_path.open("wb")
        self.proc = subprocess.Popen(command, cwd=workdir, env=env, stdout=self._log,
                                     stderr=subprocess.STDOUT)

    def wait(self, timeout: float = 120) -> int:
        try:
            return self.proc.wait(timeout)
        finally:
            self._log.close()

    def terminate(self) -> None:
        """SIGTERM by PID, as a service manager or Scrapyd's cancel sends it."""
        os.kill(self.proc.pid, signal.SIGTERM)

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, like a crashed machine or an OOM kill."""
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        self._log.close()

    def ensure_stopped(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._log.close()

    @property
    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    @property
    def stats(self) -> dict[str, Any]:
        return json.loads(self.stats_path.read_text()) if self.stats_path.exists() else {}

    def feed_urls(self, site: str = "demo") -> list[str]:
        """URLs in this worker's JSON Lines feed (a line cut by SIGKILL is skipped)."""
        path = self.workdir / "output" / site / "articles.jsonl"
        if not path.exists():
            return []
        urls = []
        for line in path.read_text().splitlines():
            try:
                urls.append(json.loads(line)["url"])
            except (ValueError, KeyError):
                continue
        return urls

    def crawled_urls(self) -> list[str]:
        """Every URL this worker downloaded (DEBUG log lines), robots.txt left out."""
        urls = []
        for line in self.log.splitlines():
            if "Crawled (" in line and "<GET " in line:
                url = line.split("<GET ", 1)[1].split(">", 1)[0]
                if not url.endswith("/robots.txt"):
                    urls.append(url)
        return urls


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[list[Worker]]:
    """Workers a test starts; any still running at the end are killed (by PID)."""
    started: list[Worker] = []
    yield started
    for worker in started:
        worker.ensure_stopped()


def demo_truth_urls(base_url: str, articles: int = 240, theme: str = "finance") -> set[str]:
    out = subprocess.run(
        [sys.executable, "-m", "newscrawl.demo", "truth", "--articles", str(articles),
         "--theme", theme, "--base-url", base_url],
        check=True, capture_output=True, text=True, cwd=ROOT,
    ).stdout
    return {json.loads(line)["url"] for line in out.splitlines() if line.strip()}


def redis_error() -> Exception:
    """What a Redis call raises when the server is gone."""
    import redis

    return redis.ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


def wait_for(condition: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)
