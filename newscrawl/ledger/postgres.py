"""The shared ledger: PostgreSQL (``NEWSCRAWL_STORE_URL=postgresql://user@host/db``).

Every worker on every machine writes to one ledger: a distributed crawl de-duplicates,
versions and remembers articles as one process does. Concurrent writers are safe: an
article is inserted with ``ON CONFLICT DO NOTHING`` and otherwise updated under a row lock
(``FOR UPDATE``), so two workers saving one article never lose a version; bands and
aliases are upserts. The tables are made on first use, under an advisory lock so that
workers starting together do not race.

A write that fails (the server went away, a lost connection) fails the crawl as a full
disk does with SQLite: the pipeline stops the crawl in one line, nothing unstored reaches
the feeds, and the next run fetches what was not recorded.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

try:
    import psycopg
    from psycopg.pq import TransactionStatus
except ImportError:  # pragma: no cover - a SQLite-only install
    psycopg = None

from newscrawl.ledger import SCHEMA, Ledger, LedgerError

# pg_advisory_xact_lock's key for making the tables: any constant of this project's own.
_SCHEMA_LOCK = 0x6E657773  # "news"
_SCHEMA = SCHEMA.format(id="BIGSERIAL PRIMARY KEY", blob="BYTEA",
                        real="DOUBLE PRECISION", integer="BIGINT", without_rowid="")


# Columns of ``articles`` newer than the first PostgreSQL ledger.
_ADDED_COLUMNS = ("lastmod_fetched TEXT", "lastmod_known TEXT")


def _label(url: str) -> str:
    """The server and database of a URL, without its password (for messages)."""
    parts = urlsplit(url)
    return f"postgresql://{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}" \
           f"{parts.path}"


class PostgresLedger(Ledger):
    lock_row = " FOR UPDATE"

    def __init__(self, url: str, commit_items: int = 100, commit_seconds: float = 2.0,
                 read_only: bool = False) -> None:
        super().__init__(commit_items, commit_seconds)
        self.location = _label(url)
        if psycopg is None:
            raise LedgerError("NEWSCRAWL_STORE_URL names PostgreSQL, but psycopg is not "
                              "installed: pip install 'psycopg[binary]'")
        try:
            # Autocommit: transactions are opened explicitly, as with SQLite, so that
            # the transaction status says whether one is open.
            self._db = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise LedgerError(f"cannot connect to {self.location}: {exc}") from exc
        if not read_only:
            self._execute("BEGIN")
            self._execute("SELECT pg_advisory_xact_lock(?)", (_SCHEMA_LOCK,))
            for statement in filter(str.strip, _SCHEMA.split(";")):
                self._execute(statement)
            for column in _ADDED_COLUMNS:  # to a ledger an older newscrawl made
                self._execute(f"ALTER TABLE articles ADD COLUMN IF NOT EXISTS {column}")
            self._execute("COMMIT")

    def _execute(self, sql: str, params: Iterable[Any] = ()) -> Any:
        try:
            return self._db.execute(sql.replace("?", "%s"), tuple(params))
        except psycopg.Error as exc:
            raise LedgerError(str(exc)) from exc

    def _executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        try:
            with self._db.cursor() as cursor:
                cursor.executemany(sql.replace("?", "%s"), rows)
        except psycopg.Error as exc:
            raise LedgerError(str(exc)) from exc

    def _in_transaction(self) -> bool:
        # A lost connection reports UNKNOWN: whatever the transaction held is gone.
        return self._db.info.transaction_status in (TransactionStatus.INTRANS,
                                                    TransactionStatus.INERROR)

    def _start_transaction(self) -> None:
        self._execute("BEGIN")

    def _commit_transaction(self) -> None:
        self._execute("COMMIT")

    def _rollback_transaction(self) -> None:
        self._execute("ROLLBACK")

    def close(self) -> None:
        """Commit and close (a second call does nothing)."""
        if self._db.closed:
            return
        try:
            if not self._db.broken:
                self.commit()
        finally:
            self._db.close()
