"""Crawl state that outlives a run: which articles were emitted, and when they last changed.

It lives in ``NEWSCRAWL_STATE_DIR`` (default ``.newscrawl/``), one SQLite file per site.
An article is recorded only after its item was handed to the feeds, so a crawl killed
mid-way loses nothing: whatever was not recorded is fetched again by the next run.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from newscrawl.cleaning import canonical_key, parse_moment

_SCHEMA = """
CREATE TABLE IF NOT EXISTS seen (
    key TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    version TEXT
)
"""


def _utc(value: str | None) -> datetime | None:
    moment = parse_moment(value, UTC) if value else None
    return moment.astimezone(UTC) if moment else None


class SeenArticles:
    """Known article URLs of one site, each with the version (modified or published) emitted."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None)
        # A killed process loses nothing that reached the OS; fsync per item would cost
        # milliseconds per article for protection against power loss only.
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute(_SCHEMA)
        self._versions = {
            key: _utc(version) for key, version in self._db.execute("SELECT key, version FROM seen")
        }
        self._at_start = frozenset(self._versions)

    def __len__(self) -> int:
        return len(self._versions)

    def is_known(self, url: str, lastmod: str | None = None) -> bool:
        """Emitted before and not changed since (a ``lastmod`` newer than that version is)."""
        key = canonical_key(url)
        if key not in self._versions:
            return False
        changed, version = _utc(lastmod), self._versions[key]
        return not (changed and version and changed > version)

    def known_at_start(self, url: str) -> bool:
        """Emitted by an earlier run. Articles this run emitted do not count: a listing
        page of them says nothing about whether older pages were crawled before."""
        return canonical_key(url) in self._at_start

    def add(self, url: str, version: str | None = None) -> None:
        key = canonical_key(url)
        self._versions[key] = _utc(version)
        self._db.execute(
            "INSERT INTO seen (key, url, version) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET version = excluded.version",
            (key, url, version),
        )

    def close(self) -> None:
        self._db.close()
