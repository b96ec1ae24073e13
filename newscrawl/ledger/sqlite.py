"""The embedded ledger: one SQLite file (``NEWSCRAWL_STORE_PATH``, default
``output/newscrawl.sqlite3``).

WAL with ``synchronous=NORMAL`` never fsyncs a commit (a killed process loses nothing that
was committed; a power cut may lose the last seconds), and holding the write lock only
briefly lets crawls of other sites, and Redis workers on one machine, share the file
(``BEGIN IMMEDIATE`` takes the lock up front: a second writer waits for it instead of
failing mid-way). The one step that waits for the disk, the checkpoint (WAL pages into the
database file, with an fsync), runs in a background thread after each commit, out of the
crawl's thread.

``PRAGMA user_version`` numbers the layout; an older file is upgraded in place when opened.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from newscrawl.ledger import SCHEMA, Ledger, LedgerError

logger = logging.getLogger(__name__)

# Seconds a connection waits for another one's lock (Redis workers share one file).
BUSY_TIMEOUT = 30
SCHEMA_VERSION = 4
_SCHEMA = SCHEMA.format(id="INTEGER PRIMARY KEY", blob="BLOB", real="REAL",
                        integer="INTEGER", without_rowid=" WITHOUT ROWID")


class SQLiteLedger(Ledger):
    def __init__(self, path: str | Path | None, commit_items: int = 100,
                 commit_seconds: float = 2.0, read_only: bool = False) -> None:
        """``path`` empty: a throwaway file, deleted at close. ``read_only``: for reading
        an existing ledger (export); it writes nothing, not even a -wal/-shm file, so a
        ledger in a folder one may not write can be read."""
        super().__init__(commit_items, commit_seconds)
        self._temporary = not path
        if self._temporary:
            fd, name = tempfile.mkstemp(prefix="newscrawl-store-", suffix=".sqlite3")
            os.close(fd)
            path = name
        self.path = Path(path)
        self.location = str(self.path)
        self._checkpointer: _Checkpointer | None = None
        if read_only:
            self._db = _connect_read_only(self.path)
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Autocommit mode: transactions are opened explicitly.
            self._db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None)
            _wal_mode(self._db)
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA wal_autocheckpoint=0")  # the checkpointer's job
            self._migrate()
        except (OSError, sqlite3.Error) as exc:
            raise LedgerError(f"cannot open {self.location}: {exc}") from exc
        self._checkpointer = _Checkpointer(self.path)

    def _migrate(self) -> None:
        """Make the tables, or bring an older layout up to ``SCHEMA_VERSION``."""
        self._db.execute("BEGIN IMMEDIATE")
        tables = {row[0] for row in self._db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(articles)")}
        if "articles" in tables and "delivered" not in columns:
            # Layout 1 knew no delivery: everything it stored had gone to the feeds.
            self._db.execute(
                "ALTER TABLE articles ADD COLUMN delivered INTEGER NOT NULL DEFAULT 0")
            self._db.execute("UPDATE articles SET delivered = version")
        if "articles" in tables and "emitted" not in columns:
            # Layout 2 left the skip check to per-site files (see import_seen_state): what
            # it delivered counts as delivered by a finished run.
            self._db.execute("ALTER TABLE articles ADD COLUMN emitted TEXT")
            self._db.execute(
                "ALTER TABLE articles ADD COLUMN pending INTEGER NOT NULL DEFAULT 0")
            self._db.execute("UPDATE articles SET emitted = COALESCE(modified, published_utc) "
                             "WHERE delivered > 0")
        if "articles" in tables and "lastmod_known" not in columns:
            # Layout 3 compared a sitemap date with the article's own only.
            self._db.execute("ALTER TABLE articles ADD COLUMN lastmod_fetched TEXT")
            self._db.execute("ALTER TABLE articles ADD COLUMN lastmod_known TEXT")
        for statement in filter(str.strip, _SCHEMA.split(";")):  # in this transaction
            self._db.execute(statement)
        self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        self._db.execute("COMMIT")

    def _execute(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Cursor:
        try:
            return self._db.execute(sql, tuple(params))
        except sqlite3.Error as exc:
            raise LedgerError(str(exc)) from exc

    def _executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        try:
            self._db.executemany(sql, rows)
        except sqlite3.Error as exc:
            raise LedgerError(str(exc)) from exc

    def _in_transaction(self) -> bool:
        return self._db.in_transaction

    def _start_transaction(self) -> None:
        self._execute("BEGIN IMMEDIATE")

    def _commit_transaction(self) -> None:
        self._execute("COMMIT")
        if self._checkpointer is not None:
            self._checkpointer.wake()

    def _rollback_transaction(self) -> None:
        self._execute("ROLLBACK")

    def close(self) -> None:
        """Commit and close (a second call does nothing); a throwaway file is deleted."""
        if self._db is None:
            return
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


def _connect_read_only(path: Path) -> sqlite3.Connection:
    # A crawl that has the ledger open keeps its latest commits in the -wal file: read
    # through it (mode=ro). Without a -wal file nobody is writing (the last connection to
    # close removes it) and the file holds every commit: immutable=1 reads it without
    # making -wal/-shm files, which a read-only folder refuses and which, made by another
    # user, a later crawl could not write. (A crawl that starts writing during such an
    # export may make it fail: the export is then run again.)
    wal = Path(f"{path}-wal").exists()
    uri = f"{path.resolve().as_uri()}?mode=ro{'' if wal else '&immutable=1'}"
    try:
        return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT, isolation_level=None)
    except sqlite3.Error as exc:
        raise LedgerError(f"{path}: {exc}") from exc


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
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
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


def _wal_mode(db: sqlite3.Connection) -> None:
    """The file in WAL mode. SQLite answers "database is locked" at once, without the
    busy timeout's wait, to a connection switching a new file to WAL while another one
    does the same (two workers starting together): asked again until the timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
