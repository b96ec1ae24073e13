"""The embedded article store: one SQLite file, one row per article, every version kept.

``NEWSCRAWL_STORE_PATH`` (default ``output/newscrawl.sqlite3``) names the file; an empty
value gives a throwaway store in a temporary file, so de-duplication still works within the
run but nothing is remembered across runs.

Tables (``PRAGMA user_version`` numbers the layout, for later migrations):

- ``articles``: one row per canonical URL (``canonical_key``): the current version's number,
  body hash and ``modified``, first/last seen, the body's near-duplicate signature, and the
  version last delivered to the feeds (``mark_delivered``; layout 2). A version stored but
  not delivered (a feed write failed, the crawl was killed) is delivered by the next run.
- ``versions``: every version of every article, the item as JSON. A new version is added
  when the body or ``modified`` changes; older ones are kept.
- ``aliases``: other URLs of an article (a near-duplicate under another URL), with why.
- ``bands``: locality-sensitive-hashing bands of the signatures, to find near-duplicate
  candidates with an index lookup instead of comparing against every article.

Writes are batched: one transaction is committed every ``commit_items`` saves or
``commit_seconds`` seconds, and at close. WAL with ``synchronous=NORMAL`` never fsyncs a
commit (a killed process loses nothing that was committed; a power cut may lose the last
seconds), and holding the write lock only briefly lets crawls of other sites share the file.
The one step that waits for the disk, the checkpoint (WAL pages into the database file, with
an fsync), runs in a background thread after each commit, out of the crawl's thread.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import struct
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler

from newscrawl.cleaning import canonical_key, in_zone, parse_moment

SCHEMA_VERSION = 2
_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    url TEXT NOT NULL,
    site TEXT NOT NULL,
    published_utc TEXT,
    published_day TEXT,
    version INTEGER NOT NULL,
    body_hash TEXT NOT NULL,
    modified TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    signature BLOB,
    delivered INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS articles_site_published ON articles (site, published_utc);
CREATE TABLE IF NOT EXISTS versions (
    key TEXT NOT NULL,
    version INTEGER NOT NULL,
    stored_at TEXT NOT NULL,
    item TEXT NOT NULL,
    UNIQUE (key, version)
);
CREATE TABLE IF NOT EXISTS aliases (
    key TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    article_key TEXT NOT NULL,
    reason TEXT NOT NULL,
    similarity REAL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS aliases_article ON aliases (article_key);
CREATE TABLE IF NOT EXISTS bands (
    band INTEGER NOT NULL,
    article INTEGER NOT NULL,
    PRIMARY KEY (band, article)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS bands_article ON bands (article);
"""

DEFAULT_PATH = "output/newscrawl.sqlite3"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def body_hash(body: str | None) -> str:
    return hashlib.sha1((body or "").encode("utf-8")).hexdigest()


def utc_iso(value: str | None) -> str | None:
    """An item date as sortable UTC ISO 8601 (the store filters and orders by it)."""
    moment = parse_moment(value) if value else None
    # Out of UTC's range: validated items never are, a direct save() stores no date.
    moment = in_zone(moment) if moment else None
    return moment.isoformat(timespec="seconds") if moment else None


def parse_bound(value: str | None) -> date | datetime | None:
    """A ``--since``/``--until`` value: a date (``2024-12-01``) or a moment (with ``T``;
    without an offset it is UTC). Raises ValueError for anything else."""
    if not value:
        return None
    if "T" not in value:
        return date.fromisoformat(value)
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _day(published: str | None) -> str | None:
    """The publication date as the site gives it (the ISO string's own, local date)."""
    return published[:10] if published and len(published) >= 10 else None


def _range_clauses(since: date | datetime | None, until: date | datetime | None
                   ) -> list[tuple[str, str]]:
    """SQL conditions for a publication range. A date compares with the article's own
    (site-local) date, both ends inclusive; a moment with the UTC time, until exclusive."""
    clauses = []
    for value, day_op, moment_op in ((since, ">=", ">="), (until, "<=", "<")):
        if isinstance(value, datetime):
            clauses.append((f"a.published_utc {moment_op} ?",
                            value.astimezone(UTC).isoformat(timespec="seconds")))
        elif isinstance(value, date):
            clauses.append((f"a.published_day {day_op} ?", value.isoformat()))
    return clauses


def pack_signature(values: Iterable[int]) -> bytes:
    values = tuple(values)
    return struct.pack(f"<{len(values)}I", *values)


def unpack_signature(blob: bytes) -> tuple[int, ...]:
    return struct.unpack(f"<{len(blob) // 4}I", blob)


@dataclass(frozen=True)
class StoredArticle:
    id: int
    key: str
    url: str
    site: str
    version: int
    body_hash: str
    modified: str | None
    delivered: int

    @property
    def was_delivered(self) -> bool:
        """The current version reached the feeds (not only the store)."""
        return self.delivered == self.version

    def differs(self, item: dict[str, Any]) -> bool:
        """A new version: the body changed, or the item names another ``modified`` date."""
        modified = item.get("modified")
        return body_hash(item.get("body")) != self.body_hash or bool(
            modified and modified != self.modified
        )


@dataclass(frozen=True)
class Candidate:
    """A stored article whose signature shares a band with the one looked up."""

    key: str
    url: str
    signature: tuple[int, ...]


class ArticleStore:
    """The article store. Not thread-safe: one per path and process (``for_crawler``) or
    script."""

    def __init__(self, path: str | Path | None = DEFAULT_PATH, commit_items: int = 100,
                 commit_seconds: float = 2.0, read_only: bool = False) -> None:
        """``read_only``: for reading an existing store (export); it writes nothing, not
        even a -wal/-shm file, so a store in a folder one may not write can be read."""
        self._temporary = not path
        if self._temporary:
            fd, name = tempfile.mkstemp(prefix="newscrawl-store-", suffix=".sqlite3")
            os.close(fd)
            path = name
        self.path = Path(path)
        self.commit_items = max(1, commit_items)
        self.commit_seconds = commit_seconds
        self._pending = 0
        self._began = 0.0
        # Set once writes were lost or rolled back: the crawlers sharing this store
        # (several sites) may have had writes in that transaction, so none writes again.
        self._failure: str | None = None
        self._users = 0  # crawlers sharing it (for_crawler)
        self._checkpointer: _Checkpointer | None = None
        if read_only:
            self._db = _connect_read_only(self.path)
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit mode: transactions are opened explicitly (BEGIN IMMEDIATE takes the
        # write lock up front, so a second crawl waits for it instead of failing mid-way).
        self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA wal_autocheckpoint=0")  # the checkpointer's job
        self._db.executescript(_SCHEMA)
        self._migrate()
        self._checkpointer = _Checkpointer(self.path)

    def _migrate(self) -> None:
        """Bring an older layout up to ``SCHEMA_VERSION``."""
        layout = self._db.execute("PRAGMA user_version").fetchone()[0]
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(articles)")}
        if "delivered" not in columns:
            # Layout 1 knew no delivery: everything it stored had gone to the feeds.
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute(
                "ALTER TABLE articles ADD COLUMN delivered INTEGER NOT NULL DEFAULT 0")
            self._db.execute("UPDATE articles SET delivered = version")
            self._db.execute("COMMIT")
        if layout != SCHEMA_VERSION:
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    # --- sharing one store between the components of a crawl -------------------------

    @classmethod
    def for_crawler(cls, crawler: Crawler) -> ArticleStore:
        """The crawler's store, opened on first use and closed when the spider closes.

        The crawlers of one process (a crawl of several sites) share one store per path:
        SQLite lets one connection write at a time, and they all run in one thread."""
        store = _CRAWLER_STORES.get(crawler)
        if store is None:
            settings = crawler.settings
            path = settings.get("NEWSCRAWL_STORE_PATH", DEFAULT_PATH)
            store = _OPEN_STORES.get(Path(path).resolve()) if path else None
            if store is None:
                store = cls(
                    path,
                    commit_items=settings.getint("NEWSCRAWL_STORE_COMMIT_ITEMS", 100),
                    commit_seconds=settings.getfloat("NEWSCRAWL_STORE_COMMIT_SECONDS", 2.0),
                )
                if path:
                    _OPEN_STORES[store.path.resolve()] = store
            store._users += 1
            _CRAWLER_STORES[crawler] = store
            crawler.signals.connect(store.release, signal=signals.spider_closed)
        return store

    def release(self) -> None:
        """One crawler is done with the store: committed, and closed after the last one."""
        self._users -= 1
        if self._users > 0:
            self.commit()
            return
        self.close()

    @classmethod
    def of_crawler(cls, crawler: Crawler) -> ArticleStore | None:
        """The crawler's store if a component opened it (the pipelines do), else None."""
        return _CRAWLER_STORES.get(crawler)

    # --- lookups ----------------------------------------------------------------------

    def get(self, url: str) -> StoredArticle | None:
        """The article stored under this URL's canonical key (its current version)."""
        return self._get(canonical_key(url))

    def _get(self, key: str) -> StoredArticle | None:
        row = self._db.execute(
            "SELECT id, key, url, site, version, body_hash, modified, delivered FROM articles "
            "WHERE key = ?",
            (key,),
        ).fetchone()
        return StoredArticle(*row) if row else None

    def known(self, url: str) -> bool:
        """Stored before, as an article or as another URL (alias) of one."""
        key = canonical_key(url)
        return bool(self._db.execute(
            "SELECT 1 FROM articles WHERE key = ? UNION ALL SELECT 1 FROM aliases WHERE key = ?",
            (key, key),
        ).fetchone())

    def alias_of(self, url: str) -> str | None:
        """The URL of the article that this URL is another copy of, if recorded."""
        row = self._db.execute(
            "SELECT a.url FROM aliases x JOIN articles a ON a.key = x.article_key WHERE x.key = ?",
            (canonical_key(url),),
        ).fetchone()
        return row[0] if row else None

    def other_urls(self, url: str) -> list[str]:
        """Every alias URL recorded for the article stored under ``url``."""
        rows = self._db.execute("SELECT url FROM aliases WHERE article_key = ? ORDER BY url",
                                (canonical_key(url),))
        return [row[0] for row in rows]

    def candidates(self, bands: list[int], exclude_key: str | None = None,
                   limit: int = 5) -> list[Candidate]:
        """Articles sharing the most signature bands with ``bands``: possible near-duplicates.

        Text that many articles share (a standard closing line) makes some bands common;
        ranking by the number of shared bands keeps the comparisons few: a real
        near-duplicate shares a dozen bands, a merely related article one or two.
        """
        if not bands:
            return []
        marks = ",".join("?" * len(bands))
        rows = self._db.execute(
            f"SELECT a.key, a.url, a.signature FROM (SELECT article, COUNT(*) AS shared "
            f"FROM bands WHERE band IN ({marks}) GROUP BY article ORDER BY shared DESC "
            f"LIMIT ?) b JOIN articles a ON a.id = b.article "
            f"WHERE a.key IS NOT ? AND a.signature IS NOT NULL",
            (*bands, limit + 1, exclude_key),
        )
        return [Candidate(key, url, unpack_signature(blob)) for key, url, blob in rows]

    def versions(self, url: str) -> list[dict[str, Any]]:
        """Every stored version of an article, oldest first."""
        rows = self._db.execute("SELECT item FROM versions WHERE key = ? ORDER BY version",
                                (canonical_key(url),))
        return [json.loads(row[0]) for row in rows]

    def articles(self, site: str | None = None, since: date | datetime | None = None,
                 until: date | datetime | None = None, all_versions: bool = False
                 ) -> Iterator[dict[str, Any]]:
        """Stored items (current versions unless ``all_versions``), oldest published first,
        of one site or all, published in a range (see ``_range_clauses``)."""
        join = "v.key = a.key" if all_versions else "v.key = a.key AND v.version = a.version"
        conditions = ([("a.site = ?", site)] if site is not None else []) + \
            _range_clauses(since, until)
        where = [clause for clause, _ in conditions]
        params = [value for _, value in conditions]
        sql = (f"SELECT v.item FROM articles a JOIN versions v ON {join}"
               f"{' WHERE ' + ' AND '.join(where) if where else ''}"
               f" ORDER BY a.published_utc, a.key, v.version")
        for (item,) in self._db.execute(sql, params):
            yield json.loads(item)

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    # --- writes -----------------------------------------------------------------------

    def save(self, item: Any, signature: Iterable[int] | None = None,
             bands: list[int] | None = None) -> str:
        """Upsert an item; ``"new"``, ``"updated"`` (a new version) or ``"unchanged"``.

        An unchanged item replaces its current version's record (a corrected title is kept)
        without adding a version.
        """
        # Items are plain dicts after the clean pipeline; ItemAdapter's deep copy costs more
        # than the rest of a save.
        data = item if isinstance(item, dict) else ItemAdapter(item).asdict()
        key, now = canonical_key(data["url"]), _now()
        record = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
        blob = pack_signature(signature) if signature is not None else None
        self._begin()
        stored = self._get(key)
        if stored is None:
            outcome, version = "new", 1
            article_id = self._db.execute(
                "INSERT INTO articles (key, url, site, published_utc, published_day, version, "
                "body_hash, modified, first_seen, last_seen, signature) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (key, data["url"], data.get("site") or "", utc_iso(data.get("published")),
                 _day(data.get("published")), 1, body_hash(data.get("body")),
                 data.get("modified"), now, now, blob),
            ).lastrowid
            # A URL stored as another article's alias is now an article of its own.
            self._db.execute("DELETE FROM aliases WHERE key = ?", (key,))
        else:
            article_id = stored.id
            changed = stored.differs(data)
            outcome = "updated" if changed else "unchanged"
            version = stored.version + 1 if changed else stored.version
            self._db.execute(
                "UPDATE articles SET url = ?, published_utc = ?, published_day = ?, version = ?, "
                "body_hash = ?, modified = ?, last_seen = ?, signature = ? WHERE key = ?",
                (data["url"], utc_iso(data.get("published")), _day(data.get("published")), version,
                 body_hash(data.get("body")), data.get("modified"), now, blob, key),
            )
            self._db.execute("DELETE FROM bands WHERE article = ?", (article_id,))
        self._db.execute(
            "INSERT OR REPLACE INTO versions (key, version, stored_at, item) VALUES (?,?,?,?)",
            (key, version, now, record),
        )
        self._db.executemany("INSERT OR IGNORE INTO bands (band, article) VALUES (?, ?)",
                             [(band, article_id) for band in bands or ()])
        self._written()
        return outcome

    def seen_again(self, url: str) -> None:
        """An unchanged article was met again: only its ``last_seen`` moves."""
        self._begin()
        self._db.execute("UPDATE articles SET last_seen = ? WHERE key = ?",
                         (_now(), canonical_key(url)))
        self._written()

    def add_alias(self, url: str, article_url: str, reason: str,
                  similarity: float | None = None) -> None:
        """Record ``url`` as another URL of the article stored under ``article_url``."""
        now = _now()
        self._begin()
        self._db.execute(
            "INSERT INTO aliases (key, url, article_key, reason, similarity, first_seen, "
            "last_seen) VALUES (?,?,?,?,?,?,?) ON CONFLICT (key) DO UPDATE SET "
            "article_key = excluded.article_key, reason = excluded.reason, "
            "similarity = excluded.similarity, last_seen = excluded.last_seen",
            (canonical_key(url), url, canonical_key(article_url), reason, similarity, now, now),
        )
        self._written()

    def mark_delivered(self, urls: Iterable[str]) -> None:
        """The current versions of these articles reached the feeds (``commit()`` follows)."""
        self._begin()
        self._db.executemany("UPDATE articles SET delivered = version WHERE key = ?",
                             [(canonical_key(url),) for url in urls])

    def _check_not_lost(self) -> None:
        if self._began and not self._db.in_transaction:
            # SQLite rolls a whole transaction back on some errors (disk full, I/O): what
            # it held is gone, and must be neither taken as stored nor marked delivered.
            self._failure = self._failure or "the store lost its uncommitted writes"
        if self._failure:
            raise sqlite3.OperationalError(self._failure)

    def _begin(self) -> None:
        self._check_not_lost()
        if not self._db.in_transaction:
            self._db.execute("BEGIN IMMEDIATE")
            self._began = time.monotonic()

    def _written(self) -> None:
        self._pending += 1
        if (self._pending >= self.commit_items
                or time.monotonic() - self._began >= self.commit_seconds):
            self.commit()

    def commit(self) -> None:
        if self._failure and not self._db.in_transaction:
            return  # nothing to commit: every write since the failure was refused
        self._check_not_lost()
        if self._db.in_transaction:
            self._db.execute("COMMIT")
            self._checkpointer.wake()
        self._pending = 0
        self._began = 0.0

    def rollback(self, cause: str) -> None:
        """Forget what was written since the last commit (after a failed delivery: nothing
        of that batch may later be committed as delivered), and refuse every later write:
        other crawlers sharing the store lost what they had written since then too."""
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")
        self._failure = self._failure or f"refused after an earlier error: {cause}"
        self._pending = 0
        self._began = 0.0

    def close(self) -> None:
        """Commit and close (a second call does nothing); a throwaway store is deleted."""
        if self._db is None:
            return
        if _OPEN_STORES.get(self.path.resolve()) is self:
            del _OPEN_STORES[self.path.resolve()]
        try:
            self.commit()
        finally:
            if self._checkpointer is not None:
                self._checkpointer.close()
            self._db.close()  # the last connection to close checkpoints what is left
            self._db = None  # type: ignore[assignment]
        if self._temporary:
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(f"{self.path}{suffix}")

    def __enter__(self) -> ArticleStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_CRAWLER_STORES: WeakKeyDictionary[Crawler, ArticleStore] = WeakKeyDictionary()
_OPEN_STORES: dict[Path, ArticleStore] = {}


def _connect_read_only(path: Path) -> sqlite3.Connection:
    # A crawl that has the store open keeps its latest commits in the -wal file: read
    # through it (mode=ro). Without a -wal file nobody is writing (the last connection to
    # close removes it) and the file holds every commit: immutable=1 reads it without
    # making -wal/-shm files, which a read-only folder refuses and which, made by another
    # user, a later crawl could not write. (A crawl that starts writing during such an
    # export may make it fail: the export is then run again.)
    wal = Path(f"{path}-wal").exists()
    uri = f"{path.resolve().as_uri()}?mode=ro{'' if wal else '&immutable=1'}"
    return sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None)


class _Checkpointer:
    """A thread with its own connection that checkpoints the WAL when woken.

    PASSIVE checkpoints never wait for the writer: what a running transaction holds is
    copied on a later wake-up.
    """

    def __init__(self, path: Path) -> None:
        self._wanted = threading.Event()
        self._closing = False
        self._thread = threading.Thread(target=self._run, args=(path,), daemon=True,
                                        name="newscrawl-store-checkpoint")
        self._thread.start()

    def wake(self) -> None:
        self._wanted.set()

    def close(self) -> None:
        self._closing = True
        self._wanted.set()
        self._thread.join()

    def _run(self, path: Path) -> None:
        db = sqlite3.connect(path, timeout=30, isolation_level=None)
        try:
            while True:
                self._wanted.wait()
                self._wanted.clear()
                if self._closing:
                    return
                with contextlib.suppress(sqlite3.OperationalError):  # busy: next time
                    db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        finally:
            db.close()
