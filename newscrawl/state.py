"""Crawl state that outlives a run: which articles were emitted, and when they last changed.

It lives in ``NEWSCRAWL_STATE_DIR`` (default ``.newscrawl/``), one SQLite file per site,
or in Redis, shared by every worker, when ``NEWSCRAWL_REDIS_URL`` is set.
An article is recorded only after its item was handed to the feeds, so a crawl killed
mid-way loses nothing: whatever was not recorded is fetched again by the next run.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from scrapy.settings import BaseSettings

from newscrawl.args import site_path
from newscrawl.cleaning import canonical_key, in_zone, parse_moment

_SCHEMA = """
CREATE TABLE IF NOT EXISTS seen (
    key TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    version TEXT,
    -- 1 until a crawl that emitted the article finishes: see known_at_start()
    pending INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS finished_run (
    -- one row: when the last crawl that finished had started (see last_finished_start)
    id INTEGER PRIMARY KEY CHECK (id = 1),
    started TEXT NOT NULL
)
"""


class CrawlLocked(Exception):
    """Another process is crawling the same site with the same state."""


class CrawlLock:
    """One crawl per site and state folder at a time: a second one would overwrite the
    first one's feeds and interleave its seen state.

    The lock is ``flock`` on ``<state dir>/<site>.lock``: the kernel releases it when its
    process ends, however it ends, so a killed crawl's lock is free at once. The file says
    who holds it and since when, for the message of the crawl that is turned away.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(self._fd, 200, 0).decode(errors="replace").strip()
            os.close(self._fd)
            raise CrawlLocked(f"{path} is held by {holder or 'another crawl'}") from None
        os.ftruncate(self._fd, 0)
        started = datetime.now(UTC).isoformat(timespec="seconds")
        os.pwrite(self._fd, f"pid {os.getpid()} since {started}\n".encode(), 0)

    @classmethod
    def for_site(cls, settings: BaseSettings, site: str) -> CrawlLock:
        return cls(Path(settings["NEWSCRAWL_STATE_DIR"]) / site_path("%(site)s.lock", site))

    def release(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)  # closing the descriptor releases the flock
            self._fd = -1


def utc(value: str | None) -> datetime | None:
    """A date in UTC; None if unparseable or outside the years 1 to 9999 in UTC (a sitemap
    ``<lastmod>`` like that says nothing about a change)."""
    moment = parse_moment(value, UTC) if value else None
    return in_zone(moment) if moment else None


def unchanged(version: datetime | None, lastmod: str | None) -> bool:
    """An article emitted at ``version`` is unchanged unless ``lastmod`` is newer."""
    changed = utc(lastmod)
    return not (changed and version and changed > version)


class SeenStore(Protocol):
    def is_known(self, url: str, lastmod: str | None = None) -> bool: ...
    def known_at_start(self, url: str) -> bool: ...
    def add(self, url: str, version: str | None = None) -> None: ...
    def add_all(self, articles: Iterable[tuple[str, str | None]]) -> None: ...
    def mark_finished(self, complete: bool = True) -> None: ...
    @property
    def last_finished_start(self) -> datetime | None: ...
    def close(self) -> None: ...


def open_seen(settings: BaseSettings, site: str) -> SeenStore:
    """The site's seen articles: in Redis for distributed workers, else a SQLite file."""
    if url := settings.get("NEWSCRAWL_REDIS_URL"):
        from newscrawl.distributed.seen import RedisSeenArticles

        return RedisSeenArticles.from_settings(url, settings["NEWSCRAWL_REDIS_KEY_PREFIX"], site,
                                               settings.getfloat("NEWSCRAWL_REDIS_TIMEOUT"))
    return SeenArticles(Path(settings["NEWSCRAWL_STATE_DIR"]) / site_path("%(site)s.sqlite3", site))


class SeenArticles:
    """Known article URLs of one site, each with the version (modified or published) emitted."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None)
        # A killed process loses nothing that reached the OS; fsync per item would cost
        # milliseconds per article for protection against power loss only.
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.executescript(_SCHEMA)
        self._started = datetime.now(UTC)
        row = self._db.execute("SELECT started FROM finished_run").fetchone()
        self._last_finished_start = utc(row[0]) if row else None
        rows = self._db.execute("SELECT key, version, pending FROM seen").fetchall()
        self._versions = {key: utc(version) for key, version, _ in rows}
        self._at_start = frozenset(key for key, _, pending in rows if not pending)

    def __len__(self) -> int:
        return len(self._versions)

    def is_known(self, url: str, lastmod: str | None = None) -> bool:
        """Emitted before and not changed since (a ``lastmod`` newer than that version is)."""
        key = canonical_key(url)
        return key in self._versions and unchanged(self._versions[key], lastmod)

    def known_at_start(self, url: str) -> bool:
        """Emitted by an earlier crawl that finished.

        Only these may stop pagination ("a whole listing page known: the older pages were
        crawled before"). Articles this run emitted, or a killed run emitted before its
        resume, say nothing about the listing pages after them.
        """
        return canonical_key(url) in self._at_start

    def mark_finished(self, complete: bool = True) -> None:
        """The crawl finished: what it emitted counts as known for the next run's stop rule.

        ``complete``: nothing it was asked for failed, so a source that filters by change
        time may skip what changed before this crawl started; a crawl that lost pages on
        the way leaves that moment where it was (see last_finished_start)."""
        self._db.execute("BEGIN")
        self._db.execute("UPDATE seen SET pending = 0 WHERE pending = 1")
        if complete:
            self._db.execute("INSERT OR REPLACE INTO finished_run (id, started) VALUES (1, ?)",
                             (self._started.isoformat(),))
        self._db.execute("COMMIT")

    @property
    def last_finished_start(self) -> datetime | None:
        """When the last crawl that finished had started: whatever changed after that
        moment is what a source that can filter by change time (WordPress's API) must
        send. A killed crawl, or one that finished with pages lost on the way, does not
        move it, so its successor asks for everything the earlier one may have missed."""
        return self._last_finished_start

    def add(self, url: str, version: str | None = None) -> None:
        self.add_all([(url, version)])

    def add_all(self, articles: Iterable[tuple[str, str | None]]) -> None:
        """Record (url, version) pairs in one transaction: a delivered batch is recorded
        in about a millisecond, the window in which a kill would deliver it twice."""
        rows = [(canonical_key(url), url, version) for url, version in articles]
        for key, _, version in rows:
            self._versions[key] = utc(version)
        self._db.execute("BEGIN")
        self._db.executemany(
            "INSERT INTO seen (key, url, version) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET version = excluded.version, pending = 1", rows)
        self._db.execute("COMMIT")

    def close(self) -> None:
        self._db.close()
